"""An object whose ``__call__`` is synchronous is not an application."""

from amgi_types import AMGIApplication, AMGIReceiveCallable, AMGISendCallable, Scope


class App:
    def __call__(self, scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
        pass


application: AMGIApplication = App()  # expect-error
