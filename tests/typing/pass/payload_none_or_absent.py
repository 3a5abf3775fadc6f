"""A payload may be bytes, ``None``, or absent (absent means ``None``)."""

from amgi_types import MessageReceiveEvent, MessageSendEvent

with_bytes: MessageReceiveEvent = {
    "type": "message.receive",
    "id": "1",
    "headers": [],
    "payload": b"{}",
}
with_none: MessageReceiveEvent = {
    "type": "message.receive",
    "id": "2",
    "headers": [],
    "payload": None,
}
without: MessageReceiveEvent = {"type": "message.receive", "id": "3", "headers": []}
tombstone: MessageSendEvent = {
    "type": "message.send",
    "address": "users",
    "headers": [],
    "payload": None,
}
no_body: MessageSendEvent = {"type": "message.send", "address": "users", "headers": []}
