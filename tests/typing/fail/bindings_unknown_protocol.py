"""Bindings of a protocol the package does not know are allowed (PEP 728 ``extra_items``).

mypy does not implement ``extra_items`` and treats the bindings as closed: it
alone rejects them. Reading them back is accepted by every checker.
"""

from amgi_types import MessageReceiveEvent, MessageSendEvent

send: MessageSendEvent = {"type": "message.send", "address": "a", "headers": [], "bindings": {"kafka": {"key": None}, "stomp": {"persistent": "true"}}}  # expect-error: mypy
receive: MessageReceiveEvent = {"type": "message.receive", "id": "1", "headers": [], "bindings": {"stomp": {"subscription": "0"}}}  # expect-error: mypy


def stomp_subscription(message: MessageReceiveEvent) -> bool:
    return message.get("bindings", {}).get("stomp") is not None
