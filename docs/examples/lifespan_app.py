"""Open a resource at startup, share it through the state, close it at shutdown."""

import sqlite3

from amgi_types import (
    AMGIReceiveCallable,
    AMGISendCallable,
    LifespanScope,
    MessageScope,
    Scope,
)


async def lifespan(
    scope: LifespanScope, receive: AMGIReceiveCallable, send: AMGISendCallable
) -> None:
    while True:
        event = await receive()
        if event["type"] == "lifespan.startup":
            if "state" not in scope:
                message = "this application needs a server that supports state"
                await send({"type": "lifespan.startup.failed", "message": message})
                return
            try:
                scope["state"]["db"] = sqlite3.connect("messages.sqlite3")
                scope["state"]["db"].execute(
                    "CREATE TABLE IF NOT EXISTS seen (address TEXT, payload BLOB)"
                )
            except sqlite3.Error as error:
                await send({"type": "lifespan.startup.failed", "message": str(error)})
                return
            await send({"type": "lifespan.startup.complete"})
        elif event["type"] == "lifespan.shutdown":
            if "state" not in scope:
                await send({"type": "lifespan.shutdown.complete"})
                return
            try:
                scope["state"]["db"].close()
            except sqlite3.Error as error:
                await send({"type": "lifespan.shutdown.failed", "message": str(error)})
            else:
                await send({"type": "lifespan.shutdown.complete"})
            return


async def message(
    scope: MessageScope, receive: AMGIReceiveCallable, send: AMGISendCallable
) -> None:
    if "state" not in scope:
        raise RuntimeError("this application needs a server that supports state")
    # A shallow copy of the lifespan's state: the same connection object.
    db: sqlite3.Connection = scope["state"]["db"]
    more_messages = True
    while more_messages:
        event = await receive()
        if event["type"] != "message.receive":
            raise RuntimeError(f"unexpected {event['type']} event in a message batch")
        # A local SQLite write is short enough to make in the event loop; a
        # slower store is awaited through an async client instead.
        with db:
            row = (scope["address"], event.get("payload"))
            db.execute("INSERT INTO seen VALUES (?, ?)", row)
        await send({"type": "message.ack", "id": event["id"]})
        more_messages = event.get("more_messages", False)


async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    if scope["type"] == "lifespan":
        await lifespan(scope, receive, send)
    else:
        await message(scope, receive, send)
