"""Field names are snake_case runtime values, not AsyncAPI's camelCase schema names."""

from amgi_types import AMQPMessageBindings, SQSSendBindings

amqp: AMQPMessageBindings = {"deliveryMode": 2}  # expect-error
amqp_type: AMQPMessageBindings = {"type": "invoice.created"}  # expect-error
sqs = SQSSendBindings(MessageGroupId="g")  # expect-error
