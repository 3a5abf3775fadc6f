"""amgi_types.conformance needs nothing but the standard library, and ``import amgi_types``
does not import it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import json, sys
before = set(sys.modules)
import amgi_types
after_package = set(sys.modules)
import amgi_types.conformance, amgi_types.conformance.__main__
print(json.dumps({
    "package": sorted(after_package - before),
    "conformance": sorted(set(sys.modules) - after_package),
}))
"""


def imported() -> dict[str, list[str]]:
    # A fresh interpreter: this one has long since imported everything.
    completed = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
    )
    result: dict[str, list[str]] = json.loads(completed.stdout)
    return result


def test_import_amgi_types_does_not_import_conformance() -> None:
    assert not [name for name in imported()["package"] if "conformance" in name]


@pytest.mark.skipif(
    sys.version_info < (3, 11), reason="typing_extensions is the package's dependency before 3.11"
)
def test_conformance_imports_only_the_standard_library() -> None:
    foreign = [
        name
        for name in imported()["conformance"]
        if name.split(".")[0] not in sys.stdlib_module_names and name.split(".")[0] != "amgi_types"
    ]
    assert foreign == []
