"""Keys described the ways autodoc reads attributes: an attribute docstring
after the key, ``#:`` comments above it or after it on its line."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import ROOTS, Build


@pytest.fixture(scope="module")
def habits(build_root: Callable[..., Build]) -> Build:
    return build_root("typeddict-habits")


def description(build: Build, key_id: str) -> str:
    found = build.html().select_one(f'dt[id="typeddict-key-{key_id}"] + dd')
    assert found is not None, key_id
    return found.get_text(" ", strip=True)


@pytest.mark.parametrize(
    ("key_id", "text"),
    [
        ("Attributes.name", "The name, from the attribute docstring."),
        ("Attributes.size", "The size in bytes . A second paragraph."),
        ("Comments.colour", "The colour, from the comment above. Two lines of it."),
        ("Comments.shade", "The shade, from the comment after: ä."),
        ("Comments.plain", ""),
    ],
)
def test_a_key_is_described_by_its_docstring_or_doc_comments(
    habits: Build, key_id: str, text: str
) -> None:
    assert " ".join(description(habits, key_id).split()) == text


def test_a_key_docstring_is_restructuredtext(habits: Build) -> None:
    size = habits.html().select_one('dt[id="typeddict-key-Attributes.size"] + dd')
    assert size is not None and size.select_one("em") is not None
    assert len(size.select("p")) == 2


@pytest.mark.parametrize(
    ("key_id", "text"),
    [
        ("Precedence.field", "From the field."),
        ("Precedence.docstring", "From the docstring after the key."),
        ("Precedence.after", "From the comment after the key."),
    ],
)
def test_field_wins_over_docstring_over_comment_after_over_comment_above(
    habits: Build, key_id: str, text: str
) -> None:
    assert description(habits, key_id) == text


def test_inherited_keys_keep_the_docstrings_of_the_declaring_class(habits: Build) -> None:
    assert description(habits, "Child.name") == "The name, from the attribute docstring."
    assert (
        description(habits, "Child.extra") == "The child\N{RIGHT SINGLE QUOTATION MARK}s own key."
    )


def test_a_markup_error_in_a_key_docstring_is_reported_at_its_line(habits: Build) -> None:
    lines = (ROOTS / "test-typeddict-habits" / "habits_keys.py").read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "unclosed emphasis" in text)
    # The module is imported once per test session, from the first build's copy.
    assert f"/habits_keys.py:{line}: WARNING: Inline emphasis" in habits.warnings
    assert "Traceback" not in habits.warnings
