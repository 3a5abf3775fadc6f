"""Bindings are the specification's ``dict[str, dict[str, Any]]``: plain dicts of any protocol fit."""

from typing import Any

from amgi_types import MessageReceiveEvent, MessageSendEvent


def send_event(bindings: dict[str, dict[str, Any]]) -> MessageSendEvent:
    """Bindings built in a plain dict variable, as tests and apps do."""
    return {"type": "message.send", "address": "invoices", "headers": [], "bindings": bindings}


# A protocol this package does not list (Apache Pulsar), next to a listed one.
pulsar: MessageSendEvent = {
    "type": "message.send",
    "address": "invoices",
    "headers": [],
    "bindings": {"kafka": {"key": None}, "pulsar": {"ordering_key": "acme"}},
}
stomp: MessageReceiveEvent = {
    "type": "message.receive",
    "id": "1",
    "headers": [],
    "bindings": {"stomp": {"subscription": "0"}},
}


def dead_letter(message: MessageReceiveEvent) -> MessageSendEvent:
    """A received message's bindings go on, as they are, into a send event."""
    return {
        "type": "message.send",
        "address": "invoices.dead-letter",
        "headers": message["headers"],
        "payload": message.get("payload"),
        "bindings": message.get("bindings", {}),
    }


class ProtocolConsumer:
    """A framework that serves one protocol, named in a variable."""

    def __init__(self, protocol: str) -> None:
        self.protocol = protocol

    def key(self, message: MessageReceiveEvent) -> object:
        return message.get("bindings", {}).get(self.protocol, {}).get("key")

    def fields(self, message: MessageReceiveEvent) -> dict[str, Any]:
        return dict(message.get("bindings", {}).get(self.protocol, {}))
