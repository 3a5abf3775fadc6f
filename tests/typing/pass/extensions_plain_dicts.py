"""Extensions are the specification's ``dict[str, dict[str, Any]]``: plain dicts of any name fit."""

from typing import Any

from amgi_types import MessageScope


def scope(extensions: dict[str, dict[str, Any]]) -> MessageScope:
    """Extensions built in a plain dict variable."""
    return {
        "type": "message",
        "amgi": {"version": "1.0", "spec_version": "1.0"},
        "address": "a",
        "extensions": extensions,
    }


# An extension the specification does not define, next to one it does.
deadline: MessageScope = {
    "type": "message",
    "amgi": {"version": "1.0", "spec_version": "1.0"},
    "address": "invoices",
    "extensions": {"message.ack.out_of_order": {}, "acme.batch.deadline": {"seconds": 30}},
}


def parameter(scope: MessageScope, extension: str, name: str) -> object:
    """An extension read by a name held in a variable."""
    return scope.get("extensions", {}).get(extension, {}).get(name)


def rescoped(scope: MessageScope, address: str) -> MessageScope:
    """Middleware passes the server's extensions on into the scope it builds."""
    return {
        "type": "message",
        "amgi": scope["amgi"],
        "address": address,
        "extensions": scope.get("extensions", {}),
    }
