"""A union alias of TypedDicts defined in another module."""

from typing import Union

from rebuild_members import Ack, Nack

Reply = Union[Ack, Nack]
