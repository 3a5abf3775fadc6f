"""Headers are byte pairs, not a header block as one string."""

from amgi_types import MessageSendEvent

event: MessageSendEvent = {"type": "message.send", "address": "a", "headers": "content-type: text/plain"}  # expect-error
