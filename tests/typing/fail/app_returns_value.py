"""An application returns nothing; the server has nowhere to put a result."""

from amgi_types import AMGIApplication, AMGIReceiveCallable, AMGISendCallable, Scope


async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> int:
    return 0


application: AMGIApplication = app  # expect-error
