"""An app that expects a synchronous ``send`` would never await it: not an application."""

from collections.abc import Callable

from amgi_types import AMGIApplication, AMGIReceiveCallable, AMGISendEvent, Scope


async def app(scope: Scope, receive: AMGIReceiveCallable, send: Callable[[AMGISendEvent], None]) -> None:
    await receive()


application: AMGIApplication = app  # expect-error
