"""PEP 695 syntax with annotations evaluated lazily by the interpreter."""

from typing import TypedDict


class Box[T](TypedDict):
    """Holds one value.

    :var value: The value.
    """

    value: T
