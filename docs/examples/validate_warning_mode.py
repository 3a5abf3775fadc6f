"""Warning mode: a staging run reports each violation and carries on."""

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
from amgi_types.validate import ValidationWarning, validator


async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    """Receives the whole batch, then acks it newest first: out of delivery
    order, which the server did not allow."""
    if scope["type"] != "message":
        return
    ids: list[str] = []
    more_messages = True
    while more_messages:
        message = await receive()
        if message["type"] != "message.receive":
            raise RuntimeError(f"unexpected {message['type']!r} event in a message batch")
        ids.append(message["id"])
        more_messages = message.get("more_messages", False)
    for message_id in reversed(ids):
        await send({"type": "message.ack", "id": message_id})


async def deliver(batch: list[MessageReceiveEvent]) -> list[AMGISendEvent]:
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

    await validator(app, strict=False)(scope, receive, send)
    return sent


def main() -> None:
    batch: list[MessageReceiveEvent] = [
        {"type": "message.receive", "id": "m1", "headers": [], "more_messages": True},
        {"type": "message.receive", "id": "m2", "headers": []},
    ]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ValidationWarning)
        sent = asyncio.run(deliver(batch))
    for warning in caught:
        print(f"{warning.category.__name__}: {warning.message}")
    # Everything was passed on all the same.
    print(f"the server got {len(sent)} acks")


if __name__ == "__main__":
    main()
