"""Docstrings in the styles napoleon reads."""

from typing import TypedDict


class Google(TypedDict):
    """A Google-style docstring.

    Attributes:
        host: The host name.
        port (int): The port, on
            two lines.
    """

    host: str
    port: int


class Numpy(TypedDict):
    """A NumPy-style docstring.

    Attributes
    ----------
    host : str
        The host name.
    port
        The port.
    """

    host: str
    port: int


class Mixed(TypedDict):
    """A Google docstring for one key, an attribute docstring for the other.

    Attributes:
        host: The host name.
    """

    host: str
    port: int
    """The port, from its docstring."""
