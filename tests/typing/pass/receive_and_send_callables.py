"""Coroutine functions, callable objects and Awaitable-returning functions fit receive and send.

A receive that only ever returns messages fits too: its result is one of the
events ``receive()`` may return.
"""

import asyncio
from collections.abc import Awaitable

from amgi_types import (
    AMGIReceiveCallable,
    AMGIReceiveEvent,
    AMGISendCallable,
    AMGISendEvent,
    MessageReceiveEvent,
)


async def receive_shutdown() -> AMGIReceiveEvent:
    return {"type": "lifespan.shutdown"}


async def receive_message() -> MessageReceiveEvent:
    return {"type": "message.receive", "id": "1", "headers": []}


class Queue:
    def __init__(self) -> None:
        self.events: asyncio.Queue[AMGISendEvent] = asyncio.Queue()

    async def __call__(self, event: AMGISendEvent, /) -> None:
        await self.events.put(event)


def send_later(event: AMGISendEvent) -> Awaitable[None]:
    future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    future.set_result(None)
    return future


receivers: list[AMGIReceiveCallable] = [receive_shutdown, receive_message]
senders: list[AMGISendCallable] = [Queue(), send_later]
