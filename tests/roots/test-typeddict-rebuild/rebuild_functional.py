"""A TypedDict made with the functional syntax."""

import sys

if sys.version_info >= (3, 11):
    from typing import TypedDict
else:
    from typing_extensions import TypedDict

Settings = TypedDict("Settings", {"path": str})
Settings.__doc__ = """Settings.

:var path: Where they live.
"""
