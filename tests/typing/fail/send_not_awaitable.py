"""``send`` is awaited: a server cannot hand an app a plain function."""

from amgi_types import (
    AMGIApplication,
    AMGIReceiveEvent,
    AMGISendEvent,
    LifespanScope,
)


async def receive() -> AMGIReceiveEvent:
    return {"type": "lifespan.startup"}


def send(event: AMGISendEvent) -> None:
    print(event)


async def serve(app: AMGIApplication, scope: LifespanScope) -> None:
    await app(scope, receive, send)  # expect-error
