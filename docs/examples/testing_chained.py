"""Two applications chained in a test: what the first sends, the second receives."""

import pytest

from amgi_types import AMGIReceiveCallable, AMGISendCallable, Scope
from amgi_types.testing import InMemoryServer, Message


async def splitter(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    """Sends each word of a message on to "words", keeping its headers."""
    if scope["type"] != "message":
        raise NotImplementedError("no lifespan")
    more_messages = True
    while more_messages:
        message = await receive()
        if message["type"] != "message.receive":
            raise RuntimeError(f"unexpected {message['type']!r} event in a message batch")
        more_messages = message.get("more_messages", False)
        for word in (message.get("payload") or b"").split():
            await send(
                {
                    "type": "message.send",
                    "address": "words",
                    "headers": message["headers"],
                    "payload": word,
                }
            )
        await send({"type": "message.ack", "id": message["id"]})


async def counter(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    """Counts the words it receives in the lifespan state."""
    if scope["type"] == "lifespan":
        await receive()
        if "state" in scope:
            scope["state"]["counts"] = dict[bytes, int]()
        await send({"type": "lifespan.startup.complete"})
        await receive()
        await send({"type": "lifespan.shutdown.complete"})
        return
    counts: dict[bytes, int] = scope.get("state", {})["counts"]
    more_messages = True
    while more_messages:
        message = await receive()
        if message["type"] != "message.receive":
            raise RuntimeError(f"unexpected {message['type']!r} event in a message batch")
        more_messages = message.get("more_messages", False)
        word = message.get("payload") or b""
        counts[word] = counts.get(word, 0) + 1
        await send({"type": "message.ack", "id": message["id"]})


@pytest.mark.anyio
async def test_the_counter_counts_what_the_splitter_sends() -> None:
    async with InMemoryServer(splitter) as first, InMemoryServer(counter) as second:
        await first.deliver("lines", [b"to be or", Message(b"not to be", [(b"trace", b"t1")])])
        # A received message carries the bindings of one protocol only:
        # which bindings to pass on is the test's choice.
        forwarded = [
            Message(payload=event.get("payload"), headers=event["headers"])
            for event in first.sent("words")
        ]
        result = await second.deliver("words", forwarded)
        result.assert_acked()
        assert second.state["counts"] == {b"to": 2, b"be": 2, b"or": 1, b"not": 1}
