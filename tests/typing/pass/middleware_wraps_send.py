"""A middleware that wraps ``send`` to count acks before passing them on."""

from amgi_types import (
    AMGIApplication,
    AMGIReceiveCallable,
    AMGISendCallable,
    AMGISendEvent,
    Scope,
)


def counting(app: AMGIApplication, counts: dict[str, int]) -> AMGIApplication:
    async def wrapped(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
        async def counting_send(event: AMGISendEvent) -> None:
            counts[event["type"]] = counts.get(event["type"], 0) + 1
            await send(event)

        await app(scope, receive, counting_send)

    return wrapped
