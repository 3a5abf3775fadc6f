"""The oldest Sphinx that pyproject.toml claims, on Python 3.10, renders what the newest does.

One build per root covers both points: a cached virtual environment of Python
3.10 with the oldest claimed Sphinx builds the root with ``-W``, and its key
lists must equal those of the build with this interpreter and the pinned,
newest Sphinx.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOTS, Build, key_rows, sphinx_environment

OLDEST_SPHINX = "7.3.7"


@pytest.fixture(scope="module")
def oldest_environment() -> Path:
    return sphinx_environment(10, f"sphinx=={OLDEST_SPHINX}")


def test_oldest_sphinx_on_python_310_renders_like_the_newest(
    oldest_environment: Path, features: Build, tmp_path: Path
) -> None:
    html = build_with(oldest_environment, "typeddict", tmp_path)
    assert f"Sphinx {OLDEST_SPHINX}" in html.get_text()
    assert key_rows(html) == key_rows(features.html())


def build_with(python: Path, root: str, tmp_path: Path) -> BeautifulSoup:
    """The index page of a ``-W`` build of a test root with another environment."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / f"test-{root}", srcdir)
    command = [python, "-m", "sphinx", "-q", "-W", "--keep-going", "-b", "html"]
    result = subprocess.run(
        [*command, srcdir, srcdir / "_build"], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stderr) == (0, "")
    return BeautifulSoup((srcdir / "_build" / "index.html").read_text("utf-8"), "html.parser")


@pytest.mark.parametrize(
    "root",
    [
        "typeddict-docstring",
        "typeddict-ids",
        "typeddict-noindex",
        "typeddict-modern",
        "typeddict-napoleon",
        "typeddict-autodoc",
    ],
)
def test_oldest_sphinx_renders_every_clean_root_like_the_newest(
    oldest_environment: Path, build_root: Callable[..., Build], root: str, tmp_path: Path
) -> None:
    oldest = build_with(oldest_environment, root, tmp_path)
    newest = build_root(root).html()
    assert key_rows(oldest) == key_rows(newest)
    ids = [str(element["id"]) for element in oldest.find_all(id=True)]
    assert len(ids) == len(set(ids))
