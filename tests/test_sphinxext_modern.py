"""Modern typing: ReadOnly keys (PEP 705) are marked, a PEP 695 alias of a
union is a union, and PEP 695 generic TypedDicts resolve their parameters
(on Python 3.12 and newer, in an environment of its own)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOTS, Build, key_rows


@pytest.fixture(scope="module")
def modern(build_root: Callable[..., Build]) -> Build:
    return build_root("typeddict-modern")


def read_only(html: BeautifulSoup) -> dict[str, bool]:
    return {
        str(term["id"]): term.select_one("span.amgi-read-only") is not None
        for term in html.select("dt.amgi-key")
    }


def test_root_builds_without_any_warning(modern: Build) -> None:
    assert modern.warnings == ""


def test_read_only_keys_are_marked(modern: Build) -> None:
    marked = read_only(modern.html())
    assert marked["typeddict-key-Frozen.id"] is True
    assert marked["typeddict-key-Frozen.note"] is True
    assert marked["typeddict-key-Frozen.count"] is False
    # Seen only as a string by the metaclass, so missing from __readonly_keys__.
    assert marked["typeddict-key-Late.name"] is True
    term = modern.html().select_one('dt[id="typeddict-key-Frozen.note"]')
    assert term is not None
    assert term.get_text(" ", strip=True).startswith(
        'message["note"] ( str , optional , read-only )'
    )


def test_type_alias_of_a_union_is_a_table_and_a_type_name(modern: Build) -> None:
    table = modern.html().select_one("table.amgi-typeddict-table")
    assert table is not None
    assert [row.select("td")[0].get_text(strip=True) for row in table.select("tbody tr")] == [
        "Frozen",
        "Late",
    ]
    assert key_rows(modern.html())["typeddict-key-Holder.reply"] == (
        'message["reply"]',
        "Reply",
        "required",
    )


def test_pep695_generics_and_aliases_render_without_warnings(
    pep695_python: Path, tmp_path: Path
) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-typeddict-pep695", srcdir)
    command = [pep695_python, "-m", "sphinx", "-q", "-W", "--keep-going", "-b", "html"]
    result = subprocess.run(
        [*command, srcdir, srcdir / "_build"], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stderr) == (0, "")
    html = BeautifulSoup((srcdir / "_build" / "index.html").read_text("utf-8"), "html.parser")
    rows = key_rows(html)
    assert rows["typeddict-key-Page.items"] == ('message["items"]', "list[Item]", "required")
    assert rows["typeddict-key-Box.value"] == ('message["value"]', "T", "required")
    table = html.select_one("table.amgi-typeddict-table")
    assert table is not None
    assert [row.select("td")[0].get_text(strip=True) for row in table.select("tbody tr")] == [
        "Page",
        "Box",
    ]
