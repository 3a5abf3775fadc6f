"""``more_messages`` is a bool, not a string flag."""

from amgi_types import MessageReceiveEvent

event: MessageReceiveEvent = {"type": "message.receive", "id": "1", "headers": [], "more_messages": "false"}  # expect-error
