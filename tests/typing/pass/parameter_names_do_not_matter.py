"""An application's parameter names are its own: the protocols are positional-only.

An extra parameter with a default does not stop a function being an application.
"""

from amgi_types import (
    AMGIApplication,
    AMGIReceiveCallable,
    AMGISendCallable,
    AMGISendEvent,
    Scope,
)


async def short_names(s: Scope, r: AMGIReceiveCallable, w: AMGISendCallable) -> None:
    await r()


async def positional_only(scope: Scope, rx: AMGIReceiveCallable, tx: AMGISendCallable, /) -> None:
    await rx()


async def with_optional_extra(
    scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable, retries: int = 3
) -> None:
    await receive()


class Handler:
    async def __call__(
        self, ctx: Scope, incoming: AMGIReceiveCallable, outgoing: AMGISendCallable
    ) -> None:
        await incoming()


async def emit(message: AMGISendEvent) -> None: ...


apps: list[AMGIApplication] = [short_names, positional_only, with_optional_extra, Handler()]
sender: AMGISendCallable = emit
