"""Assigning text to an event's payload after construction is rejected too."""

from amgi_types import MessageSendEvent


def fill(event: MessageSendEvent, body: str) -> None:
    event["payload"] = body  # expect-error
