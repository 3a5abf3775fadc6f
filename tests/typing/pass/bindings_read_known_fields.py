"""Typed reads are an opt-in: cast the bindings to the protocols' reference TypedDict.

Read through the event, a field is ``Any``; read through
``MessageReceiveBindings`` or ``MessageSendBindings``, it has its own type.
"""

from typing import cast

from amgi_types import (
    MessageReceiveBindings,
    MessageReceiveEvent,
    MessageSendBindings,
    MessageSendEvent,
)


def received(message: MessageReceiveEvent) -> MessageReceiveBindings:
    return cast(MessageReceiveBindings, message.get("bindings", {}))


def kafka_key(message: MessageReceiveEvent) -> bytes | None:
    return received(message).get("kafka", {}).get("key")


def kafka_position(message: MessageReceiveEvent) -> tuple[int, int] | None:
    kafka = received(message).get("kafka", {})
    if "partition" in kafka and "offset" in kafka:
        return kafka["partition"], kafka["offset"]
    return None


def reply_address(message: MessageReceiveEvent) -> str | None:
    return received(message).get("amqp", {}).get("reply_to")


def persistent(message: MessageReceiveEvent) -> bool:
    return received(message).get("amqp", {}).get("delivery_mode") == 2


def publish_qos(event: MessageSendEvent) -> int:
    """What an MQTT server reads from a send event; missing means 0."""
    return cast(MessageSendBindings, event.get("bindings", {})).get("mqtt", {}).get("qos", 0)


def delay(event: MessageSendEvent) -> int:
    return (
        cast(MessageSendBindings, event.get("bindings", {})).get("sqs", {}).get("delay_seconds", 0)
    )
