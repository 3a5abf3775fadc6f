"""A package that does not describe its keys."""

from typing import TypedDict


class Plain(TypedDict):
    """Keys without descriptions."""

    first: int
    second: str


class Holder(TypedDict):
    """Holds the same TypedDict twice."""

    one: Plain
    two: Plain
