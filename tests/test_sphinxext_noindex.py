"""``:no-index:`` (and ``:noindex:``) renders a TypedDict again without
targets, index entries, duplicate ids or warnings, as Sphinx's own object
directives do."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOTS, Build
from sphinx.testing.util import SphinxTestApp


@pytest.fixture(scope="module")
def noindex(build_root: Callable[..., Build]) -> Build:
    return build_root("typeddict-noindex")


def test_rendering_again_without_an_index_gives_no_warning(noindex: Build) -> None:
    assert noindex.warnings == ""


@pytest.mark.parametrize("page", ["index.html", "other.html"])
def test_ids_are_unique_in_each_page(noindex: Build, page: str) -> None:
    html = BeautifulSoup((noindex.app.outdir / page).read_text("utf-8"), "html.parser")
    every_id = [str(e["id"]) for e in html.find_all(id=True)]
    assert len(every_id) == len(set(every_id))


def test_unindexed_renderings_have_the_same_keys_but_no_ids_or_permalinks(noindex: Build) -> None:
    html = noindex.html()
    things = [c for c in html.select("div.amgi-typeddict") if "A thing" in c.get_text()]
    assert len(things) == 3
    accessors = [[code.get_text() for code in c.select("code.amgi-accessor")] for c in things]
    assert (
        accessors[0]
        == accessors[1]
        == accessors[2]
        == [
            'message["name"]',
            'message["part"]',
            'message["part"]["size"]',
        ]
    )
    assert things[0]["id"] == "noindex_types.Thing"
    for unindexed in things[1:]:
        assert unindexed.get("id") is None
        assert unindexed.select("dt[id], a.headerlink") == []


def test_only_the_indexed_rendering_is_in_the_general_index(noindex: Build) -> None:
    genindex = BeautifulSoup(
        (noindex.app.outdir / "genindex.html").read_text("utf-8"), "html.parser"
    )
    entries = sorted(str(a["href"]) for a in genindex.select("table.indextable a"))
    # Each key twice: under the TypedDict and under its own name.
    assert entries == [
        "index.html#noindex_types.Thing",
        "index.html#typeddict-key-Thing.name",
        "index.html#typeddict-key-Thing.name",
        "index.html#typeddict-key-Thing.part",
        "index.html#typeddict-key-Thing.part",
        "index.html#typeddict-key-Thing.part.size",
        "index.html#typeddict-key-Thing.part.size",
    ]


def test_roles_on_every_page_link_to_the_indexed_rendering(noindex: Build) -> None:
    for page, prefix in (("index.html", ""), ("other.html", "index.html")):
        html = BeautifulSoup((noindex.app.outdir / page).read_text("utf-8"), "html.parser")
        prose = next(p for p in html.select("p") if p.get_text().startswith("A link to"))
        assert [a["href"] for a in prose.select("a")] == [f"{prefix}#typeddict-key-Thing.name"]


def test_types_link_to_a_typeddict_rendered_only_without_an_index_on_the_same_page(
    noindex: Build,
) -> None:
    html = noindex.html()
    part = html.select_one('div.amgi-typeddict[id="noindex_types.Part"]')
    assert part is not None and "A part" in part.get_text()
    links = {str(a["href"]) for a in html.select("dt em.amgi-type a")}
    assert links == {"#noindex_types.Part"}
    py = noindex.app.env.get_domain("py")
    assert "noindex_types.Part" not in {name for name, *_rest in py.get_objects()}


def test_each_rendering_has_its_own_footnote(noindex: Build) -> None:
    html = noindex.html()
    refs = html.select("a.footnote-reference")
    assert len(refs) == 3
    for ref in refs:
        note = html.find(id=str(ref["href"]).removeprefix("#"))
        assert note is not None and "Where things come from." in note.get_text()
    assert len({str(ref["href"]) for ref in refs}) == 3


@pytest.mark.parametrize("builder", ["singlehtml", "latex"])
def test_pages_joined_into_one_still_link_types_to_the_unindexed_rendering(
    tmp_path: Path, builder: str
) -> None:
    # These builders resolve every page's links under the master page's name.
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-typeddict-noindex", srcdir)
    app = SphinxTestApp(
        builder,
        srcdir=srcdir,
        confoverrides={"nitpicky": True},
        status=StringIO(),
        warning=StringIO(),
    )
    app.build()
    app.cleanup()
    # other.rst renders Thing without Part anywhere on its page: that link
    # is missing in every builder; index.rst's must resolve.
    warnings = app.warning.getvalue()
    assert "noindex_types.Part" in warnings
    assert "index.rst" not in warnings
    if builder == "singlehtml":
        html = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
        assert {str(a["href"]) for a in html.select("dt em.amgi-type a")} == {"#noindex_types.Part"}
