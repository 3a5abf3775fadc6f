"""One batch of three messages, delivered by a protocol server kept in memory.

Run it to print what the server and the application exchange::

    python docs/examples/batch_sequence.py
"""

import asyncio
import json
import pprint
from collections.abc import Sequence

from amgi_types import (
    AMGIApplication,
    AMGIReceiveCallable,
    AMGIReceiveEvent,
    AMGISendCallable,
    AMGISendEvent,
    MessageReceiveEvent,
    MessageScope,
    Scope,
)


async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    """Ack each message whose payload is JSON, nack the others."""
    if scope["type"] != "message":
        raise NotImplementedError(f"no support for {scope['type']!r} scopes")
    more_messages = True
    while more_messages:
        event = await receive()
        if event["type"] != "message.receive":
            raise RuntimeError(f"unexpected {event['type']} event in a message batch")
        try:
            json.loads(event.get("payload") or b"")
        except ValueError as error:
            await send({"type": "message.nack", "id": event["id"], "message": str(error)})
        else:
            await send({"type": "message.ack", "id": event["id"]})
        more_messages = event.get("more_messages", False)


def show(step: str, value: object) -> None:
    print(step)
    for line in pprint.pformat(value, width=72, sort_dicts=False).splitlines():
        print(" " * 8 + line)


async def deliver_batch(
    app: AMGIApplication, address: str, records: Sequence[tuple[bytes, bytes]]
) -> None:
    """Call ``app`` once with a batch of Kafka ``(key, payload)`` records, printing every event."""
    scope: MessageScope = {
        "type": "message",
        "amgi": {"version": "1.0", "spec_version": "1.0"},
        "address": address,
    }
    first_offset = 41
    batch: list[MessageReceiveEvent] = [
        {
            "type": "message.receive",
            # Kafka has no message ids: topic, partition and offset make one.
            "id": f"{address}-0-{offset}",
            "headers": [(b"content-type", b"application/json")],
            "payload": payload,
            "bindings": {
                "kafka": {
                    "key": key,
                    "partition": 0,
                    "offset": offset,
                    "timestamp": 1767225600.0 + offset,
                }
            },
            "more_messages": offset < first_offset + len(records) - 1,
        }
        for offset, (key, payload) in enumerate(records, start=first_offset)
    ]
    pending = iter(batch)

    async def receive() -> AMGIReceiveEvent:
        event = next(pending)
        show("app:    await receive()", event)
        return event

    async def send(event: AMGISendEvent) -> None:
        show("app:    await send(event)", event)

    show("server: await app(scope, receive, send)", scope)
    await app(scope, receive, send)
    print("server: the application returned; the batch is done")


if __name__ == "__main__":
    records = [(b"customer-7", b'{"n": 1}'), (b"customer-7", b"n=2"), (b"customer-9", b'{"n": 3}')]
    asyncio.run(deliver_batch(app, "orders", records))
