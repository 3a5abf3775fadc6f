"""A kafka message, whose class name another module uses too."""

import sys

if sys.version_info >= (3, 11):
    from typing import TypedDict
else:
    from typing_extensions import TypedDict


class Message(TypedDict):
    """A kafka message.

    :var key: The kafka message's key.
    :var only_kafka: A key only the kafka message has.
    """

    key: bytes
    only_kafka: int
