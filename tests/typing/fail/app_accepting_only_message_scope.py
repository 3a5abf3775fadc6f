"""The server also calls an application with the lifespan scope: accepting only messages is not enough."""

from amgi_types import AMGIApplication, AMGIReceiveCallable, AMGISendCallable, MessageScope


async def app(scope: MessageScope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    await receive()


application: AMGIApplication = app  # expect-error
