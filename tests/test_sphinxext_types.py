"""Types are shown in a reader's words, with links to where names are documented."""

from __future__ import annotations

import pytest
from conftest import Build, key_rows
from docutils import nodes
from sphinx import addnodes

from amgi_types.sphinxext import typeddict_key_term


@pytest.mark.parametrize(
    ("key_id", "shown"),
    [
        ("Connection.type", '"connection"'),
        ("Connection.mode", '"push" or "pull" or "stream"'),
        ("Connection.timeout", "float or None"),
        ("Connection.retries", "int or None"),
        ("Connection.headers", "Sequence[tuple[bytes, bytes]]"),
        ("Connection.started", "datetime"),
        ("Connection.extra", "dict[str, Any]"),
        ("Connection.server", "Server"),
        ("Connection.later", "Later"),
        ("Node.children", "list[Node]"),
        ("Node.parent", "Node"),
        ("Envelope.reply", "Ack or Nack"),
        ("Envelope.replies", "list[Ack]"),
        ("Envelope.maybe", "Ack or None"),
        ("Settings.mode", '"r" or "w"'),
        ("Legacy.label", "str"),
    ],
)
def test_type_text(features: Build, key_id: str, shown: str) -> None:
    assert key_rows(features.html())[f"typeddict-key-{key_id}"][1] == shown


def term_xrefs(features: Build, key_id: str) -> list[tuple[str, str]]:
    for term in features.doctree().findall(typeddict_key_term):
        if term["ids"] == [f"typeddict-key-{key_id}"]:
            return [(x["reftype"], x["reftarget"]) for x in term.findall(addnodes.pending_xref)]
    raise AssertionError(key_id)


@pytest.mark.parametrize(
    ("key_id", "xrefs"),
    [
        ("Connection.timeout", [("class", "float"), ("obj", "None")]),
        (
            "Connection.headers",
            [
                ("class", "collections.abc.Sequence"),
                ("class", "tuple"),
                ("class", "bytes"),
                ("class", "bytes"),
            ],
        ),
        ("Connection.started", [("class", "datetime.datetime")]),
        ("Connection.extra", [("class", "dict"), ("class", "str"), ("obj", "typing.Any")]),
        (
            "Envelope.reply",
            [("class", "typeddict_features.Ack"), ("class", "typeddict_features.Nack")],
        ),
        ("Node.children", [("class", "list"), ("class", "typeddict_features.Node")]),
        ("Connection.mode", []),
    ],
)
def test_type_names_are_python_domain_references(
    features: Build, key_id: str, xrefs: list[tuple[str, str]]
) -> None:
    assert term_xrefs(features, key_id) == xrefs


def test_literal_values_are_code(features: Build) -> None:
    for term in features.doctree().findall(typeddict_key_term):
        if term["ids"] == ["typeddict-key-Connection.mode"]:
            values = [
                n.astext() for n in term.findall(nodes.literal) if "amgi-value" in n["classes"]
            ]
            assert values == ['"push"', '"pull"', '"stream"']
            return
    raise AssertionError("Connection.mode not rendered")


def test_types_link_to_the_key_list_of_documented_typeddicts(features: Build) -> None:
    html = features.html()
    term = html.select_one('dt[id="typeddict-key-Envelope.reply"]')
    assert term is not None
    hrefs = [a["href"] for a in term.select("em.amgi-type a")]
    assert hrefs == ["#typeddict_features.Ack", "#typeddict_features.Nack"]
