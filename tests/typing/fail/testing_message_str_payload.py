"""A message delivered by amgi_types.testing carries bytes, never text."""

from amgi_types.testing import Message

message = Message(payload="text")  # expect-error
