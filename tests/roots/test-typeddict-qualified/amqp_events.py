"""A amqp message, whose class name another module uses too."""

import sys

if sys.version_info >= (3, 11):
    from typing import TypedDict
else:
    from typing_extensions import TypedDict


class Message(TypedDict):
    """A amqp message.

    :var key: The amqp message's key.
    :var only_amqp: A key only the amqp message has.
    """

    key: bytes
    only_amqp: int
