"""Every typed protocol's fields are checked, in an annotated variable and in its constructor."""

from amgi_types import (
    AMQPMessageBindings,
    GooglePubSubMessageBindings,
    KafkaReceiveBindings,
    MQTTMessageBindings,
    SQSSendBindings,
)

amqp_mode: AMQPMessageBindings = {"delivery_mode": 3}  # expect-error
amqp_priority = AMQPMessageBindings(priority="high")  # expect-error
amqp_timestamp: AMQPMessageBindings = {"timestamp": "2024-01-01"}  # expect-error
amqp_expiration = AMQPMessageBindings(expiration="60000")  # expect-error
mqtt_qos: MQTTMessageBindings = {"qos": 3}  # expect-error
mqtt_correlation = MQTTMessageBindings(correlation_data="req-7")  # expect-error
sqs_delay: SQSSendBindings = {"delay_seconds": "10"}  # expect-error
pubsub_key = GooglePubSubMessageBindings(ordering_key=7)  # expect-error
kafka_offset: KafkaReceiveBindings = {"offset": "42"}  # expect-error
