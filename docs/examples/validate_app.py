"""An application with a protocol slip, caught by amgi_types.validate in a test run."""

import asyncio
import warnings

from amgi_types import (
    AMGIReceiveCallable,
    AMGIReceiveEvent,
    AMGISendCallable,
    AMGISendEvent,
    MessageReceiveEvent,
    MessageScope,
    Scope,
)
from amgi_types.validate import ValidationError, ValidationWarning, check_send_event, validator


async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    """Acks every message but the last of each batch: a type checker cannot see it."""
    if scope["type"] != "message":
        return
    more_messages = True
    while more_messages:
        message = await receive()
        if message["type"] != "message.receive":
            raise RuntimeError(f"unexpected {message['type']!r} event in a message batch")
        more_messages = message.get("more_messages", False)
        if more_messages:
            await send({"type": "message.ack", "id": message["id"]})


async def deliver(batch: list[MessageReceiveEvent], strict: bool = True) -> list[AMGISendEvent]:
    """A server in miniature: one batch, kept in memory, through validator(app)."""
    scope: MessageScope = {
        "type": "message",
        "amgi": {"version": "1.0", "spec_version": "1.0"},
        "address": "orders",
    }
    pending = list(batch)
    sent: list[AMGISendEvent] = []

    async def receive() -> AMGIReceiveEvent:
        return pending.pop(0)

    async def send(event: AMGISendEvent) -> None:
        sent.append(event)

    await validator(app, strict=strict)(scope, receive, send)
    return sent


def main() -> None:
    batch: list[MessageReceiveEvent] = [
        {"type": "message.receive", "id": "m1", "headers": [], "more_messages": True},
        {"type": "message.receive", "id": "m2", "headers": [(b"retry", b"0")]},
    ]
    try:
        asyncio.run(deliver(batch))
    except ValidationError as error:
        print(error)

    # In warning mode, as in a staging run, the same slip is a warning and
    # everything is passed on.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ValidationWarning)
        sent = asyncio.run(deliver(batch, strict=False))
    for warning in caught:
        print(f"{warning.category.__name__}: {warning.message}")
    print(f"the server got {len(sent)} ack")

    # Events built by untyped code, here decoded from elsewhere, are checked
    # the same way, with every problem and its path.
    decoded: object = {
        "type": "message.send",
        "address": "audit",
        "headers": [("retry", b"0")],
    }
    try:
        check_send_event(decoded)
    except ValidationError as error:
        print(error)


if __name__ == "__main__":
    main()
