"""Process a batch concurrently, acking in completion order when the server allows it.

It needs a server that runs it under asyncio: it uses ``asyncio.gather``.
"""

import asyncio

from amgi_types import AMGIReceiveCallable, AMGISendCallable, MessageReceiveEvent, Scope


async def handle(message: MessageReceiveEvent) -> None:
    await asyncio.sleep(len(message.get("payload") or b"") / 1000)


async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    if scope["type"] != "message":
        raise NotImplementedError(f"no support for {scope['type']!r} scopes")
    batch: list[MessageReceiveEvent] = []
    more_messages = True
    while more_messages:
        event = await receive()
        if event["type"] != "message.receive":
            raise RuntimeError(f"unexpected {event['type']} event in a message batch")
        batch.append(event)
        more_messages = event.get("more_messages", False)

    if "message.ack.out_of_order" in scope.get("extensions", {}):
        # Ack each message as soon as its handler finishes.
        async def handle_and_ack(message: MessageReceiveEvent) -> None:
            await handle(message)
            await send({"type": "message.ack", "id": message["id"]})

        await asyncio.gather(*(handle_and_ack(message) for message in batch))
    else:
        # Without the extension, acks follow delivery order.
        await asyncio.gather(*(handle(message) for message in batch))
        for message in batch:
            await send({"type": "message.ack", "id": message["id"]})
