"""Keys described the ways Python projects describe attributes."""

from typing import Literal, NotRequired, TypedDict


class Attributes(TypedDict):
    """Keys described by attribute docstrings."""

    name: str
    """The name, from the attribute docstring."""

    size: NotRequired[int]
    """The size in *bytes*.

    A second paragraph.
    """


class Comments(TypedDict):
    """Keys described by ``#:`` comments."""

    #: The colour, from the comment above.
    #: Two lines of it.
    colour: str
    shade: Literal["hell", "dünkel", "ääääääää"]  #: The shade, from the comment after: ä.
    # A plain comment describes nothing.
    plain: int


class Precedence(TypedDict):
    """Two conventions for one key.

    :var field: From the field.
    """

    field: str
    """From the docstring after the key, which the field overrides."""

    #: From the comment above, which the docstring overrides.
    docstring: str
    """From the docstring after the key."""

    #: From the comment above, which the comment after overrides.
    after: str  #: From the comment after the key.


class Child(Attributes):
    """Inherits its base's key docstrings."""

    extra: str
    """The child's own key."""


class Broken(TypedDict):
    """A key docstring with a markup error."""

    key: str
    """An *unclosed emphasis."""
