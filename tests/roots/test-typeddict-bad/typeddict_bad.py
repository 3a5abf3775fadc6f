"""Bad input for the typeddict directives, with annotations kept as strings."""

from __future__ import annotations

from typing import TYPE_CHECKING, NotRequired, TypedDict, Union

if TYPE_CHECKING:
    pass  # Decimal is imported nowhere: the annotations naming it cannot be resolved


def not_a_typeddict() -> None:
    """A function, not a TypedDict."""


class Problems(TypedDict):
    """A TypedDict whose docstring and annotations are wrong.

    This line has *unclosed emphasis.

    :var documented: The only documented key.
    :var nonexistent: A key the TypedDict does not have.
    :var price: A price.
    :var rebate: A rebate, if any.
    :var discount: A discount, if any.
    """

    documented: str
    undocumented: int
    price: Decimal
    rebate: NotRequired[Decimal]
    discount: Decimal | None


Mixed = Union[Problems, int]


class Anonymous(TypedDict):
    """Two anonymous links, `one`__ and `two`__, but one target.

    __ https://example.org/one

    :var link: A key.
    """

    link: str


class Late(TypedDict):
    """Replaced below."""

    late: int


Late.__doc__ = """Documented after the class body.

:var late: A key.
:var absent: A key it does not have.
"""


class Continued(TypedDict):
    """A summary that goes on \
over a backslash-newline.

    This line has *unclosed emphasis after the continuation.

    :var kept: A key.
    :var gone: A key it does not have.
    """

    kept: int
