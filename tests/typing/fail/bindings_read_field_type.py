"""A known field read from the bindings has its own type: using it as another is an error."""

from amgi_types import MessageReceiveEvent


def misuse(message: MessageReceiveEvent) -> None:
    key: int | None = message.get("bindings", {}).get("kafka", {}).get("key")  # expect-error
    qos: str | None = message.get("bindings", {}).get("mqtt", {}).get("qos")  # expect-error
    del key, qos
