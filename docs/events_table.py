"""The table of events that opens each protocol page, and the quick reference.

``.. events-table:: dotted.path.to.Union`` is the extension's
``typeddict-table`` with the columns a protocol's reader needs: each event's
``type`` string linking to its key list, its direction, its other required
keys and its optional keys (each linking to its entry in the key list) and
the summary of its docstring. The direction is read from the specification's
own unions, so it cannot disagree with the types: an event of
``AMGIReceiveEvent`` is returned by ``receive()``, one of ``AMGISendEvent``
is given to ``send()``. Option ``:page:`` adds a column with the page that
specifies each event, for the quick reference of every event.
"""

from __future__ import annotations

import typing
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx

import amgi_types
from amgi_types.sphinxext import TypedDictTableDirective, _entry

_DIRECTIONS = (
    (amgi_types.AMGIReceiveEvent, "to the application, by ", "receive()"),
    (amgi_types.AMGISendEvent, "to the server, by ", "send()"),
)


def _xref(
    domain: str, reftype: str, target: str, child: nodes.Node, explicit: bool = True
) -> addnodes.pending_xref:
    return addnodes.pending_xref(
        "", child, refdomain=domain, reftype=reftype, reftarget=target, refexplicit=explicit
    )


class EventsTable(TypedDictTableDirective):
    option_spec = {"page": directives.flag}  # noqa: RUF012 (docutils' own class attribute)
    table_class = "amgi-events-table"

    def columns(self) -> list[tuple[str, int]]:
        columns = [
            ("Event type", 22),
            ("Direction", 22),
            ("Required keys", 16),
            ("Optional keys", 14),
            ("Meaning", 26),
        ]
        return [*columns, ("Page", 12)] if "page" in self.options else columns

    def member_cells(self, member: type) -> list[nodes.entry]:
        link, required, optional, meaning = super().member_cells(member)
        cells = [link, _entry(self._direction(member)), required, optional, meaning]
        if "page" in self.options:
            page = typing.get_args(typing.get_type_hints(member).get("type"))[0].partition(".")[0]
            # Not explicit: the link shows the page's title.
            cells.append(_entry([_xref("std", "doc", f"/{page}", nodes.inline(), explicit=False)]))
        return cells

    def key_names(self, member: type, keys: list[str]) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        for key in keys:
            if result:
                result.append(nodes.Text(", "))
            result.append(
                _xref("std", "typeddict-key", f"{member.__name__}.{key}", nodes.literal(text=key))
            )
        return result or [nodes.Text("—")]

    def _direction(self, event: type) -> list[nodes.Node]:
        for union, words, callable_name in _DIRECTIONS:
            if event in typing.get_args(union):
                return [nodes.Text(words), nodes.literal(text=callable_name)]
        self._warn(
            "not_an_event",
            f"{self.name}: {event.__name__} is in neither AMGIReceiveEvent nor AMGISendEvent",
        )
        return [nodes.Text("—")]


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("amgi_types.sphinxext")
    app.add_directive("events-table", EventsTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
