"""Each rendering starts with the TypedDict's name and module and a
permalink, as autodoc shows a class, unless ``:no-signature:`` says the page
gives its own heading."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from conftest import ROOTS, Build
from sphinx.testing.util import SphinxTestApp


@pytest.fixture(scope="module")
def habits(build_root: Callable[..., Build]) -> Build:
    return build_root("typeddict-habits")


def test_the_signature_names_the_typeddict_and_its_module_with_a_permalink(
    habits: Build,
) -> None:
    signature = habits.html().select_one('dl.py.class > dt.sig[id="habits_keys.Attributes"]')
    assert signature is not None
    assert signature.select_one(".sig-prename").get_text() == "habits_keys."  # type: ignore[union-attr]
    assert signature.select_one(".sig-name").get_text() == "Attributes"  # type: ignore[union-attr]
    assert "TypedDict" in signature.get_text()
    link = signature.select_one("a.headerlink")
    assert link is not None and link["href"] == "#habits_keys.Attributes"
    # The key list follows, in the class's body.
    assert signature.find_next_sibling("dd").select_one("dl.amgi-keys") is not None  # type: ignore[union-attr]


def test_links_to_the_typeddict_land_on_its_signature(habits: Build) -> None:
    py = habits.app.env.get_domain("py")
    objects = {name: anchor for name, _d, _t, _doc, anchor, _p in py.get_objects()}
    assert objects["habits_keys.Attributes"] == "habits_keys.Attributes"


def test_no_signature_leaves_the_key_list_alone(habits: Build) -> None:
    html = habits.html()
    plain = html.select_one('div.amgi-typeddict[id="habits_plain.Plain"]')
    assert plain is not None and plain.find_parent("dl") is None
    assert html.select_one('dt.sig[id="habits_plain.Plain"]') is None


def test_an_unindexed_rendering_has_a_signature_without_an_id(habits: Build) -> None:
    page = BeautifulSoup((habits.app.outdir / "other.html").read_text("utf-8"), "html.parser")
    signature = page.select_one("dl.py.class > dt.sig")
    assert signature is not None and "Holder" in signature.get_text()
    assert signature.select_one("a.headerlink") is None


def test_each_typeddict_is_in_the_page_contents(habits: Build) -> None:
    toc = habits.app.env.tocs["index"].astext()
    assert "Attributes" in toc and "Plain" not in toc.replace("habits_plain.Holder", "")


@pytest.mark.parametrize("builder", ["latex", "text"])
def test_other_builders_show_the_signature(
    builder: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    srcdir = tmp_path_factory.mktemp(builder) / "src"
    shutil.copytree(ROOTS / "test-typeddict-habits", srcdir)
    app = SphinxTestApp(builder, srcdir=srcdir, status=StringIO(), warning=StringIO())
    app.build()
    app.cleanup()
    output = "".join(p.read_text("utf-8") for p in app.outdir.glob("*.t*x*"))
    assert "habits_keys.Attributes" in output or "habits\\_keys.Attributes" in output
