"""The motivating bug: a Kafka key is bytes (or None), never text, on send and on receive."""

from amgi_types import AMGISendCallable, KafkaReceiveBindings, KafkaSendBindings

send_key: KafkaSendBindings = {"key": "not-bytes"}  # expect-error
receive_key = KafkaReceiveBindings(key="not-bytes")  # expect-error


async def forward(send: AMGISendCallable) -> None:
    # A typed value written straight into the call is still checked.
    await send({"type": "message.send", "address": "a", "headers": [], "bindings": {"kafka": KafkaSendBindings(key="not-bytes")}})  # expect-error
