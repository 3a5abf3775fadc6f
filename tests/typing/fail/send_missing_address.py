"""A sent message needs an ``address``."""

from amgi_types import MessageSendEvent

event: MessageSendEvent = {"type": "message.send", "headers": [], "payload": b"{}"}  # expect-error
