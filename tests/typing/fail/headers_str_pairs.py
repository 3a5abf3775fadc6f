"""Header names and values are bytes, not str."""

from amgi_types import MessageReceiveEvent

event: MessageReceiveEvent = {"type": "message.receive", "id": "1", "headers": [("content-type", "text/plain")]}  # expect-error
