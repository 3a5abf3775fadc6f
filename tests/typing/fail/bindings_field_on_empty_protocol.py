"""Redis, NATS and SNS define no message fields: their bindings are empty."""

from amgi_types import MessageSendBindings

redis: MessageSendBindings = {"redis": {"channel": "invoices"}}  # expect-error
nats: MessageSendBindings = {"nats": {"reply": "inbox.1"}}  # expect-error
sns: MessageSendBindings = {"sns": {"subject": "Invoice"}}  # expect-error
