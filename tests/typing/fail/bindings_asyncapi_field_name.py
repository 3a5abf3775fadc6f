"""Field names are snake_case runtime values, not AsyncAPI's camelCase schema names."""

from amgi_types import MessageSendEvent

amqp: MessageSendEvent = {"type": "message.send", "address": "a", "headers": [], "bindings": {"amqp": {"deliveryMode": 2}}}  # expect-error
sqs: MessageSendEvent = {"type": "message.send", "address": "a", "headers": [], "bindings": {"sqs": {"MessageGroupId": "g"}}}  # expect-error
