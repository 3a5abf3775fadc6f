"""The issue's motivating bug: a Kafka key is bytes (or None), never text, on send and on receive."""

from amgi_types import AMGISendCallable, MessageReceiveEvent, MessageSendEvent

send_event: MessageSendEvent = {"type": "message.send", "address": "a", "headers": [], "bindings": {"kafka": {"key": "not-bytes"}}}  # expect-error
receive_event: MessageReceiveEvent = {"type": "message.receive", "id": "1", "headers": [], "bindings": {"kafka": {"key": "not-bytes"}}}  # expect-error


async def forward(send: AMGISendCallable) -> None:
    # Written straight into the call, where send() takes any send event.
    await send({"type": "message.send", "address": "a", "headers": [], "bindings": {"kafka": {"key": "not-bytes"}}})  # expect-error
