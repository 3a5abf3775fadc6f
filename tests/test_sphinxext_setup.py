"""The extension's metadata, its rebuild dependencies and its isolation from amgi_types."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import pytest
from conftest import Build
from sphinx.testing.util import SphinxTestApp


def test_setup_declares_version_and_parallel_safety(features: Build) -> None:
    extension = features.app.extensions["amgi_types.sphinxext"]
    assert extension.version == version("amgi-types")
    assert extension.parallel_read_safe is True
    assert extension.parallel_write_safe is True


@pytest.mark.sphinx("html", testroot="typeddict", freshenv=True)
def test_page_is_rebuilt_when_a_documented_module_changes(
    app: SphinxTestApp, make_app: Callable[..., SphinxTestApp]
) -> None:
    app.build()
    module = Path(sys.modules["typeddict_future"].__file__ or "")
    assert module in app.env.dependencies["index"]
    doctrees = app.doctreedir
    before = {doc: (doctrees / f"{doc}.doctree").stat().st_mtime_ns for doc in ("index", "other")}
    later = time.time() + 10
    os.utime(module, (later, later))
    make_app("html", srcdir=app.srcdir).build()
    after = {doc: (doctrees / f"{doc}.doctree").stat().st_mtime_ns for doc in ("index", "other")}
    assert after["index"] > before["index"]
    assert after["other"] == before["other"]


def test_importing_amgi_types_does_not_import_sphinx() -> None:
    code = (
        "import sys, amgi_types\n"
        "print(sorted(m for m in sys.modules if m.startswith(('sphinx', 'docutils'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
