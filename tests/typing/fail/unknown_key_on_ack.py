"""An event has exactly its spec's keys: an extra key is rejected."""

from amgi_types import MessageAckEvent

ack: MessageAckEvent = {"type": "message.ack", "id": "1", "requeue": False}  # expect-error
