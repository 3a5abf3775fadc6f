"""Two TypedDicts of the same name in different modules: module-qualified
targets, the short form where it is unambiguous, a located warning where not."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import ROOTS, Build, key_rows


@pytest.fixture(scope="module")
def qualified(build_root: Callable[..., Build]) -> Build:
    return build_root("typeddict-qualified")


def links(build: Build, starts: str) -> list[str]:
    html = build.html()
    prose = next(p for p in html.select("p") if p.get_text().startswith(starts))
    return [str(a["href"]) for a in prose.select("a.reference")]


def test_an_id_taken_in_the_page_gives_way_to_the_qualified_one(qualified: Build) -> None:
    assert list(key_rows(qualified.html())) == [
        "typeddict-key-Message.key",
        "typeddict-key-Message.only_kafka",
        "typeddict-key-amqp_events.Message.key",
        "typeddict-key-Message.only_amqp",
    ]
    every_id = [str(e["id"]) for e in qualified.html().find_all(id=True)]
    assert len(every_id) == len(set(every_id))


def test_qualified_targets_link_to_their_own_typeddict(qualified: Build) -> None:
    assert links(qualified, "Qualified links") == [
        "#typeddict-key-Message.key",
        "#typeddict-key-amqp_events.Message.key",
    ]


def test_unambiguous_short_targets_still_link(qualified: Build) -> None:
    assert links(qualified, "Short links") == [
        "#typeddict-key-Message.only_kafka",
        "#typeddict-key-Message.only_amqp",
    ]


def test_ambiguous_short_target_warns_at_the_role_and_links_to_the_first_by_path(
    qualified: Build,
) -> None:
    lines = (ROOTS / "test-typeddict-qualified" / "index.rst").read_text("utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "An ambiguous" in text)
    assert qualified.warnings == (
        f"{qualified.srcdir / 'index.rst'}:{line}: WARNING: typeddict-key: 'Message.key' is"
        " the key of more than one TypedDict (amqp_events.Message.key,"
        " kafka_events.Message.key); write the TypedDict's path, such as"
        " 'amqp_events.Message.key' [amgi_types.ambiguous_key]\n"
    )
    assert links(qualified, "An ambiguous") == ["#typeddict-key-amqp_events.Message.key"]


def test_objects_are_the_qualified_targets_and_the_unambiguous_short_ones(qualified: Build) -> None:
    std = qualified.app.env.get_domain("std")
    names = {name for name, _d, kind, _doc, _a, _p in std.get_objects() if kind == "typeddict-key"}
    assert names == {
        "kafka_events.Message.key",
        "kafka_events.Message.only_kafka",
        "amqp_events.Message.key",
        "amqp_events.Message.only_amqp",
        "Message.only_kafka",
        "Message.only_amqp",
    }
