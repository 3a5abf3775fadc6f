"""Received headers are a read-only sequence: an app cannot append to them."""

from amgi_types import MessageReceiveEvent


def tag(event: MessageReceiveEvent) -> None:
    event["headers"].append((b"seen", b"1"))  # expect-error
