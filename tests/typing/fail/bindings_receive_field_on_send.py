"""Send and receive bindings differ: what a consumer record gives cannot be sent."""

from amgi_types import MessageReceiveEvent, MessageSendEvent

kafka: MessageSendEvent = {"type": "message.send", "address": "a", "headers": [], "bindings": {"kafka": {"key": None, "partition": 0}}}  # expect-error
sqs: MessageReceiveEvent = {"type": "message.receive", "id": "1", "headers": [], "bindings": {"sqs": {"delay_seconds": 5}}}  # expect-error
