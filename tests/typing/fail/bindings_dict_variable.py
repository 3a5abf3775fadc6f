"""The price of checking inline bindings: a ``dict[str, dict[str, Any]]`` is not accepted.

No type can reject ``{"kafka": {"key": "text"}}`` written inline and accept a
``dict[str, dict[str, Any]]`` variable under every checker (see the Bindings
page). Such a variable is annotated ``MessageSendBindings`` instead, and code
that reads bindings takes a ``Mapping[str, Any]``.
"""

from typing import Any

from amgi_types import MessageReceiveEvent, MessageSendEvent

bindings: dict[str, dict[str, Any]] = {"kafka": {"key": b"k"}}
send: MessageSendEvent = {"type": "message.send", "address": "a", "headers": [], "bindings": bindings}  # expect-error


def read(message: MessageReceiveEvent) -> None:
    received: dict[str, dict[str, Any]] = message.get("bindings", {})  # expect-error
    del received
