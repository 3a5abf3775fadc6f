"""Redis, NATS and SNS define no message fields: their bindings are empty."""

from amgi_types import MessageSendBindings, NATSMessageBindings, RedisMessageBindings, SNSMessageBindings

redis: RedisMessageBindings = {"channel": "invoices"}  # expect-error
nats = NATSMessageBindings(reply="inbox.1")  # expect-error
sns: SNSMessageBindings = {"subject": "Invoice"}  # expect-error
container: MessageSendBindings = {"redis": {"channel": "invoices"}}  # expect-error
