"""Every builder runs over every test root without a traceback and without a
warning the HTML build does not give."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import sys
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from conftest import ROOTS
from sphinx.testing.util import SphinxTestApp

BUILDERS = ["html", "dirhtml", "singlehtml", "latex", "text", "man", "texinfo", "epub", "xml"]
# PEP 695 syntax needs Python 3.12: that root is built by another interpreter below.
PEP695 = "typeddict-pep695"
IN_PROCESS = sorted(
    p.name.removeprefix("test-") for p in ROOTS.iterdir() if p.name != f"test-{PEP695}"
)
# What EPUB asks of every project, so that its warnings are the extension's only.
CONF = {"project": "Test", "version": "1", "copyright": "2026, the authors"}


def build(root: str, builder: str, tmp_path: Path) -> list[str]:
    """The warnings of a build, with the source folder left out."""
    srcdir = tmp_path / builder / "src"
    shutil.copytree(ROOTS / f"test-{root}", srcdir)
    app = SphinxTestApp(
        builder, srcdir=srcdir, confoverrides=CONF, status=StringIO(), warning=StringIO()
    )
    try:
        app.build()
    finally:
        app.cleanup()
        # The next build of the root imports its modules from its own folder.
        for name, module in list(sys.modules.items()):
            if str(getattr(module, "__file__", None) or "").startswith(str(srcdir)):
                del sys.modules[name]
    output = [p for p in Path(app.outdir).rglob("*") if p.is_file()]
    assert output, f"{builder} wrote nothing"
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue() + app.status.getvalue())
    assert "Traceback" not in text and "Exception occurred" not in text
    return sorted(
        line.replace(str(srcdir), "")
        for line in text.splitlines()
        if "WARNING" in line or "ERROR" in line
    )


@functools.cache
def html_warnings(root: str) -> list[str]:
    with tempfile.TemporaryDirectory() as scratch:
        return build(root, "html", Path(scratch))


@pytest.mark.parametrize("builder", BUILDERS[1:])
@pytest.mark.parametrize("root", IN_PROCESS)
def test_builder_gives_the_warnings_of_the_html_build_and_no_more(
    root: str, builder: str, tmp_path: Path
) -> None:
    assert build(root, builder, tmp_path) == html_warnings(root)


def test_every_builder_runs_over_the_pep695_root_cleanly(
    pep695_python: Path, tmp_path: Path
) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / f"test-{PEP695}", srcdir)
    failed = {}
    for builder in BUILDERS:
        command = [pep695_python, "-m", "sphinx", "-q", "-W", "--keep-going", "-b", builder]
        overrides = [f"-D{name}={value}" for name, value in CONF.items()]
        result = subprocess.run(
            [
                *command,
                *overrides,
                "-d",
                tmp_path / f"{builder}.doctrees",
                srcdir,
                tmp_path / builder,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode or result.stderr:
            failed[builder] = result.stderr
    assert failed == {}
