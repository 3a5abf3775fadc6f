"""TypedDicts whose docstrings use every kind of reStructuredText the directive renders."""

import sys
from typing import Union

if sys.version_info >= (3, 11):
    from typing import TypedDict
else:
    from typing_extensions import TypedDict


class Channel(TypedDict):
    """A channel of an AsyncAPI_ document.

    A second paragraph: the rules of the channel, which only this text states.

    .. note::

       An admonition in the docstring.

    .. code-block:: python

       channel = {"address": "orders", "site": "https://example.org"}

    - a list item
    - another list item

    :var address: Where messages go, named as in AsyncAPI_.
    :ivar site: The site, see `the example site`__.
    :cvar note: A note with a footnote [#detail]_.

    __ https://example.org/anonymous

    .. _AsyncAPI: https://www.asyncapi.com/

    .. [#detail] The footnote's text.
    """

    address: str
    site: str
    note: str


class Empty(TypedDict):
    """A TypedDict without keys.

    It still has prose.
    """


class Route(TypedDict):
    """Holds a channel, whose keys and descriptions follow its key.

    :var name: The route's name.
    :var channel: The channel; its own notes [#]_ come along.

    .. [#] An auto-numbered footnote of the route.
    """

    name: str
    channel: Channel


class Other(TypedDict):
    """Another member, per AsyncAPI_ too.

    .. _AsyncAPI: https://www.asyncapi.com/

    :var kind: Its kind.
    """

    kind: str


Either = Union[Channel, Other]
