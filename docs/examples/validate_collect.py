"""A server's test: a well-behaved application, wrapped, finds the server's fault."""

import asyncio
import warnings

from amgi_types import (
    AMGIApplication,
    AMGIReceiveCallable,
    AMGIReceiveEvent,
    AMGISendCallable,
    AMGISendEvent,
    MessageScope,
    Scope,
)
from amgi_types.validate import collect, validator


async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    """Acks every message of the batch."""
    if scope["type"] != "message":
        raise ValueError(f"unsupported scope type {scope['type']!r}")
    more_messages = True
    while more_messages:
        message = await receive()
        if message["type"] != "message.receive":
            raise RuntimeError(f"unexpected {message['type']!r} event in a message batch")
        await send({"type": "message.ack", "id": message["id"]})
        more_messages = message.get("more_messages", False)


LOG: list[Exception] = []


async def serve_one_batch(application: AMGIApplication) -> None:
    """The server under test: it repeats an id (its bug), and, as a server
    should, logs what the application raises and carries on."""
    scope: MessageScope = {
        "type": "message",
        "amgi": {"version": "1.0", "spec_version": "1.0"},
        "address": "orders",
    }
    pending: list[AMGIReceiveEvent] = [
        {"type": "message.receive", "id": "7", "headers": [], "more_messages": True},
        {"type": "message.receive", "id": "7", "headers": []},
    ]

    async def receive() -> AMGIReceiveEvent:
        return pending.pop(0)

    async def send(event: AMGISendEvent) -> None:
        pass

    try:
        await application(scope, receive, send)
    except Exception as exc:
        LOG.append(exc)  # and the batch nacked: the test never sees it


def main() -> None:
    with warnings.catch_warnings(), collect() as violations:
        warnings.simplefilter("ignore")
        asyncio.run(serve_one_batch(validator(app)))
    for violation in violations:
        print(violation.rule, violation.side, repr(violation.message_id))


if __name__ == "__main__":
    main()
