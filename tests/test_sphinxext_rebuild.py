"""A second, incremental build regenerates exactly the pages that read an
edited module: the directive's own module, the TypedDicts' modules and the
modules the key annotations import their names from."""

from __future__ import annotations

import os
import shutil
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOTS
from sphinx.testing.util import SphinxTestApp

PAGES = ("table", "functional", "envelope", "other")


def build(srcdir: Path) -> SphinxTestApp:
    # The edited modules must be imported again, as a new sphinx-build would.
    for module in [m for m in sys.modules if m.startswith("rebuild_")]:
        del sys.modules[module]
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    app.build()
    app.cleanup()
    return app


def doctree_times(app: SphinxTestApp) -> dict[str, int]:
    return {page: (app.doctreedir / f"{page}.doctree").stat().st_mtime_ns for page in PAGES}


def page_text(app: SphinxTestApp, page: str) -> str:
    html = BeautifulSoup((app.outdir / f"{page}.html").read_text("utf-8"), "html.parser")
    body = html.select_one("div.body")
    assert body is not None
    return body.get_text(" ", strip=True)


@pytest.mark.parametrize(
    ("module", "old", "new", "rebuilt", "page", "shown"),
    [
        # A union alias defined apart from its members.
        (
            "rebuild_unions",
            "Union[Ack, Nack]",
            "Union[Nack, Ack]",
            {"table"},
            "table",
            '"nack" Rejects. "ack"',
        ),
        # A TypedDict made with the functional syntax.
        (
            "rebuild_functional",
            '{"path": str}',
            '{"path": str, "mode": str}',
            {"functional"},
            "functional",
            'message["mode"]',
        ),
        # A type alias imported by the TypedDict's module: shown by its name
        # until it names a class.
        (
            "rebuild_payloads",
            "Union[bytes, None]",
            "bytes",
            {"envelope"},
            "envelope",
            'payload"] ( bytes ,',
        ),
        # The TypedDicts' own module feeds the table and the key list.
        (
            "rebuild_members",
            "Acknowledges.",
            "Acknowledges a message.",
            {"table", "envelope"},
            "table",
            "Acknowledges a message.",
        ),
    ],
)
def test_edit_rebuilds_the_pages_that_read_the_module(
    tmp_path: Path, module: str, old: str, new: str, rebuilt: set[str], page: str, shown: str
) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-typeddict-rebuild", srcdir)
    first = build(srcdir)
    assert first.warning.getvalue() == ""
    assert shown not in page_text(first, page)
    before = doctree_times(first)
    source = srcdir / f"{module}.py"
    text = source.read_text("utf-8")
    assert old in text
    source.write_text(text.replace(old, new), "utf-8")
    later = time.time() + 10
    os.utime(source, (later, later))
    second = build(srcdir)
    after = doctree_times(second)
    assert {p for p in PAGES if after[p] != before[p]} == rebuilt
    assert shown in page_text(second, page)
