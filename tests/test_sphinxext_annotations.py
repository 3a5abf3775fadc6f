"""Annotations as large packages write them: typing's own classes, names
imported under ``if TYPE_CHECKING:``, generic bases and type aliases."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import Build, key_rows
from docutils import nodes
from sphinx import addnodes

from amgi_types.sphinxext import typeddict_key_term


@pytest.fixture(scope="module")
def habits(build_root: Callable[..., Build]) -> Build:
    return build_root("typeddict-habits")


def xrefs(build: Build, key_id: str) -> list[tuple[str, str]]:
    for term in build.doctree().findall(typeddict_key_term):
        if f"typeddict-key-{key_id}" in term["ids"]:
            return [(x["reftype"], x["reftarget"]) for x in term.findall(addnodes.pending_xref)]
    raise AssertionError(key_id)


@pytest.mark.parametrize(
    ("key_id", "row"),
    [
        ("Files.stream", ('files["stream"]', "IO[bytes]", "required")),
        ("Files.text", ('files["text"]', "TextIO", "required")),
        ("Files.streams", ('files["streams"]', "list[IO[str]]", "required")),
        ("Checked.price", ('checked["price"]', "Decimal", "required")),
        ("Checked.thing", ('checked["thing"]', "Thing", "optional")),
        ("Checked.flags", ('checked["flags"]', "dict[str, Thing]", "optional")),
        ("Checked.many", ('checked["many"]', "list[Thing or None]", "required")),
        ("Concrete.value", ('concrete["value"]', "int", "required")),
        ("Concrete.values", ('concrete["values"]', "list[int]", "required")),
        ("Again.value", ('again["value"]', "int", "required")),
        ("Job.status", ('job["status"]', "Status", "required")),
        ("Job.payload", ('job["payload"]', "Payload", "required")),
        ("Job.either", ('job["either"]', "Status or int", "required")),
    ],
)
def test_type_and_requiredness(habits: Build, key_id: str, row: tuple[str, str, str]) -> None:
    assert key_rows(habits.html())[f"typeddict-key-{key_id}"] == row


@pytest.mark.parametrize(
    ("key_id", "expected"),
    [
        ("Files.stream", [("obj", "typing.IO"), ("class", "bytes")]),
        ("Files.text", [("obj", "typing.TextIO")]),
        ("Checked.price", [("class", "decimal.Decimal")]),
        ("Checked.thing", [("obj", "habits_missing.Thing")]),
        ("Checked.flags", [("class", "dict"), ("class", "str"), ("obj", "habits_missing.Thing")]),
        ("Job.status", [("obj", "habits_annotations.Status")]),
        ("Job.payload", [("obj", "habits_annotations.Payload")]),
    ],
)
def test_names_link_where_the_module_takes_them_from(
    habits: Build, key_id: str, expected: list[tuple[str, str]]
) -> None:
    assert xrefs(habits, key_id) == expected


def test_no_reference_to_a_repr(habits: Build) -> None:
    targets = [x["reftarget"] for x in habits.doctree().findall(addnodes.pending_xref)]
    assert [t for t in targets if "'" in t or "<" in t] == []


def test_a_read_only_qualifier_read_from_the_source_is_marked(habits: Build) -> None:
    term = habits.html().select_one('dt[id="typeddict-key-Checked.flags"]')
    assert term is not None and term.select_one(".amgi-read-only") is not None


def test_names_found_where_the_module_imports_them_do_not_warn(habits: Build) -> None:
    assert "unresolved_annotation" not in habits.warnings


def test_an_alias_is_not_expanded(habits: Build) -> None:
    term = next(
        t for t in habits.doctree().findall(typeddict_key_term) if "Job.status" in t["ids"][0]
    )
    assert not [n for n in term.findall(nodes.literal) if "queued" in n.astext()]
