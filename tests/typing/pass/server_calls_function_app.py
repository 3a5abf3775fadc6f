"""A server builds a scope and events and awaits a coroutine-function app."""

import asyncio

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
    event = await receive()
    if event["type"] == "message.receive":
        await send({"type": "message.ack", "id": event["id"]})


async def serve(
    application: AMGIApplication, topic: str, records: list[bytes]
) -> list[AMGISendEvent]:
    scope: MessageScope = {
        "type": "message",
        "amgi": {"version": "1.0", "spec_version": "1.0"},
        "address": topic,
        "extensions": {"message.ack.out_of_order": {}},
    }
    events: list[MessageReceiveEvent] = [
        {
            "type": "message.receive",
            "id": str(offset),
            "headers": [(b"offset", str(offset).encode())],
            "payload": record,
            "more_messages": offset < len(records) - 1,
        }
        for offset, record in enumerate(records)
    ]
    batch = iter(events)
    sent: list[AMGISendEvent] = []

    async def receive() -> AMGIReceiveEvent:
        return next(batch)

    async def send(event: AMGISendEvent) -> None:
        sent.append(event)

    await application(scope, receive, send)
    return sent


if __name__ == "__main__":
    print(asyncio.run(serve(app, "orders", [b"a", b"b"])))
