"""Headers are any sequence of byte pairs, so a list and a tuple both fit and can be read twice."""

from amgi_types import MessageReceiveEvent, MessageSendEvent

as_list: MessageSendEvent = {
    "type": "message.send",
    "address": "audit",
    "headers": [(b"content-type", b"application/json"), (b"trace", b"1")],
}
as_tuple: MessageSendEvent = {
    "type": "message.send",
    "address": "audit",
    "headers": ((b"content-type", b"text/plain"),),
}
empty: MessageReceiveEvent = {"type": "message.receive", "id": "0", "headers": ()}


def header_values(event: MessageReceiveEvent, name: bytes) -> list[bytes]:
    names = [key for key, _ in event["headers"]]
    values = [value for key, value in event["headers"] if key == name]
    assert len(values) <= len(names)
    return values


def forward(event: MessageReceiveEvent) -> MessageSendEvent:
    return {"type": "message.send", "address": "copy", "headers": event["headers"]}
