"""Only the message scope has an ``address``: narrow ``Scope`` first."""

from amgi_types import Scope


def address(scope: Scope) -> str:
    return scope["address"]  # expect-error
