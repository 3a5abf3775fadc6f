"""Send and receive bindings differ: what a consumer record gives is not a field to send."""

from amgi_types import KafkaSendBindings, SQSReceiveBindings

kafka: KafkaSendBindings = {"key": None, "partition": 0}  # expect-error
sqs = SQSReceiveBindings(delay_seconds=5)  # expect-error
