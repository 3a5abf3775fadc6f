"""Every event of the message protocol's ``send``, including multi-protocol bindings."""

from amgi_types import (
    AMGISendEvent,
    MessageAckEvent,
    MessageNackEvent,
    MessageSendEvent,
)

ack: MessageAckEvent = {"type": "message.ack", "id": "7"}
nack: MessageNackEvent = {"type": "message.nack", "id": "8", "message": "invalid JSON"}
send: MessageSendEvent = {
    "type": "message.send",
    "address": "invoices",
    "headers": [(b"tenant", b"acme")],
    "payload": b"{}",
    "bindings": {
        "kafka": {"key": b"acme"},
        "amqp": {"delivery_mode": 2},
    },
}
tombstone_key: MessageSendEvent = {
    "type": "message.send",
    "address": "invoices",
    "headers": [],
    "bindings": {"kafka": {"key": None}},
}
events: list[AMGISendEvent] = [ack, nack, send, tombstone_key]
