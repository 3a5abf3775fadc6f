"""PEP 695 syntax with annotations kept as strings (Python 3.12 and newer)."""

from __future__ import annotations

from typing import TypedDict

from pep695_eager import Box


class Page[Item](TypedDict):
    """A page of items of any type.

    :var items: The items.
    :var total: How many there are in all.
    """

    items: list[Item]
    total: int


type Reply = Page | Box
