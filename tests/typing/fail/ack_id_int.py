"""A message id is a string, even when the broker counts offsets."""

from amgi_types import MessageAckEvent

offset = 42
ack: MessageAckEvent = {"type": "message.ack", "id": offset}  # expect-error
