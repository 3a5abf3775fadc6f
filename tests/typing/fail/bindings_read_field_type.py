"""A field read through the protocols' reference TypedDict has its own type."""

from typing import cast

from amgi_types import MessageReceiveBindings, MessageReceiveEvent


def misuse(message: MessageReceiveEvent) -> None:
    bindings = cast(MessageReceiveBindings, message.get("bindings", {}))
    key: int | None = bindings.get("kafka", {}).get("key")  # expect-error
    qos: str | None = bindings.get("mqtt", {}).get("qos")  # expect-error
    del key, qos
