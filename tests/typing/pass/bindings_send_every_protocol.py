"""An application sends one message with the bindings of every known protocol at once."""

from amgi_types import KafkaSendBindings, MessageSendEvent, SQSSendBindings

event: MessageSendEvent = {
    "type": "message.send",
    "address": "invoices",
    "headers": [(b"tenant", b"acme")],
    "payload": b"{}",
    "bindings": {
        "kafka": {"key": b"acme"},
        "amqp": {
            "exchange": "billing",
            "routing_key": "invoices.created",
            "message_id": "inv-7",
            "correlation_id": None,
            "reply_to": "billing.replies",
            "content_type": "application/json",
            "content_encoding": "gzip",
            "delivery_mode": 2,
            "priority": 5,
            "expiration": 60.0,
            "timestamp": 1_700_000_000.0,
            "message_type": "invoice.created",
            "user_id": "guest",
            "app_id": "billing",
        },
        "mqtt": {
            "qos": 1,
            "retain": False,
            "payload_format_indicator": 1,
            "correlation_data": b"req-7",
            "content_type": "application/json",
            "response_topic": "billing/replies",
            "message_expiry_interval": 300,
        },
        "sqs": {
            "message_group_id": "acme",
            "message_deduplication_id": "inv-7",
            "delay_seconds": 900,
        },
        "googlepubsub": {"ordering_key": "acme"},
        "redis": {},
        "nats": {},
        "sns": {},
    },
}

# A tombstone: a Kafka record whose key is explicitly None.
tombstone: MessageSendEvent = {
    "type": "message.send",
    "address": "invoices",
    "headers": [],
    "bindings": {"kafka": {"key": None}},
}

# Typed protocol values, built before the event, fit its bindings as they are.
kafka: KafkaSendBindings = {"key": b"acme"}
built: MessageSendEvent = {
    "type": "message.send",
    "address": "invoices",
    "headers": [],
    "bindings": {"kafka": kafka, "sqs": SQSSendBindings(delay_seconds=0)},
}
