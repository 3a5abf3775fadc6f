"""PEP 695 syntax with annotations kept as strings (Python 3.12 and newer)."""

from __future__ import annotations

from typing import Literal, TypedDict


class Page[Item](TypedDict):
    """A page of items of any type.

    :var items: The items.
    :var total: How many there are in all.
    """

    items: list[Item]
    total: int


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


type Reply = Ack | Nack
