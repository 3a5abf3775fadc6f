"""Every known protocol's fields are checked where the event is written inline."""

from amgi_types import MessageReceiveEvent, MessageSendEvent

amqp_mode: MessageSendEvent = {"type": "message.send", "address": "a", "headers": [], "bindings": {"amqp": {"delivery_mode": 3}}}  # expect-error
amqp_priority: MessageSendEvent = {"type": "message.send", "address": "a", "headers": [], "bindings": {"amqp": {"priority": "high"}}}  # expect-error
amqp_timestamp: MessageSendEvent = {"type": "message.send", "address": "a", "headers": [], "bindings": {"amqp": {"timestamp": "2024-01-01"}}}  # expect-error
mqtt_qos: MessageSendEvent = {"type": "message.send", "address": "a", "headers": [], "bindings": {"mqtt": {"qos": 3}}}  # expect-error
mqtt_correlation: MessageSendEvent = {"type": "message.send", "address": "a", "headers": [], "bindings": {"mqtt": {"correlation_data": "req-7"}}}  # expect-error
sqs_delay: MessageSendEvent = {"type": "message.send", "address": "a", "headers": [], "bindings": {"sqs": {"delay_seconds": "10"}}}  # expect-error
pubsub_key: MessageSendEvent = {"type": "message.send", "address": "a", "headers": [], "bindings": {"googlepubsub": {"ordering_key": 7}}}  # expect-error
kafka_offset: MessageReceiveEvent = {"type": "message.receive", "id": "1", "headers": [], "bindings": {"kafka": {"offset": "42"}}}  # expect-error
