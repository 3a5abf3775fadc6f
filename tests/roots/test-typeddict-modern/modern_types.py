"""Read-only keys (PEP 705) and a TypeAliasType alias of a union (PEP 695's run-time form)."""

from typing import Union

from modern_future import Late
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


Reply = TypeAliasType("Reply", Union[Frozen, Late])


class Holder(TypedDict):
    """Holds a reply, typed by the alias.

    :var reply: The reply.
    """

    reply: Reply
