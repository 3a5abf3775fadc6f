"""A server advertises what a nack does; an application reads it before it nacks."""

from amgi_types import MessageExtensions, MessageNackOutcomeExtension, MessageScope

scope: MessageScope = {
    "type": "message",
    "amgi": {"version": "1.0", "spec_version": "1.0"},
    "address": "payments",
    "extensions": {"message.nack.outcome": {"outcome": "dead_letter"}},
}

typed: MessageExtensions = {"message.nack.outcome": {"outcome": "redeliver"}}
dropped: MessageNackOutcomeExtension = {"outcome": "drop"}


def nack_is_redelivered(scope: MessageScope) -> bool | None:
    """None when the server does not say what a nack does."""
    parameters = scope.get("extensions", {}).get("message.nack.outcome")
    return None if parameters is None else parameters.get("outcome") == "redeliver"
