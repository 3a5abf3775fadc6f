"""The oldest Sphinx that pyproject.toml claims, on Python 3.10, renders what the newest does.

One build covers both points: a cached virtual environment of Python 3.10 with
the oldest claimed Sphinx builds the feature root, and its key lists must equal
those of the build with this interpreter and the pinned, newest Sphinx.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOTS, Build, key_rows

OLDEST_SPHINX = "7.3.7"
REPO = Path(__file__).resolve().parents[1]


def find_python(version: str) -> Path | None:
    """A working CPython of that version among pyenv's versions or on PATH."""
    pyenv = shutil.which("pyenv")
    if pyenv:
        root = subprocess.run([pyenv, "root"], capture_output=True, text=True, check=True).stdout
    else:
        root = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    candidates = sorted(Path(root.strip()).glob(f"versions/{version}.*/bin/python"))
    on_path = shutil.which(f"python{version}")
    # pyenv's shim is on PATH even when no such version is installed.
    for python in [*reversed(candidates), *([Path(on_path)] if on_path else [])]:
        if subprocess.run([python, "-c", ""], capture_output=True, check=False).returncode == 0:
            return python
    return None


@pytest.fixture(scope="module")
def oldest_environment() -> Path:
    """The venv's python, created once and kept (``.venv-*`` is ignored by git)."""
    python = find_python("3.10")
    if python is None:
        pytest.skip("no Python 3.10 on PATH or in pyenv")
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
