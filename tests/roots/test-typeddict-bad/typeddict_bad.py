"""Bad input for the typeddict directives, with annotations kept as strings."""

from __future__ import annotations

from typing import TYPE_CHECKING, NotRequired, TypedDict, Union

if TYPE_CHECKING:
    from decimal import Decimal


def not_a_typeddict() -> None:
    """A function, not a TypedDict."""


class Problems(TypedDict):
    """A TypedDict whose docstring and annotations are wrong.

    This line has *unclosed emphasis.

    :var documented: The only documented key.
    :var nonexistent: A key the TypedDict does not have.
    :var price: A price.
    :var rebate: A rebate, if any.
    """

    documented: str
    undocumented: int
    price: Decimal
    rebate: NotRequired[Decimal]


Mixed = Union[Problems, int]
