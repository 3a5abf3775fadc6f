"""Type definitions for AMGI, the Asynchronous Messaging Gateway Interface.

One TypedDict per scope and event of the message and lifespan protocols, the
unions of what ``receive()`` returns and ``send()`` takes, and the callable
protocols of ``receive``, ``send`` and the application.
"""

import sys
from collections.abc import Awaitable, Mapping, Sequence
from typing import Any, Literal, Protocol

# ``NotRequired`` and a TypedDict that honours it reach ``typing`` in 3.11;
# importing typing_extensions on newer interpreters would only cost start-up.
if sys.version_info >= (3, 11):
    from typing import NotRequired, TypedDict
else:
    from typing_extensions import NotRequired, TypedDict

__all__ = [
    "AMGIVersions",
    "MessageExtensions",
    "MessageAckOutOfOrderExtension",
    "MessageNackOutcomeExtension",
    "MessageReceiveBindings",
    "MessageSendBindings",
    "KafkaReceiveBindings",
    "KafkaSendBindings",
    "AMQPMessageBindings",
    "MQTTMessageBindings",
    "SQSReceiveBindings",
    "SQSSendBindings",
    "RedisMessageBindings",
    "NATSMessageBindings",
    "GooglePubSubMessageBindings",
    "SNSMessageBindings",
    "MessageScope",
    "LifespanScope",
    "Scope",
    "MessageReceiveEvent",
    "MessageAckEvent",
    "MessageNackEvent",
    "MessageSendEvent",
    "LifespanStartupEvent",
    "LifespanShutdownEvent",
    "LifespanStartupCompleteEvent",
    "LifespanStartupFailedEvent",
    "LifespanShutdownCompleteEvent",
    "LifespanShutdownFailedEvent",
    "AMGIReceiveEvent",
    "AMGISendEvent",
    "AMGIReceiveCallable",
    "AMGISendCallable",
    "AMGIApplication",
]


class AMGIVersions(TypedDict):
    """The versions of AMGI that a protocol server speaks.

    :var version: The version of the AMGI specification, ``"1.0"``.
    :var spec_version: The version of the sub-specification (message or
        lifespan) that the server understands, such as ``"1.0"``.
    """

    version: Literal["1.0"]
    spec_version: str


class KafkaReceiveBindings(TypedDict, total=False):
    """The Kafka bindings of a received message: what the consumer record holds.

    :var key: The record's key as bytes, or ``None`` for a record without a
        key. Missing means ``None``.
    :var partition: The partition of the topic the record was read from.
    :var offset: The record's offset within its partition.
    :var timestamp: The record's timestamp, in seconds since the Unix epoch
        (Kafka's milliseconds divided by 1000).
    """

    key: bytes | None
    partition: int
    offset: int
    timestamp: float


class KafkaSendBindings(TypedDict, total=False):
    """The Kafka bindings of a message to send.

    :var key: The key to give the record, as bytes, or ``None`` for no key;
        Kafka's partitioner places records of the same key in the same
        partition. Missing means ``None``.
    """

    key: bytes | None


class AMQPMessageBindings(TypedDict, total=False):
    """The AMQP 0-9-1 bindings of a message: its routing and basic properties.

    The same keys serve both directions: the server fills them from a
    delivered message and reads them to publish one. ``None`` and a missing
    key both mean that the property is not set.

    :var exchange: The exchange the message was published to, or is to be
        published to; ``""`` is the default exchange, which is also what a
        server uses when the key is missing.
    :var routing_key: The message's routing key. When sending, missing means
        the event's ``address``.
    :var message_id: The application's identifier of the message.
    :var correlation_id: The identifier of the message this one replies to.
    :var reply_to: The address a reply is to be sent to.
    :var content_type: The MIME type of the payload.
    :var content_encoding: The MIME encoding of the payload, such as ``"gzip"``.
    :var delivery_mode: ``1`` for a transient message, ``2`` for a persistent
        one.
    :var priority: The message's priority, from ``0`` up to the queue's
        maximum (at most ``255``).
    :var expiration: How long the message may wait in a queue, in seconds.
        AMQP carries it as a string of whole milliseconds: a server sends
        ``str(round(expiration * 1000))`` and delivers the received string
        divided by 1000.
    :var timestamp: When the message was created, in seconds since the Unix
        epoch.
    :var message_type: The application's name for the kind of message
        (AMQP's ``type`` property; AsyncAPI's ``messageType``).
    :var user_id: The user that published the message, as the broker checks
        it.
    :var app_id: The application that created the message.
    """

    exchange: str
    routing_key: str
    message_id: str | None
    correlation_id: str | None
    reply_to: str | None
    content_type: str | None
    content_encoding: str | None
    delivery_mode: Literal[1, 2]
    priority: int
    expiration: float | None
    timestamp: float | None
    message_type: str | None
    user_id: str | None
    app_id: str | None


class MQTTMessageBindings(TypedDict, total=False):
    """The MQTT bindings of a message: its delivery flags and MQTT 5 properties.

    The same keys serve both directions. The properties exist from MQTT 5 on;
    a server speaking MQTT 3.1.1 leaves them out on receive and ignores them
    on send.

    :var qos: The quality of service: ``0`` at most once, ``1`` at least once,
        ``2`` exactly once. When sending, missing means ``0``.
    :var retain: Whether the broker keeps the message for future subscribers
        of its topic. When sending, missing means ``False``.
    :var payload_format_indicator: ``1`` when the payload is UTF-8 text, ``0``
        when it is unspecified bytes.
    :var correlation_data: Bytes that the requester uses to match a response
        to its request.
    :var content_type: The MIME type of the payload.
    :var response_topic: The topic a response is to be published to.
    :var message_expiry_interval: How long the broker keeps the message for
        subscribers that have not yet received it, in seconds.
    """

    qos: Literal[0, 1, 2]
    retain: bool
    payload_format_indicator: Literal[0, 1]
    correlation_data: bytes
    content_type: str
    response_topic: str
    message_expiry_interval: int


class SQSReceiveBindings(TypedDict, total=False):
    """The Amazon SQS bindings of a received message, from a FIFO queue.

    :var message_group_id: The group the message belongs to; SQS delivers the
        messages of a group in order.
    :var message_deduplication_id: The token SQS used to drop duplicates of
        the message.
    """

    message_group_id: str
    message_deduplication_id: str


class SQSSendBindings(TypedDict, total=False):
    """The Amazon SQS bindings of a message to send.

    :var message_group_id: The group of the message; required by a FIFO queue
        and ignored by a standard one.
    :var message_deduplication_id: The token by which a FIFO queue drops
        duplicates sent within five minutes.
    :var delay_seconds: How long the message stays invisible after it is
        sent, in seconds, from ``0`` to ``900``.
    """

    message_group_id: str
    message_deduplication_id: str
    delay_seconds: int


class RedisMessageBindings(TypedDict):
    """The Redis bindings of a message: none are defined.

    Its key still names the protocol in ``bindings``; its value is always
    an empty dictionary.
    """


class NATSMessageBindings(TypedDict):
    """The NATS bindings of a message: none are defined.

    Its key still names the protocol in ``bindings``; its value is always
    an empty dictionary.
    """


class GooglePubSubMessageBindings(TypedDict, total=False):
    """The Google Cloud Pub/Sub bindings of a message.

    The message's attributes travel as its headers.

    :var ordering_key: The key of the messages whose publication order a
        subscription with ordering enabled keeps.
    """

    ordering_key: str


class SNSMessageBindings(TypedDict):
    """The Amazon SNS bindings of a message: none are defined.

    Its key still names the protocol in ``bindings``; its value is always
    an empty dictionary.
    """


class MessageAckOutOfOrderExtension(TypedDict):
    """The value of the ``"message.ack.out_of_order"`` extension: no parameters."""


class MessageNackOutcomeExtension(TypedDict):
    """The value of the ``"message.nack.outcome"`` extension: what a nack does.

    :var outcome: What the server has the broker do with a message the
        application nacks: ``"redeliver"``, deliver it again in a later batch;
        ``"dead_letter"``, move it to a dead-letter address, from which it is
        not delivered again here; ``"drop"``, discard it.
    """

    outcome: Literal["redeliver", "dead_letter", "drop"]


class MessageReceiveBindings(TypedDict, total=False):
    """The protocols whose bindings this package types, as a received message carries them.

    A reference and an opt-in, not the type of the ``bindings`` key, which is
    a plain mapping of mappings so that any protocol, typed or not, fits.
    Cast a received message's bindings to it for typed reads. A received
    message carries the bindings of one protocol only, the one it was
    consumed with; a server may carry a protocol not listed here under that
    protocol's name.

    :var kafka: The bindings of a Kafka record.
    :var amqp: The bindings of an AMQP 0-9-1 message.
    :var mqtt: The bindings of an MQTT message.
    :var sqs: The bindings of an Amazon SQS message.
    :var redis: The bindings of a Redis message.
    :var nats: The bindings of a NATS message.
    :var googlepubsub: The bindings of a Google Cloud Pub/Sub message.
    :var sns: The bindings of an Amazon SNS message.
    """

    kafka: KafkaReceiveBindings
    amqp: AMQPMessageBindings
    mqtt: MQTTMessageBindings
    sqs: SQSReceiveBindings
    redis: RedisMessageBindings
    nats: NATSMessageBindings
    googlepubsub: GooglePubSubMessageBindings
    sns: SNSMessageBindings


class MessageSendBindings(TypedDict, total=False):
    """The protocols whose bindings this package types, as a message to send carries them.

    A reference, not the type of the ``bindings`` key: to type a message's
    bindings, build each protocol's value as its own TypedDict (such as
    :class:`~amgi_types.KafkaSendBindings`), which fits the ``bindings`` mapping without a
    cast. A message to send may hold the bindings of several protocols,
    including protocols not listed here; a server uses those of its own
    protocol and ignores the others.

    :var kafka: The bindings of a Kafka record.
    :var amqp: The bindings of an AMQP 0-9-1 message.
    :var mqtt: The bindings of an MQTT message.
    :var sqs: The bindings of an Amazon SQS message.
    :var redis: The bindings of a Redis message.
    :var nats: The bindings of a NATS message.
    :var googlepubsub: The bindings of a Google Cloud Pub/Sub message.
    :var sns: The bindings of an Amazon SNS message.
    """

    kafka: KafkaSendBindings
    amqp: AMQPMessageBindings
    mqtt: MQTTMessageBindings
    sqs: SQSSendBindings
    redis: RedisMessageBindings
    nats: NATSMessageBindings
    googlepubsub: GooglePubSubMessageBindings
    sns: SNSMessageBindings


# A dotted key needs the functional syntax; the class around it carries the
# docstring.
_MessageExtensionsKeys = TypedDict(
    "_MessageExtensionsKeys",
    {
        "message.ack.out_of_order": MessageAckOutOfOrderExtension,
        "message.nack.outcome": MessageNackOutcomeExtension,
    },
    total=False,
)


class MessageExtensions(_MessageExtensionsKeys, total=False):
    """The extensions this package types, keyed by name.

    A reference and an opt-in, not the type of the scope's ``extensions``
    key, which is a plain mapping of mappings. A server may advertise
    extensions not listed here under their own names; an application ignores
    those it does not know.

    :var message.ack.out_of_order: The application may ack and nack the
        messages of a batch in any order.
    :var message.nack.outcome: What a nack has the broker do with the
        message: deliver it again, dead-letter it or drop it.
    """


class MessageScope(TypedDict):
    """The scope of one batch of messages.

    :var type: Always ``"message"``.
    :var amgi: The AMGI versions the server speaks.
    :var address: The address the batch was consumed from, in the sense of
        AsyncAPI: the topic in Kafka, the queue in AMQP or SQS, the subject in
        NATS, the channel in Redis.
    :var state: A shallow copy of the namespace the application filled during
        the lifespan protocol. Absent when the server does not support state.
    :var extensions: The optional capabilities the server advertises: each
        extension's name mapped to its parameters. An application assumes an
        extension is absent unless its key is present. The extensions this
        package types are those of :class:`~amgi_types.MessageExtensions`.
    """

    type: Literal["message"]
    amgi: AMGIVersions
    address: str
    state: NotRequired[dict[str, Any]]
    extensions: NotRequired[Mapping[str, Mapping[str, Any]]]


class MessageReceiveEvent(TypedDict):
    """A message of the batch, returned by ``receive()``.

    :var type: Always ``"message.receive"``.
    :var id: The message's identifier, unique within the batch; the
        application acks or nacks the message by it.
    :var headers: The message's headers as ``(name, value)`` byte-string
        pairs, in the order the broker gave them. Names may repeat. Each
        pair is a tuple, never a ``[name, value]`` list.
    :var payload: The message's body. Missing means ``None``.
    :var bindings: Protocol-specific information about the message: the
        protocol's name mapped to its fields. A received message carries the
        bindings of one protocol only. The fields of the protocols this
        package types are those of :class:`~amgi_types.MessageReceiveBindings`.
    :var more_messages: Whether more messages of the batch follow. The
        application calls ``receive()`` again until it is false. Missing
        means ``False``.
    """

    type: Literal["message.receive"]
    id: str
    headers: Sequence[tuple[bytes, bytes]]
    payload: NotRequired[bytes | None]
    bindings: NotRequired[Mapping[str, Mapping[str, Any]]]
    more_messages: NotRequired[bool]


class MessageAckEvent(TypedDict):
    """Acknowledges a received message: it was processed.

    :var type: Always ``"message.ack"``.
    :var id: The ``id`` of the received message being acknowledged.
    """

    type: Literal["message.ack"]
    id: str


class MessageNackEvent(TypedDict):
    """Negatively acknowledges a received message: it could not be processed.

    :var type: Always ``"message.nack"``.
    :var id: The ``id`` of the received message being nacked.
    :var message: Why the message could not be processed.
    """

    type: Literal["message.nack"]
    id: str
    message: str


class MessageSendEvent(TypedDict):
    """Sends a new message to an address.

    :var type: Always ``"message.send"``.
    :var address: Where to send the message: a topic, queue, subject or
        channel.
    :var headers: The message's headers as ``(name, value)`` byte-string
        pairs, in the order they are to be sent. Names may repeat. Each pair
        is a tuple, never a ``[name, value]`` list.
    :var payload: The message's body. Missing means ``None``.
    :var bindings: Protocol-specific information about the message: each
        protocol's name mapped to its fields. It may hold the bindings of
        several protocols; a server ignores those of protocols it does not
        handle. The fields of the protocols this package types are those of
        :class:`~amgi_types.MessageSendBindings`.
    """

    type: Literal["message.send"]
    address: str
    headers: Sequence[tuple[bytes, bytes]]
    payload: NotRequired[bytes | None]
    bindings: NotRequired[Mapping[str, Mapping[str, Any]]]


class LifespanScope(TypedDict):
    """The scope of the lifespan protocol: one call for the life of the process.

    :var type: Always ``"lifespan"``.
    :var amgi: The AMGI versions the server speaks.
    :var state: An empty namespace the application may fill during startup;
        the server puts a shallow copy of it into the scope of every batch.
        Absent when the server does not support state.
    """

    type: Literal["lifespan"]
    amgi: AMGIVersions
    state: NotRequired[dict[str, Any]]


class LifespanStartupEvent(TypedDict):
    """The server is starting up; returned by ``receive()``.

    :var type: Always ``"lifespan.startup"``.
    """

    type: Literal["lifespan.startup"]


class LifespanShutdownEvent(TypedDict):
    """The server is shutting down; returned by ``receive()``.

    :var type: Always ``"lifespan.shutdown"``.
    """

    type: Literal["lifespan.shutdown"]


class LifespanStartupCompleteEvent(TypedDict):
    """The application has started; the server MAY deliver messages.

    :var type: Always ``"lifespan.startup.complete"``.
    """

    type: Literal["lifespan.startup.complete"]


class LifespanStartupFailedEvent(TypedDict):
    """The application could not start; the server MUST NOT deliver messages.

    :var type: Always ``"lifespan.startup.failed"``.
    :var message: Why startup failed.
    """

    type: Literal["lifespan.startup.failed"]
    message: str


class LifespanShutdownCompleteEvent(TypedDict):
    """The application has shut down; the server MAY terminate.

    :var type: Always ``"lifespan.shutdown.complete"``.
    """

    type: Literal["lifespan.shutdown.complete"]


class LifespanShutdownFailedEvent(TypedDict):
    """The application could not shut down cleanly; the server still terminates.

    :var type: Always ``"lifespan.shutdown.failed"``.
    :var message: Why shutdown failed; the server may log it.
    """

    type: Literal["lifespan.shutdown.failed"]
    message: str


Scope = MessageScope | LifespanScope

AMGIReceiveEvent = MessageReceiveEvent | LifespanStartupEvent | LifespanShutdownEvent

AMGISendEvent = (
    MessageAckEvent
    | MessageNackEvent
    | MessageSendEvent
    | LifespanStartupCompleteEvent
    | LifespanStartupFailedEvent
    | LifespanShutdownCompleteEvent
    | LifespanShutdownFailedEvent
)


class AMGIReceiveCallable(Protocol):
    """The ``receive`` callable: awaited for the next incoming event."""

    def __call__(self) -> Awaitable[AMGIReceiveEvent]: ...


class AMGISendCallable(Protocol):
    """The ``send`` callable: awaited to emit an event.

    It returns once the server has taken the event on. For a
    ``"message.send"`` event: if the server fails to send the message,
    ``send()`` SHOULD raise a server-specific subclass of :py:exc:`OSError`.
    """

    def __call__(self, event: AMGISendEvent, /) -> Awaitable[None]: ...


class AMGIApplication(Protocol):
    """An AMGI application: ``await app(scope, receive, send)``.

    Parameters are positional-only, so a coroutine function or an object with
    an async ``__call__`` satisfies it whatever its parameters are named.
    """

    def __call__(
        self,
        scope: Scope,
        receive: AMGIReceiveCallable,
        send: AMGISendCallable,
        /,
    ) -> Awaitable[None]: ...


# The namespace holds the specification's names and nothing else.
del sys, Awaitable, Mapping, Sequence, Any, Literal, Protocol, NotRequired, TypedDict
del _MessageExtensionsKeys
