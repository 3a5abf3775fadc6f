"""A server passes scope, receive and send by position: parameter names are the app's own."""

from amgi_types import AMGIApplication, AMGIReceiveCallable, AMGISendCallable, Scope


async def serve(app: AMGIApplication, scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    await app(scope=scope, receive=receive, send=send)  # expect-error
