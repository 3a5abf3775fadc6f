"""A module documented with automodule."""

import sys

if sys.version_info >= (3, 11):
    from typing import NotRequired, TypedDict
else:
    from typing_extensions import NotRequired, TypedDict


class Request(TypedDict):
    """A request.

    Attributes:
        method: The method.
    """

    method: str
    path: str
    """The path, from its docstring."""
    body: NotRequired[bytes]  #: The body, from a comment.


class Plain:
    """Not a TypedDict: autodoc documents it as usual."""

    #: An attribute of a plain class.
    method: str = "GET"


def helper() -> None:
    """A function."""
