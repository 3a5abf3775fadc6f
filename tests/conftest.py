"""Fixtures for the tests of amgi_types.sphinxext: the Sphinx test roots under roots/."""

from __future__ import annotations

import re
import shutil
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
        return re.sub(r"\x1b\[[0-9;]*m", "", self.app.warning.getvalue())  # type: ignore[attr-defined]

    @property
    def status(self) -> str:
        return self.app.status.getvalue()  # type: ignore[attr-defined,no-any-return]

    def doctree(self) -> nodes.document:
        """The index page as read, before references are resolved."""
        return self.app.env.get_doctree("index")

    def resolved_doctree(self) -> nodes.document:
        return self.app.env.get_and_resolve_doctree("index", self.app.builder, tags=self.app.tags)

    def html(self) -> BeautifulSoup:
        return BeautifulSoup((self.app.outdir / "index.html").read_text("utf-8"), "html.parser")


def key_rows(html: BeautifulSoup) -> dict[str, tuple[str, str, str]]:
    """Each rendered key's (accessor, type, required or optional), by HTML id."""
    rows = {}
    for term in html.select("dt.amgi-key"):
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
