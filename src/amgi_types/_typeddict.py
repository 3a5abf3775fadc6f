"""Reading TypedDicts at run time: what amgi_types.validate and
amgi_types.sphinxext both need to know of a TypedDict's keys.

Works for TypedDicts made with typing or typing_extensions on every supported
interpreter, without importing typing_extensions.
"""

import sys
import typing
from typing import TypeGuard


def is_typeddict(obj: object) -> TypeGuard[type]:
    # typing.is_typeddict misses typing_extensions' TypedDicts before 3.13.
    return (
        isinstance(obj, type)
        and dict in obj.__mro__
        and hasattr(obj, "__required_keys__")
        and hasattr(obj, "__optional_keys__")
    )


def is_special_form(obj: object, name: str) -> bool:
    """Whether ``obj`` is typing's or typing_extensions' special form ``name``."""
    if obj is None:
        return False
    modules = (sys.modules.get("typing"), sys.modules.get("typing_extensions"))
    return any(m is not None and getattr(m, name, None) is obj for m in modules)


_QUALIFIERS = ("Required", "NotRequired", "ReadOnly", "Annotated")


def strip_qualifiers(hint: object) -> tuple[object, bool | None]:
    """The type inside Required, NotRequired, ReadOnly and Annotated, and
    whether Required (True) or NotRequired (False) said the key is required.

    An explicit qualifier must win over ``__required_keys__``, which is wrong
    for a module written with ``from __future__ import annotations``.
    """
    required = None
    while True:
        origin = typing.get_origin(hint)
        if not any(is_special_form(origin, name) for name in _QUALIFIERS):
            return hint, required
        if required is None and is_special_form(origin, "Required"):
            required = True
        elif required is None and is_special_form(origin, "NotRequired"):
            required = False
        hint = typing.get_args(hint)[0]


def extra_items(td: type) -> object | None:
    """PEP 728: the type of the keys ``td`` does not list, or None if it takes none."""
    extra = getattr(td, "__extra_items__", None)
    # typing_extensions marks a TypedDict that takes none with a sentinel.
    return None if type(extra).__name__ == "NoExtraItemsType" else extra


def is_read_only(td: type, key: str, hint: object) -> bool:
    """PEP 705: whether ``key`` of ``td``, annotated ``hint``, is ReadOnly.

    ``__readonly_keys__`` misses a ReadOnly that the metaclass saw only as a
    string (``from __future__ import annotations``), so the evaluated hint's
    qualifiers count too.
    """
    if key in getattr(td, "__readonly_keys__", ()):
        return True
    while True:
        origin = typing.get_origin(hint)
        if is_special_form(origin, "ReadOnly"):
            return True
        if not any(is_special_form(origin, name) for name in _QUALIFIERS):
            return False
        hint = typing.get_args(hint)[0]
