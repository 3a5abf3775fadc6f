"""amgi_types.testing needs nothing but the standard library, ``import
amgi_types`` does not import it, and nothing of it loads into pytest unasked."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

PROBE = """
import json, sys
before = set(sys.modules)
import amgi_types
after_package = set(sys.modules)
import amgi_types.testing
after_testing = set(sys.modules)
print(json.dumps({
    "package": sorted(after_package - before),
    "testing": sorted(after_testing - after_package),
}))
"""


def imported() -> dict[str, list[str]]:
    # A fresh interpreter: this one has long since imported everything.
    completed = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
    )
    result: dict[str, list[str]] = json.loads(completed.stdout)
    return result


def test_import_amgi_types_does_not_import_testing() -> None:
    assert not [name for name in imported()["package"] if name.startswith("amgi_types.testing")]


@pytest.mark.skipif(
    sys.version_info < (3, 11), reason="typing_extensions is the package's dependency before 3.11"
)
def test_testing_imports_only_the_standard_library() -> None:
    foreign = [
        name
        for name in imported()["testing"]
        if name.split(".")[0] not in sys.stdlib_module_names and name.split(".")[0] != "amgi_types"
    ]
    assert foreign == []


def test_no_pytest_plugin_is_registered_to_load_itself() -> None:
    assert "pytest11" not in (REPO / "pyproject.toml").read_text(encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "--trace-config", "--co", "-q", "-p", "no:cacheprovider"],
        cwd=REPO / "docs",
        capture_output=True,
        text=True,
        check=False,
    )
    assert "amgi_types" not in completed.stdout
