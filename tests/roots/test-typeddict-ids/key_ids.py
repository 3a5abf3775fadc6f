"""Keys whose names differ only in characters an HTML id cannot keep."""

import sys

if sys.version_info >= (3, 11):
    from typing import TypedDict
else:
    from typing_extensions import TypedDict

Keys = TypedDict(
    "Keys",
    {
        "ключ": int,
        "キー": int,
        "a-b": int,
        "a b": int,
        "clé": int,
        "cle": int,
        "plain": int,
        "dotted.key": int,
    },
)
Keys.__doc__ = """Keys in several scripts and spellings.

:var ключ: Cyrillic.
:var キー: Japanese.
:var a-b: With a hyphen.
:var a b: With a space.
:var clé: With an accent.
:var cle: Without one.
:var plain: ASCII.
:var dotted.key: With dots.
"""
