"""The whole docstring is parsed as part of the page: its prose, targets,
footnotes and anonymous links work, wherever its parts are shown."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import Build


@pytest.fixture(scope="module")
def docstrings(build_root: Callable[..., Build]) -> Build:
    return build_root("typeddict-docstring")


def container(build: Build, path: str) -> Tag:
    found = build.html().select_one(f'div.amgi-typeddict[id="{path}"]')
    assert found is not None, path
    return found


def description(html: BeautifulSoup | Tag, key_id: str) -> Tag:
    found = html.select_one(f'dt[id="typeddict-key-{key_id}"] + dd')
    assert found is not None, key_id
    return found


def test_root_builds_without_any_warning(docstrings: Build) -> None:
    assert docstrings.warnings == ""


def test_every_part_of_the_docstring_is_rendered_in_order_with_the_keys_in_place_of_the_fields(
    docstrings: Build,
) -> None:
    children = [
        (child.name, (child.get("class") or [""])[0])
        for child in container(docstrings, "docstring_rendering.Channel").find_all(recursive=False)
    ]
    assert children == [
        ("p", ""),
        ("p", ""),
        ("div", "admonition"),
        ("div", "highlight-python"),
        ("ul", "simple"),
        ("dl", "amgi-keys"),
        ("aside", "footnote-list"),
    ]
    paragraphs = container(docstrings, "docstring_rendering.Channel").find_all("p", recursive=False)
    assert [p.get_text(" ", strip=True) for p in paragraphs] == [
        "A channel of an AsyncAPI document.",
        "A second paragraph: the rules of the channel, which only this text states.",
    ]


def test_hyperlink_target_in_the_docstring_links_its_references(docstrings: Build) -> None:
    channel = container(docstrings, "docstring_rendering.Channel")
    summary_link = channel.select_one("p > a.reference.external")
    assert summary_link is not None and summary_link["href"] == "https://www.asyncapi.com/"
    link = description(channel, "Channel.address").select_one("a")
    assert link is not None and link["href"] == "https://www.asyncapi.com/"


def test_anonymous_hyperlink_in_an_ivar_field_links_its_target(docstrings: Build) -> None:
    link = description(docstrings.html(), "Channel.site").select_one("a")
    assert link is not None
    assert (link.get_text(), link["href"]) == ("the example site", "https://example.org/anonymous")


def footnote_of(html: BeautifulSoup, dd: Tag) -> Tag:
    """The footnote element that the first footnote reference in ``dd`` links to."""
    ref = dd.select_one("a.footnote-reference")
    assert ref is not None
    note = html.find(id=str(ref["href"]).removeprefix("#"))
    assert isinstance(note, Tag) and "footnote" in note.get("class", [])
    backlink = note.select_one("a[role=doc-backlink]")
    assert backlink is not None and backlink["href"] == f"#{ref['id']}"
    return note


def test_footnote_in_a_cvar_field_links_to_the_footnote(docstrings: Build) -> None:
    html = docstrings.html()
    note = footnote_of(html, description(html, "Channel.note"))
    assert note.get_text(" ", strip=True) == "[ 1 ] The footnote\u2019s text."
    assert note.find_parent("div", class_="amgi-typeddict")["id"] == "docstring_rendering.Channel"  # type: ignore[index]


def test_nested_keys_bring_the_targets_and_footnotes_they_refer_to(docstrings: Build) -> None:
    html = docstrings.html()
    link = description(html, "Route.channel.address").select_one("a")
    assert link is not None and link["href"] == "https://www.asyncapi.com/"
    note = footnote_of(html, description(html, "Route.channel.note"))
    assert note.get_text(" ", strip=True) == "[ 3 ] The footnote\u2019s text."
    own = footnote_of(html, description(html, "Route.channel"))
    assert own.get_text(" ", strip=True) == "[ 2 ] An auto-numbered footnote of the route."


def test_table_summary_keeps_its_link(docstrings: Build) -> None:
    table = docstrings.html().select_one("table.amgi-typeddict-table")
    assert table is not None
    summaries = [row.select("td")[3] for row in table.select("tbody tr")]
    assert [s.get_text(" ", strip=True) for s in summaries] == [
        "A channel of an AsyncAPI document.",
        "Another member, per AsyncAPI too.",
    ]
    assert [a["href"] for s in summaries for a in s.select("a")] == [
        "https://www.asyncapi.com/"
    ] * 2


def test_every_link_inside_the_page_has_its_target(docstrings: Build) -> None:
    html = docstrings.html()
    fragments = [str(a["href"])[1:] for a in html.select('a[href^="#"]')]
    assert len(fragments) > 20
    assert [f for f in fragments if f and html.find(id=f) is None] == []


def test_empty_typeddict_renders_its_prose_and_says_it_has_no_keys(docstrings: Build) -> None:
    empty = container(docstrings, "docstring_rendering.Empty")
    assert [p.get_text() for p in empty.find_all("p")] == [
        "A TypedDict without keys.",
        "It still has prose.",
        "Empty has no keys: it is an empty dictionary.",
    ]
    assert empty.select("dl") == []
