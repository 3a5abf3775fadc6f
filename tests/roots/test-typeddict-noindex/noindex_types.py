"""TypedDicts rendered more than once, and one rendered only without an index."""

import sys

if sys.version_info >= (3, 11):
    from typing import TypedDict
else:
    from typing_extensions import TypedDict


class Part(TypedDict):
    """A part, rendered only with :no-index:.

    :var size: Its size.
    """

    size: int


class Thing(TypedDict):
    """A thing, per AsyncAPI_ [#origin]_.

    .. _AsyncAPI: https://www.asyncapi.com/

    :var name: Its name.
    :var part: Its part.

    .. [#origin] Where things come from.
    """

    name: str
    part: Part
