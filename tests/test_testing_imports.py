"""amgi_types.testing needs nothing but the standard library, ``import
amgi_types`` does not import it, and nothing of it loads into pytest unasked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from import_probe import foreign, imported, needs_311

REPO = Path(__file__).resolve().parents[1]


def test_import_amgi_types_does_not_import_testing() -> None:
    assert not [name for name in imported()[0] if name.startswith("amgi_types.testing")]


@needs_311
def test_testing_imports_only_the_standard_library() -> None:
    assert foreign(imported("amgi_types.testing")[1]) == []


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
