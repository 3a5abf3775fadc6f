"""``scope["type"]`` narrows ``Scope`` to the message or the lifespan scope."""

from amgi_types import LifespanScope, MessageScope, Scope


def address_of(scope: Scope) -> str | None:
    if scope["type"] == "message":
        return scope["address"]
    return None


def versions(scope: Scope) -> tuple[str, str]:
    return scope["amgi"]["version"], scope["amgi"]["spec_version"]


message_scope: MessageScope = {
    "type": "message",
    "amgi": {"version": "1.0", "spec_version": "1.0"},
    "address": "orders",
}
lifespan_scope: LifespanScope = {
    "type": "lifespan",
    "amgi": {"version": "1.0", "spec_version": "1.0"},
}
scopes: list[Scope] = [message_scope, lifespan_scope]
