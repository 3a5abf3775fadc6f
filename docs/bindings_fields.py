"""``.. receive-only-bindings::``: the received binding fields a server ignores on send.

Derived from the types: for each protocol of ``MessageReceiveBindings``, the
fields of its received bindings that its bindings to send do not have (Kafka's
partition, offset and timestamp today), each linking to its entry. A protocol
whose bindings are the same both ways has none, and is left out.
"""

from __future__ import annotations

import inspect
import typing
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

import amgi_types
from amgi_types import MessageReceiveBindings, MessageSendBindings


def receive_only_fields() -> dict[str, tuple[type, list[str]]]:
    """Protocol name -> (its received bindings' TypedDict, the fields sending lacks)."""
    received = typing.get_type_hints(MessageReceiveBindings)
    sent = typing.get_type_hints(MessageSendBindings)
    found = {}
    for protocol, receive_type in received.items():
        send_keys = set(getattr(sent.get(protocol), "__annotations__", {}))
        only = [key for key in receive_type.__annotations__ if key not in send_keys]
        if only:
            found[protocol] = (receive_type, only)
    return found


class ReceiveOnlyBindings(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        items = nodes.bullet_list()
        # Rebuilt when the types change, as the key lists are.
        self.env.note_dependency(inspect.getfile(amgi_types))
        for protocol, (receive_type, fields) in receive_only_fields().items():
            paragraph = nodes.paragraph("", "", nodes.literal(text=protocol), nodes.Text(": "))
            for index, field in enumerate(fields):
                if index:
                    paragraph += nodes.Text(", ")
                paragraph += addnodes.pending_xref(
                    "",
                    nodes.literal(text=field),
                    refdomain="std",
                    reftype="typeddict-key",
                    reftarget=f"{receive_type.__name__}.{field}",
                    refexplicit=True,
                )
            items += nodes.list_item("", paragraph)
        return [items]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("receive-only-bindings", ReceiveOnlyBindings)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
