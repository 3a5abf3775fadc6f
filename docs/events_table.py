"""The table of events that opens each protocol page, and the quick reference.

``.. events-table:: dotted.path.to.Union`` gives one row per event of the
union, in the union's order: its ``type`` string linking to its key list, its
direction, its other required keys and its optional keys (each linking to its
entry in the key list) and the first line of its docstring. The direction is
read from the specification's own unions, so it cannot disagree with the
types: an event of ``AMGIReceiveEvent`` is returned by ``receive()``, one of
``AMGISendEvent`` is given to ``send()``. Option ``:page:`` adds a column with
the page that specifies each event, for the quick reference of every event.
"""

from __future__ import annotations

import importlib
import inspect
import typing
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

import amgi_types
from amgi_types._typeddict import is_typeddict

_DIRECTIONS = (
    (amgi_types.AMGIReceiveEvent, "to the application, by ", "receive()"),
    (amgi_types.AMGISendEvent, "to the server, by ", "send()"),
)


class _NotAnEvent(Exception):
    """A member of the union that is not an event of the specification."""


def _direction(event: type) -> list[nodes.Node]:
    for union, words, callable_name in _DIRECTIONS:
        if event in typing.get_args(union):
            return [nodes.Text(words), nodes.literal(text=callable_name)]
    raise _NotAnEvent(f"{event.__name__} is in neither AMGIReceiveEvent nor AMGISendEvent")


def _type_string(event: type) -> str:
    values = typing.get_args(typing.get_type_hints(event).get("type"))
    if len(values) != 1 or not isinstance(values[0], str):
        raise _NotAnEvent(f"{event.__name__} has no literal string 'type' key")
    return values[0]


def _xref(domain: str, reftype: str, target: str, child: nodes.Node, explicit: bool = True) -> addnodes.pending_xref:
    return addnodes.pending_xref(
        "", child, refdomain=domain, reftype=reftype, reftarget=target, refexplicit=explicit
    )


def _keys(event: type, required: bool) -> list[nodes.Node]:
    """The keys other than ``type``, in declaration order, each linking to its entry."""
    keyset: frozenset[str] = getattr(event, "__required_keys__" if required else "__optional_keys__")
    names = [key for key in event.__annotations__ if key in keyset and key != "type"]
    result: list[nodes.Node] = []
    for index, key in enumerate(names):
        if index:
            result.append(nodes.Text(", "))
        target = f"{event.__name__}.{key}"
        result.append(_xref("std", "typeddict-key", target, nodes.literal(text=key)))
    return result or [nodes.Text("—")]


class EventsTable(SphinxDirective):
    required_arguments = 1
    option_spec = {"page": directives.flag}

    def run(self) -> list[nodes.Node]:
        module, _dot, name = self.arguments[0].rpartition(".")
        try:
            union = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError, ValueError) as error:
            raise self.error(f"events-table: cannot import {self.arguments[0]!r}: {error}") from None
        events = typing.get_args(union)
        if not events or not all(is_typeddict(event) for event in events):
            raise self.error(f"events-table: {self.arguments[0]!r} is not a union of TypedDicts")
        # Rebuilt when the types change, as the key lists are.
        self.env.note_dependency(inspect.getfile(amgi_types))
        headers = ["Event type", "Direction", "Required keys", "Optional keys", "Meaning"]
        widths = [22, 22, 16, 14, 26]
        if "page" in self.options:
            headers.append("Page")
            widths.append(12)
        group = nodes.tgroup(cols=len(headers))
        group += [nodes.colspec(colwidth=width) for width in widths]
        group += nodes.thead("", self._row([[nodes.Text(header)] for header in headers]))
        body = nodes.tbody()
        for event in events:
            try:
                body += self._row(self._cells(event))
            except _NotAnEvent as error:
                raise self.error(f"events-table: {self.arguments[0]!r}: {error}") from None
        group += body
        table = nodes.table("", group, classes=["amgi-events-table"])
        self.set_source_info(table)
        return [table]

    def _cells(self, event: type) -> list[list[nodes.Node]]:
        type_string = _type_string(event)
        link = _xref("py", "class", f"amgi_types.{event.__name__}", nodes.literal(text=f'"{type_string}"'))
        summary = inspect.cleandoc(event.__doc__ or "").partition("\n")[0]
        meaning, messages = self.state.inline_text(summary, self.lineno)
        cells: list[list[nodes.Node]] = [
            [link], _direction(event), _keys(event, True), _keys(event, False), [*meaning, *messages]
        ]
        if "page" in self.options:
            page = type_string.partition(".")[0]
            # Not explicit: the link shows the page's title.
            cells.append([_xref("std", "doc", f"/{page}", nodes.inline(), explicit=False)])
        return cells

    @staticmethod
    def _row(cells: list[list[nodes.Node]]) -> nodes.row:
        return nodes.row("", *(nodes.entry("", nodes.paragraph("", "", *cell)) for cell in cells))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("events-table", EventsTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
