"""A server fills the receive-side bindings of each known protocol, one protocol per message."""

from amgi_types import MessageReceiveBindings, MessageReceiveEvent

kafka: MessageReceiveEvent = {
    "type": "message.receive",
    "id": "invoices:0:42",
    "headers": [],
    "payload": b"{}",
    "bindings": {
        "kafka": {"key": None, "partition": 0, "offset": 42, "timestamp": 1_700_000_000.123}
    },
}

amqp: MessageReceiveEvent = {
    "type": "message.receive",
    "id": "1",
    "headers": [],
    "bindings": {
        "amqp": {
            "exchange": "",
            "routing_key": "invoices",
            "message_id": None,
            "correlation_id": None,
            "reply_to": None,
            "content_type": None,
            "content_encoding": None,
            "delivery_mode": 1,
            "priority": 0,
            "expiration": None,
            "timestamp": None,
            "message_type": None,
            "user_id": None,
            "app_id": None,
        }
    },
}

mqtt: MessageReceiveEvent = {
    "type": "message.receive",
    "id": "2",
    "headers": [],
    "bindings": {"mqtt": {"qos": 2, "retain": True}},
}

sqs: MessageReceiveEvent = {
    "type": "message.receive",
    "id": "receipt-handle",
    "headers": [],
    "bindings": {"sqs": {"message_group_id": "acme", "message_deduplication_id": "inv-7"}},
}


def protocol_bindings(protocol: str) -> MessageReceiveBindings:
    """Each protocol without message fields still has its (empty) entry."""
    if protocol == "redis":
        return {"redis": {}}
    if protocol == "nats":
        return {"nats": {}}
    if protocol == "sns":
        return {"sns": {}}
    return {"googlepubsub": {"ordering_key": "acme"}}
