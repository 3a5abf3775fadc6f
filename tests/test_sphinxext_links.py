"""Keys have ids, permalinks, index entries and a role; types resolve through intersphinx."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import Build
from docutils import nodes

PYTHON_DOCS = "https://docs.python.org/3/"
# (name, domain:role, page) as Python's own inventory lists them.
PYTHON_OBJECTS = [
    ("bytes", "py:class", "library/stdtypes.html"),
    ("dict", "py:class", "library/stdtypes.html"),
    ("list", "py:class", "library/stdtypes.html"),
    ("tuple", "py:class", "library/stdtypes.html"),
    ("bool", "py:class", "library/functions.html"),
    ("float", "py:class", "library/functions.html"),
    ("int", "py:class", "library/functions.html"),
    ("str", "py:class", "library/stdtypes.html"),
    ("None", "py:data", "library/constants.html"),
    ("typing.Any", "py:data", "library/typing.html"),
    ("collections.abc.Sequence", "py:class", "library/collections.abc.html"),
    ("datetime.datetime", "py:class", "library/datetime.html"),
]


def write_inventory(path: Path) -> None:
    """An objects.inv in Sphinx's version 2 format, so no test needs the network."""
    lines = "".join(f"{name} {role} 1 {page}#$ -\n" for name, role, page in PYTHON_OBJECTS)
    header = (
        "# Sphinx inventory version 2\n# Project: Python\n# Version: 3\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    path.write_bytes(header.encode() + zlib.compress(lines.encode()))


@pytest.fixture(scope="module")
def with_intersphinx(
    build_root: Callable[..., Build], tmp_path_factory: pytest.TempPathFactory
) -> Build:
    inventory = tmp_path_factory.mktemp("inventory") / "python.inv"
    write_inventory(inventory)
    return build_root(
        "typeddict",
        extensions="amgi_types.sphinxext,sphinx.ext.intersphinx",
        intersphinx_mapping={"python": (PYTHON_DOCS, str(inventory))},
        nitpicky=True,
    )


def external_uris(build: Build) -> set[str]:
    return {
        str(ref["refuri"])
        for ref in build.resolved_doctree().findall(nodes.reference)
        if str(ref.get("refuri", "")).startswith(PYTHON_DOCS)
    }


def test_intersphinx_resolves_builtins_typing_abc_and_datetime(with_intersphinx: Build) -> None:
    expected = {f"{PYTHON_DOCS}{page}#{name}" for name, _role, page in PYTHON_OBJECTS}
    assert external_uris(with_intersphinx) == expected


def test_nitpicky_build_with_intersphinx_resolves_every_reference(with_intersphinx: Build) -> None:
    assert with_intersphinx.warnings == ""


def test_without_intersphinx_types_are_plain_text(features: Build) -> None:
    assert external_uris(features) == set()
    headers = features.html().select_one('dt[id="typeddict-key-Connection.headers"] em.amgi-type')
    assert headers is not None and headers.select("a") == []


def test_each_key_has_a_permalink_to_its_own_id(features: Build) -> None:
    term = features.html().select_one('dt[id="typeddict-key-Connection.server.versions.version"]')
    assert term is not None
    link = term.select_one("a.headerlink")
    assert link is not None and link["href"] == "#typeddict-key-Connection.server.versions.version"


def test_role_targets_include_the_typeddict_name(features: Build) -> None:
    html = features.html()
    prose = next(p for p in html.select("p") if p.get_text().startswith("Prose links"))
    hrefs = [a["href"] for a in prose.select("a.reference.internal")]
    assert hrefs == [
        "#typeddict-key-MessageScope.versions.version",
        "#typeddict-key-LifespanScope.versions.version",
        "#typeddict-key-Extensions-message.ack.out_of_order",
        "#typeddict_features.Connection",
    ]
    for href in hrefs:
        assert html.select_one(f'[id="{href[1:]}"]') is not None


def test_keys_are_std_domain_objects(features: Build) -> None:
    std = features.app.env.get_domain("std")
    objects = std.get_objects()
    names = {name for name, _d, kind, _doc, _anchor, _prio in objects if kind == "typeddict-key"}
    assert {
        "MessageScope.versions.version",
        "LifespanScope.versions.version",
        'Extensions["message.ack.out_of_order"]',
        "Connection.server.versions.spec_version",
    } <= names


def test_typeddict_is_a_python_class_object(features: Build) -> None:
    py = features.app.env.get_domain("py")
    classes = {
        name: anchor for name, _d, kind, _doc, anchor, _p in py.get_objects() if kind == "class"
    }
    assert classes["typeddict_features.Connection"] == "typeddict_features.Connection"
    assert classes["typeddict_future.Settings"] == "typeddict_future.Settings"


def test_general_index_lists_typeddicts_and_keys(features: Build) -> None:
    genindex = BeautifulSoup(
        (features.app.outdir / "genindex.html").read_text("utf-8"), "html.parser"
    )
    entries = {a.get_text(): a["href"] for a in genindex.select("table.indextable a")}
    typeddict = entries["Connection (TypedDict in typeddict_features)"]
    assert typeddict == "index.html#typeddict_features.Connection"
    key = 'scope["server"]["versions"]["version"]'
    assert entries[key] == "index.html#typeddict-key-Connection.server.versions.version"
