"""The issue's motivating bug: a Kafka key is bytes (or None), never text, on send and on receive."""

from amgi_types import MessageReceiveEvent, MessageSendEvent

send: MessageSendEvent = {"type": "message.send", "address": "a", "headers": [], "bindings": {"kafka": {"key": "not-bytes"}}}  # expect-error
receive: MessageReceiveEvent = {"type": "message.receive", "id": "1", "headers": [], "bindings": {"kafka": {"key": "not-bytes"}}}  # expect-error
