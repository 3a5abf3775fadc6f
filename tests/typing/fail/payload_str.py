"""A payload is bytes (or None), never text."""

from amgi_types import MessageSendEvent

event: MessageSendEvent = {"type": "message.send", "address": "a", "headers": [], "payload": "text"}  # expect-error
