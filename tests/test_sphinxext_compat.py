"""The oldest Sphinx that pyproject.toml claims, on Python 3.10, renders what the newest does.

One build covers both points: a cached virtual environment of Python 3.10 with
the oldest claimed Sphinx builds the feature root, and its key lists must equal
those of the build with this interpreter and the pinned, newest Sphinx.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOTS, Build, key_rows

OLDEST_SPHINX = "7.3.7"
REPO = Path(__file__).resolve().parents[1]

# The suite's interpreter finder, shared with the runtime tests.
_CHECK = Path(__file__).with_name("runtime_check.py")
_spec = importlib.util.spec_from_file_location("runtime_check", _CHECK)
assert _spec is not None and _spec.loader is not None
runtime_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(runtime_check)


@pytest.fixture(scope="module")
def oldest_environment() -> Path:
    """The venv's python, created once and kept (``.venv-*`` is ignored by git)."""
    python = runtime_check.find_interpreter(10)
    if python is None:
        pytest.skip(f"no CPython 3.10 under {runtime_check.pyenv_root()}/versions or on PATH")
    venv = REPO / f".venv-sphinx{OLDEST_SPHINX}-py3.10"
    stamp = venv / "installed"
    requirement = f"sphinx=={OLDEST_SPHINX}"
    if not stamp.exists() or stamp.read_text() != requirement:
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([python, "-m", "venv", venv], check=True)
        pip = [venv / "bin" / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        # Editable, so the environment always runs this tree's extension.
        subprocess.run([*pip, requirement, "-e", REPO], check=True, capture_output=True)
        stamp.write_text(requirement)
    return venv / "bin" / "python"


def test_oldest_sphinx_on_python_310_renders_like_the_newest(
    oldest_environment: Path, features: Build, tmp_path: Path
) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-typeddict", srcdir)
    command = [oldest_environment, "-m", "sphinx", "-q", "-W", "--keep-going", "-b", "html"]
    result = subprocess.run(
        [*command, srcdir, srcdir / "_build"], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stderr) == (0, "")
    html = BeautifulSoup((srcdir / "_build" / "index.html").read_text("utf-8"), "html.parser")
    assert f"Sphinx {OLDEST_SPHINX}" in html.get_text()
    assert key_rows(html) == key_rows(features.html())
