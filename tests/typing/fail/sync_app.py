"""An application is awaited: a plain function is not one."""

from amgi_types import AMGIApplication, AMGIReceiveCallable, AMGISendCallable, Scope


def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    pass


application: AMGIApplication = app  # expect-error
