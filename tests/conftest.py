"""Fixtures for the tests of amgi_types.sphinxext: the Sphinx test roots under roots/.

And, for the tests that run amgi_types on every supported CPython, one
throwaway environment per interpreter, shared by the whole session.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).resolve().parents[1]

# The suite's interpreter finder, loaded by path as the test modules load it.
_spec = importlib.util.spec_from_file_location(
    "runtime_check", Path(__file__).with_name("runtime_check.py")
)
assert _spec is not None and _spec.loader is not None
runtime_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(runtime_check)


def sphinx_environment(minor: int, requirement: str, *, pinned: bool = False) -> Path:
    """The python of a kept virtual environment (``.venv-*`` is ignored by
    git) of CPython 3.<minor> with ``requirement`` and this tree installed,
    editable, so that it always runs this tree's extension; with ``pinned``,
    the other packages at the versions of requirements/constraints.txt.
    Skips the test when that CPython is absent."""
    python = runtime_check.find_interpreter(minor)
    if python is None:
        pytest.skip(f"no CPython 3.{minor} under {runtime_check.pyenv_root()}/versions or on PATH")
    venv = REPO / f".venv-{requirement.replace('==', '')}-py3.{minor}"
    stamp = venv / "installed"
    if not stamp.exists() or stamp.read_text() != requirement:
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([python, "-m", "venv", venv], check=True)
        pip = [venv / "bin" / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        if pinned:
            pip += ["-c", REPO / "requirements" / "constraints.txt"]
        subprocess.run([*pip, requirement, "-e", REPO], check=True, capture_output=True)
        stamp.write_text(requirement)
    return venv / "bin" / "python"


def pinned_sphinx() -> str:
    """The Sphinx requirement of requirements/constraints.txt: the newest claimed."""
    constraints = (REPO / "requirements" / "constraints.txt").read_text().splitlines()
    return next(line for line in constraints if line.lower().startswith("sphinx=="))


# Tests marked ``anyio`` run under both async libraries; a module that needs
# one only (asyncfast runs on asyncio) overrides this fixture.
@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    if request.param == "trio":
        pytest.importorskip(
            "trio", reason="trio is a pinned test dependency: pip install -e .[test]"
        )
    return str(request.param)


@pytest.fixture(scope="session")
def pep695_python() -> Path:
    """The pinned Sphinx on the newest CPython (3.12 or later) that PEP 695 syntax needs."""
    minor = next((m for m in (13, 12) if runtime_check.find_interpreter(m)), 13)
    return sphinx_environment(minor, pinned_sphinx(), pinned=True)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@dataclass
class Build:
    """A finished HTML build of a test root."""

    app: SphinxTestApp
    srcdir: Path

    @property
    def warnings(self) -> str:
        """The warnings as a terminal would show them, less their colours."""
        return re.sub(r"\x1b\[[0-9;]*m", "", self.app.warning.getvalue())

    @property
    def status(self) -> str:
        return self.app.status.getvalue()

    def doctree(self) -> nodes.document:
        """The index page as read, before references are resolved."""
        return self.app.env.get_doctree("index")

    def resolved_doctree(self) -> nodes.document:
        return self.app.env.get_and_resolve_doctree("index", self.app.builder, tags=self.app.tags)

    def html(self) -> BeautifulSoup:
        return BeautifulSoup((self.app.outdir / "index.html").read_text("utf-8"), "html.parser")


def key_rows(html: BeautifulSoup) -> dict[str, tuple[str, str, str]]:
    """Each rendered key's (accessor, type, required or optional), by HTML id
    (a :no-index: rendering has none)."""
    rows = {}
    for term in html.select("dt.amgi-key[id]"):
        accessor = term.select_one("code.amgi-accessor")
        kind = term.select_one("em.amgi-type")
        label = term.select_one(".amgi-required, .amgi-optional")
        assert accessor is not None and kind is not None and label is not None
        rows[str(term["id"])] = (accessor.get_text(), kind.get_text(), label.get_text())
    return rows


@pytest.fixture(scope="session")
def build_root(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Build]:
    """Copies a test root to a fresh directory and builds it as HTML."""

    def build(name: str, **confoverrides: Any) -> Build:
        srcdir = tmp_path_factory.mktemp(name) / "src"
        shutil.copytree(ROOTS / f"test-{name}", srcdir)
        app = SphinxTestApp(
            "html",
            srcdir=srcdir,
            confoverrides=confoverrides,
            status=StringIO(),
            warning=StringIO(),
        )
        app.build()
        # Docutils' registries are global: the next app must not find this one's.
        app.cleanup()
        return Build(app, srcdir)

    return build


@pytest.fixture(scope="session")
def features(build_root: Callable[..., Build]) -> Build:
    """The root that uses every feature, built once without intersphinx."""
    return build_root("typeddict")


@pytest.fixture(scope="session")
def bad_input(build_root: Callable[..., Build]) -> Build:
    """The root that gives every kind of bad input."""
    return build_root("typeddict-bad")


@pytest.fixture(scope="session")
def installed_python(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], str]:
    """The python of a throwaway environment of CPython 3.<minor> that holds
    amgi_types installed from this repository, as a user would install it,
    and its dependencies, nothing else.

    Each interpreter's environment is built the first time a test asks for
    it and shared by the rest of the session. The test is skipped when that
    CPython is absent.
    """
    built: dict[int, str] = {}

    def python(minor: int) -> str:
        if minor not in built:
            interpreter = runtime_check.find_interpreter(minor)
            if interpreter is None:
                pytest.skip(
                    f"no CPython 3.{minor} under {runtime_check.pyenv_root()}/versions or on PATH"
                )
            venv = tmp_path_factory.mktemp(f"venv-python3.{minor}")
            # No pip in the environment: the running pip installs into it,
            # which saves bootstrapping one per interpreter and leaves only
            # what amgi_types needs.
            subprocess.run([interpreter, "-m", "venv", "--without-pip", venv], check=True)
            venv_python = str(venv / "bin" / "python")
            # Not editable: the wheel's metadata, and so the typing_extensions
            # marker, is what gets installed.
            subprocess.run(
                [sys.executable, "-m", "pip", "--python", venv_python, "install", "--quiet", REPO],
                check=True,
            )
            built[minor] = venv_python
        return built[minor]

    return python


@pytest.fixture(scope="session")
def spec_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once, as ``make docs`` builds it, for the test modules
    that only read it (the rule sentences and the answers of issue 20)."""
    from test_docs_site import build_site

    return build_site(tmp_path_factory.mktemp("spec-site"))
