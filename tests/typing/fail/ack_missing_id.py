"""An ack names the message it acknowledges: ``id`` is required."""

from amgi_types import MessageAckEvent

ack: MessageAckEvent = {"type": "message.ack"}  # expect-error
