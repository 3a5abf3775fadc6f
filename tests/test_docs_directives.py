"""The site's own directives (docs/additions.py, docs/events_table.py,
docs/bindings_fields.py) under every builder and after an incremental build.

The marks of additions are collected from every page into one list on the
specification page: a page whose marks change must update that list, though
the specification page itself did not change.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from test_docs_site import DOCS


def sphinx(source: Path, out: Path, builder: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-n",
            "-W",
            "--keep-going",
            "-q",
            *extra,
            "-b",
            builder,
            "-d",
            str(out / "doctrees"),
            str(source),
            str(out / builder),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def additions_listed(html: Path) -> list[str]:
    soup = BeautifulSoup((html / "specification.html").read_text(encoding="utf-8"), "html.parser")
    return [" ".join(li.get_text(" ").split()) for li in soup.select("ul.amgi-additions-list li")]


@pytest.fixture(scope="module")
def serial_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("serial")
    result = sphinx(DOCS, out, "html")
    assert result.returncode == 0, result.stderr
    return out / "html"


@pytest.mark.parametrize(
    "builder", ["dirhtml", "singlehtml", "text", "latex", "man", "texinfo", "epub", "xml"]
)
def test_site_builds_with_other_builders(tmp_path: Path, builder: str) -> None:
    result = sphinx(DOCS, tmp_path, builder)
    assert result.returncode == 0, result.stderr
    if builder == "singlehtml":
        assert_additions_link_within_the_page(tmp_path / "singlehtml" / "index.html")


def assert_additions_link_within_the_page(page: Path) -> None:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    links = [str(a["href"]) for a in soup.select("ul.amgi-additions-list a")]
    assert links
    ids = {str(element["id"]) for element in soup.find_all(id=True)}
    assert [link for link in links if link.partition("#")[2] not in ids] == []


def test_a_changed_mark_reaches_the_list_in_an_incremental_build(tmp_path: Path) -> None:
    source = tmp_path / "docs"
    shutil.copytree(DOCS, source, ignore=shutil.ignore_patterns("_build"))
    first = sphinx(source, tmp_path, "html")
    assert first.returncode == 0, first.stderr
    assert any(
        item.startswith("An id is unique within its batch")
        for item in additions_listed(tmp_path / "html")
    )

    message = source / "message.rst"
    text = message.read_text(encoding="utf-8")
    message.write_text(
        text.replace("An id is unique within its batch", "Ids never repeat in a batch"),
        encoding="utf-8",
    )
    second = sphinx(source, tmp_path, "html")
    assert second.returncode == 0, second.stderr

    listed = additions_listed(tmp_path / "html")
    assert any(item.startswith("Ids never repeat in a batch") for item in listed)
    assert not any(item.startswith("An id is unique") for item in listed)


def test_parallel_build_lists_every_mark(tmp_path: Path, serial_html: Path) -> None:
    parallel = sphinx(DOCS, tmp_path, "html", "-j", "2")
    assert parallel.returncode == 0, parallel.stderr
    assert additions_listed(tmp_path / "html") == additions_listed(serial_html)
    assert len(additions_listed(serial_html)) >= 10


def test_events_table_reports_a_bad_union_at_its_line(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(DOCS)!r})\nextensions = ['events_table']\n",
        encoding="utf-8",
    )
    (source / "index.rst").write_text(
        "Title\n=====\n\n"
        ".. events-table:: spec_unions.NoSuchUnion\n\n"
        ".. events-table:: amgi_types.Scope\n\n"
        ".. events-table:: amgi_types.MessageScope\n",
        encoding="utf-8",
    )
    result = sphinx(source, tmp_path, "html")
    assert "Traceback" not in result.stderr
    # Only the directive's own reports: this page renders no key list to link to.
    warnings = [line for line in result.stderr.splitlines() if "[amgi_types." in line]
    assert [line.split("WARNING: ")[0].rsplit(":", 2)[-2] for line in warnings] == [
        "4",
        "6",
        "6",
        "8",
    ], warnings
    assert "'spec_unions' has no attribute 'NoSuchUnion' [amgi_types.import]" in warnings[0]
    assert "MessageScope is in neither AMGIReceiveEvent nor AMGISendEvent" in warnings[1]
    assert "LifespanScope is in neither AMGIReceiveEvent nor AMGISendEvent" in warnings[2]
    assert "is not a union of TypedDicts [amgi_types.not_typeddict]" in warnings[3]
