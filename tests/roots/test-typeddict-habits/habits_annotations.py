"""Annotations as large packages write them."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Generic, Literal, Optional, TextIO, TypeVar, Union

from typing_extensions import TypedDict

if TYPE_CHECKING:
    from decimal import Decimal

    from habits_missing import NotRequired, ReadOnly, Thing

T = TypeVar("T")

Status = Literal["queued", "running", "done", "failed"]
"""A pre-PEP 695 alias, kept by its name."""

Payload = bytes


class Files(TypedDict):
    """Classes of typing's own.

    :var stream: A binary stream.
    :var text: A text stream.
    :var streams: Several.
    """

    stream: IO[bytes]
    text: TextIO
    streams: list[IO[str]]


class Checked(TypedDict):
    """Names imported only under ``if TYPE_CHECKING:``.

    :var price: Importable at run time: linked.
    :var thing: Not importable: linked where it is imported from.
    :var flags: Qualifiers that cannot be imported either.
    :var many: In a container.
    """

    price: Decimal
    thing: NotRequired[Thing]
    flags: ReadOnly[NotRequired[dict[str, Thing]]]
    many: list[Optional[Thing]]


class Base(TypedDict, Generic[T]):
    """A generic base.

    :var value: The value.
    :var values: The values.
    """

    value: T
    values: list[T]


class Concrete(Base[int]):
    """A TypedDict of a generic base."""


class Again(Concrete):
    """Two levels below it."""


class Job(TypedDict):
    """Aliases.

    :var status: A 4-value Literal alias.
    :var payload: An alias of a class, named in typeddict_type_aliases.
    :var either: A union written in place.
    """

    status: Status
    payload: Payload
    either: Union[Status, int]
