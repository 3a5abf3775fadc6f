"""An application takes scope, receive and send: no fewer, and no more required ones."""

from amgi_types import AMGIApplication, AMGIReceiveCallable, AMGISendCallable, Scope


async def app(scope: Scope, receive: AMGIReceiveCallable) -> None:
    await receive()


application: AMGIApplication = app  # expect-error


async def app_with_context(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable, context: object) -> None:
    await receive()


application_with_context: AMGIApplication = app_with_context  # expect-error
