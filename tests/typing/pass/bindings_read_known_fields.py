"""Reading a known protocol's field gives that field's type, not ``Any``."""

from amgi_types import MessageReceiveEvent, MessageSendEvent


def kafka_key(message: MessageReceiveEvent) -> bytes | None:
    return message.get("bindings", {}).get("kafka", {}).get("key")


def kafka_position(message: MessageReceiveEvent) -> tuple[int, int] | None:
    kafka = message.get("bindings", {}).get("kafka", {})
    if "partition" in kafka and "offset" in kafka:
        return kafka["partition"], kafka["offset"]
    return None


def reply_address(message: MessageReceiveEvent) -> str | None:
    amqp = message.get("bindings", {}).get("amqp", {})
    return amqp.get("reply_to")


def persistent(message: MessageReceiveEvent) -> bool:
    return message.get("bindings", {}).get("amqp", {}).get("delivery_mode") == 2


def publish_qos(event: MessageSendEvent) -> int:
    """What an MQTT server reads from a send event; missing means 0."""
    qos: int = event.get("bindings", {}).get("mqtt", {}).get("qos", 0)
    return qos


def delay(event: MessageSendEvent) -> int:
    return event.get("bindings", {}).get("sqs", {}).get("delay_seconds", 0)
