"""An object with an async ``__call__`` is an AMGI application."""

from amgi_types import (
    AMGIApplication,
    AMGIReceiveCallable,
    AMGISendCallable,
    Scope,
)


class EchoApp:
    """Sends every received message on to a fixed address, then acks it."""

    def __init__(self, target: str) -> None:
        self.target = target

    async def __call__(
        self, scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable
    ) -> None:
        if scope["type"] != "message":
            return
        while True:
            event = await receive()
            if event["type"] != "message.receive":
                return
            await send(
                {
                    "type": "message.send",
                    "address": self.target,
                    "headers": event["headers"],
                    "payload": event.get("payload"),
                }
            )
            await send({"type": "message.ack", "id": event["id"]})
            if not event.get("more_messages", False):
                return


application: AMGIApplication = EchoApp("echo")
