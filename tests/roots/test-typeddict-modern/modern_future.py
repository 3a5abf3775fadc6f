"""A read-only key the metaclass sees only as a string."""

from __future__ import annotations

from typing_extensions import ReadOnly, TypedDict


class Late(TypedDict):
    """Annotations kept as strings.

    :var name: Read-only all the same.
    """

    name: ReadOnly[str]
