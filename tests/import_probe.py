"""What importing amgi_types and one of its public modules loads, seen from a
fresh interpreter (this one has long since imported everything)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import importlib, json, sys
before = set(sys.modules)
import amgi_types
after_package = set(sys.modules)
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps([sorted(after_package - before), sorted(set(sys.modules) - after_package)]))
"""

# Before 3.11 the package itself depends on typing_extensions.
needs_311 = pytest.mark.skipif(
    sys.version_info < (3, 11), reason="typing_extensions is the package's dependency before 3.11"
)


def imported(*modules: str) -> tuple[list[str], list[str]]:
    """The modules ``import amgi_types`` loads, and those that importing
    ``modules`` after it loads."""
    completed = subprocess.run(
        [sys.executable, "-c", PROBE, *modules], capture_output=True, text=True, check=True
    )
    package, rest = json.loads(completed.stdout)
    return package, rest


def foreign(names: list[str]) -> list[str]:
    """The names that are neither the standard library's nor amgi_types'."""
    return [
        name
        for name in names
        if name.split(".")[0] not in sys.stdlib_module_names and name.split(".")[0] != "amgi_types"
    ]
