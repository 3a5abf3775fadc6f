"""Optional keys are read with ``.get`` (and its spec default) or after an ``in`` test."""

from amgi_types import MessageReceiveEvent, MessageScope


def payload_or_empty(event: MessageReceiveEvent) -> bytes:
    payload: bytes | None = event.get("payload")
    return payload if payload is not None else b""


def kafka_key(event: MessageReceiveEvent) -> bytes | None:
    return event.get("bindings", {}).get("kafka", {}).get("key")


def last_of_batch(event: MessageReceiveEvent) -> bool:
    more: bool = event.get("more_messages", False)
    return not more


def ack_order_is_free(scope: MessageScope) -> bool:
    return "message.ack.out_of_order" in scope.get("extensions", {})


def state_value(scope: MessageScope, name: str) -> object:
    if "state" in scope:
        return scope["state"].get(name)
    return None
