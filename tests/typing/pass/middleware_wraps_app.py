"""A class middleware wraps an application and is itself an application."""

from amgi_types import (
    AMGIApplication,
    AMGIReceiveCallable,
    AMGIReceiveEvent,
    AMGISendCallable,
    Scope,
)


class DropEmptyPayloads:
    """Acks messages without a payload instead of passing them to the app."""

    def __init__(self, app: AMGIApplication) -> None:
        self.app = app

    async def __call__(
        self, scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable
    ) -> None:
        async def filtered_receive() -> AMGIReceiveEvent:
            while True:
                event = await receive()
                if event["type"] != "message.receive" or event.get("payload") is not None:
                    return event
                await send({"type": "message.ack", "id": event["id"]})

        await self.app(scope, filtered_receive, send)


async def inner(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    await receive()


application: AMGIApplication = DropEmptyPayloads(DropEmptyPayloads(inner))
