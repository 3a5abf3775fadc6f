"""A server advertises ``message.ack.out_of_order``; an application tests for it."""

from amgi_types import MessageExtensions, MessageScope

scope: MessageScope = {
    "type": "message",
    "amgi": {"version": "1.0", "spec_version": "1.0"},
    "address": "invoices",
    "extensions": {"message.ack.out_of_order": {}},
}

none_advertised: MessageScope = {
    "type": "message",
    "amgi": {"version": "1.0", "spec_version": "1.0"},
    "address": "invoices",
    "extensions": {},
}

extensions: MessageExtensions = {}
extensions["message.ack.out_of_order"] = {}


def acks_in_any_order(scope: MessageScope) -> bool:
    return "message.ack.out_of_order" in scope.get("extensions", {})


def ack_out_of_order_parameters(scope: MessageScope) -> int | None:
    parameters = scope.get("extensions", {}).get("message.ack.out_of_order")
    return None if parameters is None else len(parameters)
