"""A lifespan app fills ``state``; the message scope carries a copy of it."""

from amgi_types import (
    AMGIApplication,
    AMGIReceiveCallable,
    AMGISendCallable,
    LifespanScope,
    MessageScope,
    Scope,
)


class Connection:
    def close(self) -> None: ...


async def lifespan(
    scope: LifespanScope, receive: AMGIReceiveCallable, send: AMGISendCallable
) -> None:
    while True:
        event = await receive()
        if event["type"] == "lifespan.startup":
            if "state" in scope:
                scope["state"]["connection"] = Connection()
            await send({"type": "lifespan.startup.complete"})
        elif event["type"] == "lifespan.shutdown":
            state = scope.get("state", {})
            connection = state.get("connection")
            if isinstance(connection, Connection):
                connection.close()
            await send({"type": "lifespan.shutdown.complete"})
            return


async def messages(
    scope: MessageScope, receive: AMGIReceiveCallable, send: AMGISendCallable
) -> None:
    connection = scope.get("state", {}).get("connection")
    event = await receive()
    if event["type"] == "message.receive":
        if isinstance(connection, Connection):
            await send({"type": "message.ack", "id": event["id"]})
        else:
            await send({"type": "message.nack", "id": event["id"], "message": "no connection"})


async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    if scope["type"] == "lifespan":
        await lifespan(scope, receive, send)
    else:
        await messages(scope, receive, send)


application: AMGIApplication = app
