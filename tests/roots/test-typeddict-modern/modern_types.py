"""Read-only keys (PEP 705) and a TypeAliasType alias of a union (PEP 695's run-time form)."""

from typing import Literal, Union

from typing_extensions import NotRequired, ReadOnly, TypeAliasType, TypedDict


class Frozen(TypedDict):
    """Keys a receiver must not change.

    :var id: Read-only.
    :var note: Read-only and optional.
    :var count: Writable.
    """

    id: ReadOnly[str]
    note: ReadOnly[NotRequired[str]]
    count: int


class Ack(TypedDict):
    """Acknowledges.

    :var type: Always ``"ack"``.
    """

    type: Literal["ack"]


class Nack(TypedDict):
    """Rejects.

    :var type: Always ``"nack"``.
    """

    type: Literal["nack"]


Reply = TypeAliasType("Reply", Union[Ack, Nack])


class Holder(TypedDict):
    """Holds a reply, typed by the alias.

    :var reply: The reply.
    """

    reply: Reply
