"""Type definitions for AMGI, the Asynchronous Messaging Gateway Interface.

One TypedDict per scope and event of the message and lifespan protocols, the
unions of what ``receive()`` returns and ``send()`` takes, and the callable
protocols of ``receive``, ``send`` and the application.
"""

import sys
from collections.abc import Awaitable, Sequence
from typing import Any, Literal, Protocol, Union

# ``NotRequired`` and a TypedDict that honours it reach ``typing`` in 3.11;
# importing typing_extensions on newer interpreters would only cost start-up.
if sys.version_info >= (3, 11):
    from typing import NotRequired, TypedDict
else:
    from typing_extensions import NotRequired, TypedDict

__all__ = [
    "AMGIVersions",
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


class MessageScope(TypedDict):
    """The scope of one batch of messages.

    :var type: Always ``"message"``.
    :var amgi: The AMGI versions the server speaks.
    :var address: The address the batch was consumed from, in the sense of
        AsyncAPI: the topic in Kafka, the queue in AMQP or SQS, the subject in
        NATS, the channel in Redis.
    :var state: A shallow copy of the namespace the application filled during
        the lifespan protocol. Absent when the server does not support state.
    :var extensions: The optional capabilities the server advertises, keyed by
        extension name. An application assumes an extension is absent unless
        its key is present.
    """

    type: Literal["message"]
    amgi: AMGIVersions
    address: str
    state: NotRequired[dict[str, Any]]
    extensions: NotRequired[dict[str, dict[str, Any]]]


class MessageReceiveEvent(TypedDict):
    """A message of the batch, returned by ``receive()``.

    :var type: Always ``"message.receive"``.
    :var id: The message's identifier, unique within the batch; the
        application acks or nacks the message by it.
    :var headers: The message's headers as ``(name, value)`` byte-string
        pairs, in the order the broker gave them. Names may repeat.
    :var payload: The message's body. Missing means ``None``.
    :var bindings: Protocol-specific information about the message, keyed by
        protocol name. A received message carries the bindings of one
        protocol only.
    :var more_messages: Whether more messages of the batch follow. The
        application calls ``receive()`` again until it is false. Missing
        means ``False``.
    """

    type: Literal["message.receive"]
    id: str
    headers: Sequence[tuple[bytes, bytes]]
    payload: NotRequired[bytes | None]
    bindings: NotRequired[dict[str, dict[str, Any]]]
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
    :var id: The ``id`` of the received message being rejected.
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
        pairs.
    :var payload: The message's body. Missing means ``None``.
    :var bindings: Protocol-specific information about the message, keyed by
        protocol name. It may hold the bindings of several protocols; a server
        ignores those of protocols it does not handle.
    """

    type: Literal["message.send"]
    address: str
    headers: Sequence[tuple[bytes, bytes]]
    payload: NotRequired[bytes | None]
    bindings: NotRequired[dict[str, dict[str, Any]]]


class LifespanScope(TypedDict):
    """The scope of the lifespan protocol: one call for the life of the process.

    :var type: Always ``"lifespan"``.
    :var amgi: The AMGI versions the server speaks.
    :var state: An empty namespace the application may fill during startup;
        the server copies it into the scope of every batch. Absent when the
        server does not support state.
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
    """The application has started; the server may deliver messages.

    :var type: Always ``"lifespan.startup.complete"``.
    """

    type: Literal["lifespan.startup.complete"]


class LifespanStartupFailedEvent(TypedDict):
    """The application could not start; the server must not deliver messages.

    :var type: Always ``"lifespan.startup.failed"``.
    :var message: Why startup failed.
    """

    type: Literal["lifespan.startup.failed"]
    message: str


class LifespanShutdownCompleteEvent(TypedDict):
    """The application has shut down; the server may terminate.

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


Scope = Union[MessageScope, LifespanScope]

AMGIReceiveEvent = Union[
    MessageReceiveEvent,
    LifespanStartupEvent,
    LifespanShutdownEvent,
]

AMGISendEvent = Union[
    MessageAckEvent,
    MessageNackEvent,
    MessageSendEvent,
    LifespanStartupCompleteEvent,
    LifespanStartupFailedEvent,
    LifespanShutdownCompleteEvent,
    LifespanShutdownFailedEvent,
]


class AMGIReceiveCallable(Protocol):
    """The ``receive`` callable: awaited for the next incoming event."""

    def __call__(self) -> Awaitable[AMGIReceiveEvent]: ...


class AMGISendCallable(Protocol):
    """The ``send`` callable: awaited to emit an event."""

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
del sys, Awaitable, Sequence, Any, Literal, Protocol, Union, NotRequired, TypedDict
