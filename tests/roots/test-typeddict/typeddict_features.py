"""TypedDicts that use every feature the typeddict directive renders."""

import datetime
import sys
from collections.abc import Sequence
from typing import Any, Literal, Optional, Union

if sys.version_info >= (3, 11):
    from typing import NotRequired, Required, TypedDict
else:
    from typing_extensions import NotRequired, Required, TypedDict


class Versions(TypedDict):
    """The versions a server speaks.

    :var version: The version, ``"1.0"``.
    :var spec_version: The version of the sub-specification.
    """

    version: Literal["1.0"]
    spec_version: str


class Server(TypedDict):
    """The server that made the connection.

    :var name: The server's name.
    :var versions: The versions it speaks.
    """

    name: str
    versions: Versions


class Connection(TypedDict):
    """A connection, with nested, literal, optional and container keys.

    :var type: Always ``"connection"``.
    :var server: The server; see :py:class:`typeddict_features.Server`.
    :var mode: How messages flow: *push*, *pull* or *stream*.
    :var timeout: Seconds to wait, or ``None`` to wait forever.
    :var retries: How often to retry, or ``None`` for the default.
    :var headers: The ``(name, value)`` pairs.
    :var started: When the connection opened.
    :var extra: Anything else.
    :var later: A TypedDict defined after this one.
    """

    type: Literal["connection"]
    server: Server
    mode: Literal["push", "pull", "stream"]
    timeout: float | None
    retries: Optional[int]
    headers: Sequence[tuple[bytes, bytes]]
    started: datetime.datetime
    extra: NotRequired[dict[str, Any]]
    later: "Later"


class Later(TypedDict):
    """Defined after its first use.

    :var flag: A flag.
    """

    flag: bool


class Base(TypedDict):
    """A base TypedDict with a required and an optional key.

    :var id: The identifier.
    :var note: A note.
    """

    id: str
    note: NotRequired[str]


class Derived(Base, total=False):
    """Inherits from a total TypedDict with total=False.

    :var extra: Optional, since the class is not total.
    :var must: Required all the same.
    """

    extra: int
    must: Required[str]


class Node(TypedDict):
    """A tree node that refers to itself.

    :var value: The node's value.
    :var children: The node's children.
    :var parent: The node's parent.
    """

    value: int
    children: list["Node"]
    parent: NotRequired["Node"]


class Ack(TypedDict):
    """Acknowledges a message.

    :var type: Always ``"ack"``.
    :var id: The message's id.
    """

    type: Literal["ack"]
    id: str


class Nack(TypedDict):
    """Rejects a message with ``reason``.

    :var type: Always ``"nack"``.
    :var id: The message's id.
    :var reason: Why it was rejected.
    """

    type: Literal["nack"]
    id: str
    reason: NotRequired[str]


Reply = Union[Ack, Nack]


class Envelope(TypedDict):
    """Keys whose types are unions and lists of TypedDicts.

    :var reply: The reply.
    :var replies: Earlier replies.
    :var maybe: An acknowledgement, if any.
    """

    reply: Union[Ack, Nack]
    replies: list[Ack]
    maybe: Ack | None


Extensions = TypedDict("Extensions", {"message.ack.out_of_order": dict[str, Any]})
Extensions.__doc__ = """Keys that contain dots.

:var message.ack.out_of_order: Acks may come in any order.
"""


class MessageScope(TypedDict):
    """A scope that shares a nested TypedDict with :py:class:`typeddict_features.LifespanScope`.

    :var type: Always ``"message"``.
    :var versions: The versions the server speaks.
    """

    type: Literal["message"]
    versions: Versions


class LifespanScope(TypedDict):
    """Another scope with the same nested keys.

    :var type: Always ``"lifespan"``.
    :var versions: The versions the server speaks.
    """

    type: Literal["lifespan"]
    versions: Versions


class Route(TypedDict):
    """Where messages go, rendered with every nested TypedDict linked.

    :var primary: The server tried first.
    :var versions: The versions the route needs.
    """

    primary: Server
    versions: Versions
