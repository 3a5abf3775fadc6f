"""The extension's metadata, its rebuild dependencies and its isolation from amgi_types."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

from conftest import ROOTS, Build


def test_setup_declares_version_and_parallel_safety(features: Build) -> None:
    extension = features.app.extensions["amgi_types.sphinxext"]
    assert extension.version == version("amgi-types")
    assert extension.parallel_read_safe is True
    assert extension.parallel_write_safe is True


def test_page_is_rebuilt_when_a_documented_module_changes(
    make_app: Callable[..., Any], tmp_path: Path
) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-typeddict", srcdir)
    make_app("html", srcdir=srcdir).build()
    module = Path(sys.modules["typeddict_future"].__file__ or "")
    assert module in make_app("html", srcdir=srcdir).env.dependencies["index"]
    doctrees = srcdir / "_build" / "doctrees"
    before = {doc: (doctrees / f"{doc}.doctree").stat().st_mtime_ns for doc in ("index", "other")}
    later = time.time() + 10
    os.utime(module, (later, later))
    make_app("html", srcdir=srcdir).build()
    after = {doc: (doctrees / f"{doc}.doctree").stat().st_mtime_ns for doc in ("index", "other")}
    assert after["index"] > before["index"]
    assert after["other"] == before["other"]


def test_importing_amgi_types_does_not_import_sphinx() -> None:
    code = "import sys, amgi_types; print(sorted(m for m in sys.modules if m.startswith(('sphinx', 'docutils'))))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"

