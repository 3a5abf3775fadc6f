"""TypedDicts whose annotations are strings, from ``from __future__ import annotations``."""

from __future__ import annotations

import sys
from typing import Literal

if sys.version_info >= (3, 11):
    from typing import NotRequired, Required, TypedDict
else:
    from typing_extensions import NotRequired, Required, TypedDict


class Options(TypedDict, total=False):
    """Options, none required but one.

    :var verbose: Whether to say more.
    :var name: The name, required though the class is not total.
    """

    verbose: bool
    name: Required[str]


class Settings(Options):
    """Settings: total again, with one key that is not required.

    :var path: Where the settings live.
    :var mode: How to open them.
    """

    path: str
    mode: NotRequired[Literal["r", "w"]]
