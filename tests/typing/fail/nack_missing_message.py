"""A nack says why: ``message`` is required."""

from amgi_types import MessageNackEvent

nack: MessageNackEvent = {"type": "message.nack", "id": "1"}  # expect-error
