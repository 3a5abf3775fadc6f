"""Each protocol's bindings, and each extension's parameters, are a mapping of fields."""

from amgi_types import MessageReceiveEvent, MessageScope, MessageSendEvent

key_alone: MessageSendEvent = {"type": "message.send", "address": "a", "headers": [], "bindings": {"kafka": b"key"}}  # expect-error
pairs: MessageReceiveEvent = {"type": "message.receive", "id": "1", "headers": [], "bindings": [("kafka", {})]}  # expect-error
flag: MessageScope = {"type": "message", "amgi": {"version": "1.0", "spec_version": "1.0"}, "address": "a", "extensions": {"message.ack.out_of_order": True}}  # expect-error
