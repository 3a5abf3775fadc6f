"""A class-based application: the instance is the AMGI application."""

from collections import Counter

from amgi_types import (
    AMGIApplication,
    AMGIReceiveCallable,
    AMGISendCallable,
    LifespanScope,
    MessageScope,
    Scope,
)


class AddressCounter:
    """Count the messages consumed from each address, across batches."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    async def __call__(
        self, scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable
    ) -> None:
        if scope["type"] == "lifespan":
            await self.lifespan(scope, receive, send)
        else:
            await self.message(scope, receive, send)

    async def lifespan(
        self, scope: LifespanScope, receive: AMGIReceiveCallable, send: AMGISendCallable
    ) -> None:
        while True:
            event = await receive()
            if event["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif event["type"] == "lifespan.shutdown":
                print(dict(self.counts))
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def message(
        self, scope: MessageScope, receive: AMGIReceiveCallable, send: AMGISendCallable
    ) -> None:
        more_messages = True
        while more_messages:
            event = await receive()
            if event["type"] != "message.receive":
                raise RuntimeError(f"unexpected {event['type']} event in a message batch")
            self.counts[scope["address"]] += 1
            await send({"type": "message.ack", "id": event["id"]})
            more_messages = event.get("more_messages", False)


# The annotation makes the type checker prove the instance is an application.
app: AMGIApplication = AddressCounter()
