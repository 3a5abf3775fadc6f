"""A server awaits an object with an async ``__call__`` through AMGIApplication."""

from amgi_types import (
    AMGIApplication,
    AMGIReceiveCallable,
    AMGIReceiveEvent,
    AMGISendCallable,
    AMGISendEvent,
    LifespanScope,
    Scope,
)


class StartupOnly:
    async def __call__(
        self, scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable
    ) -> None:
        if scope["type"] == "lifespan":
            event = await receive()
            if event["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})


class Server:
    def __init__(self, application: AMGIApplication) -> None:
        self.application = application
        self.pending: list[AMGIReceiveEvent] = [{"type": "lifespan.startup"}]
        self.sent: list[AMGISendEvent] = []

    async def receive(self) -> AMGIReceiveEvent:
        return self.pending.pop(0)

    async def send(self, event: AMGISendEvent) -> None:
        self.sent.append(event)

    async def start(self) -> bool:
        scope: LifespanScope = {
            "type": "lifespan",
            "amgi": {"version": "1.0", "spec_version": "1.0"},
            "state": {},
        }
        await self.application(scope, self.receive, self.send)
        return any(event["type"] == "lifespan.startup.complete" for event in self.sent)


server = Server(StartupOnly())
