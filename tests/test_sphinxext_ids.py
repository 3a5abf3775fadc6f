"""Every key has its own HTML id: unique in the page, the same in every build,
readable where the key is ASCII, and registered with the document."""

from __future__ import annotations

import re
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from conftest import Build, key_rows
from sphinx.testing.util import SphinxTestApp

KEYS = ["ключ", "キー", "a-b", "a b", "clé", "cle", "plain", "dotted.key"]


@pytest.fixture(scope="module")
def ids(build_root: Callable[..., Build]) -> Build:
    return build_root("typeddict-ids")


def test_root_builds_without_any_warning(ids: Build) -> None:
    assert ids.warnings == ""


def test_every_id_in_the_page_is_unique(ids: Build) -> None:
    every_id = [str(element["id"]) for element in ids.html().find_all(id=True)]
    assert len(every_id) == len(set(every_id))
    assert len(key_rows(ids.html())) == len(KEYS)


def test_each_role_links_to_its_own_keys_entry(ids: Build) -> None:
    html = ids.html()
    prose = next(p for p in html.select("p") if p.get_text().startswith("Links"))
    linked = []
    for link in prose.select("a.reference.internal"):
        term = html.find(id=str(link["href"]).removeprefix("#"))
        assert term is not None
        accessor = term.select_one("code.amgi-accessor")
        assert accessor is not None
        linked.append(accessor.get_text())
    assert linked == [f'message["{key}"]' for key in KEYS]


def test_ascii_keys_have_readable_ids_and_others_a_hash(ids: Build) -> None:
    by_accessor = {accessor: key_id for key_id, (accessor, _t, _l) in key_rows(ids.html()).items()}
    assert by_accessor['message["plain"]'] == "typeddict-key-Keys.plain"
    assert by_accessor['message["cle"]'] == "typeddict-key-Keys.cle"
    assert by_accessor['message["dotted.key"]'] == "typeddict-key-Keys-dotted.key"
    hashed = {
        key: by_accessor[f'message["{key}"]'] for key in ("ключ", "キー", "a-b", "a b", "clé")
    }
    assert re.fullmatch(r"typeddict-key-Keys-[0-9a-f]{8}", hashed["ключ"])
    assert re.fullmatch(r"typeddict-key-Keys.a-b-[0-9a-f]{8}", hashed["a-b"])
    assert re.fullmatch(r"typeddict-key-Keys.cle-[0-9a-f]{8}", hashed["clé"])


def test_ids_are_the_same_in_a_fresh_build(ids: Build, tmp_path: Path) -> None:
    again = SphinxTestApp(
        "html",
        srcdir=ids.srcdir,
        builddir=tmp_path,
        freshenv=True,
        status=StringIO(),
        warning=StringIO(),
    )
    again.build()
    again.cleanup()
    assert key_rows(Build(again, ids.srcdir).html()) == key_rows(ids.html())


def test_ids_are_registered_with_the_document(ids: Build) -> None:
    document = ids.doctree()
    for key_id in key_rows(ids.html()):
        assert key_id in document.ids


def test_latex_labels_are_unique(build_root: Callable[..., Build], tmp_path: Path) -> None:
    srcdir = build_root("typeddict-ids").srcdir
    app = SphinxTestApp(
        "latex", srcdir=srcdir, builddir=tmp_path, status=StringIO(), warning=StringIO()
    )
    app.build()
    app.cleanup()
    tex = next(Path(app.outdir).glob("*.tex")).read_text("utf-8")
    labels = re.findall(r"\\label\{\\detokenize\{(index:typeddict-key-[^}]*)\}\}", tex)
    assert len(labels) == len(KEYS)
    assert len(set(labels)) == len(labels)
