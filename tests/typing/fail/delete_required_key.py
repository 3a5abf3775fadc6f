"""A required key cannot be deleted from an event."""

from amgi_types import MessageAckEvent

ack: MessageAckEvent = {"type": "message.ack", "id": "1"}
del ack["id"]  # expect-error
