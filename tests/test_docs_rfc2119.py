"""Every rule of the specification pages is the original's or is marked as an addition.

The site is built as ``make docs`` builds it. On each page of the
"Specification" part of the contents, every sentence with an RFC 2119 key
word (in capitals: MUST, MUST NOT, SHOULD, SHOULD NOT, MAY, REQUIRED,
RECOMMENDED, OPTIONAL, SHALL) must either sit under an addition mark, as the
site's Requirement levels section says what a mark covers, or state a rule of
the original AMGI 1.0 documents, listed with its document in
tests/original_rules.py. Each key word of such a sentence must fall inside the
text that the original rule's pattern matches, so a sentence that adds a rule
to an original one is caught as well. Every listed rule must be stated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from original_rules import DOCUMENTS, ORIGINAL_RULES, OriginalRule
from rfc2119_sentences import KEYWORD, unmarked_rule_sentences


@pytest.fixture
def site(spec_site: Path) -> Path:
    return spec_site


def specification_pages(site: Path) -> list[str]:
    """The pages under the "Specification" caption of the contents, in order."""
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    caption = next(
        tag
        for tag in soup.select("article .toctree-wrapper p.caption")
        if tag.get_text(strip=True) == "Specification"
    )
    links = caption.find_next_sibling("ul").find_all("a", href=True, recursive=True)
    return list(dict.fromkeys(str(a["href"]).partition("#")[0] for a in links))


def rule_sentences(site: Path) -> Iterator[tuple[str, str]]:
    for page in specification_pages(site):
        for sentence in unmarked_rule_sentences((site / page).read_text(encoding="utf-8")):
            yield page, sentence


def unaccounted(sentence: str) -> list[str]:
    """The key words of a sentence that no original rule's match covers."""
    spans = [
        match.span() for rule in ORIGINAL_RULES for match in re.finditer(rule.pattern, sentence)
    ]
    return [
        word.group()
        for word in KEYWORD.finditer(sentence)
        if not any(start <= word.start() and word.end() <= end for start, end in spans)
    ]


def test_the_specification_pages_are_the_five_of_the_contents(site: Path) -> None:
    assert specification_pages(site) == [
        "specification.html",
        "message.html",
        "lifespan.html",
        "bindings.html",
        "extensions.html",
    ]


def test_every_rule_sentence_is_marked_as_an_addition_or_is_the_originals(site: Path) -> None:
    stray = [
        f"{page}: {sentence} [{', '.join(words)}]"
        for page, sentence in rule_sentences(site)
        if (words := unaccounted(sentence))
    ]
    assert not stray, "unmarked rules that are not the original's:\n" + "\n".join(stray)


@pytest.mark.parametrize("rule", ORIGINAL_RULES, ids=lambda rule: rule.rule)
def test_every_original_rule_is_stated_on_the_specification_pages(
    site: Path, rule: OriginalRule
) -> None:
    assert rule.document in DOCUMENTS
    stated = [
        sentence for _page, sentence in rule_sentences(site) if re.search(rule.pattern, sentence)
    ]
    assert stated, f"{rule.document}: {rule.rule!r} is stated nowhere unmarked"


def page(body: str) -> str:
    return f"<html><body><article>{body}</article></body></html>"


LABEL = '<span class="amgi-addition-mark" id="addition-x"><span>addition</span></span>'


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("<p>A server MUST do this. It does that.</p>", ["A server MUST do this."]),
        (f"<p>A server does this. {LABEL} It MUST do that.</p>", []),
        (f"<p>A server MUST do this. {LABEL} It MAY do that.</p>", ["A server MUST do this."]),
        ('<div class="admonition amgi-addition"><p>It SHOULD do this.</p></div>', []),
        (
            (
                '<section id="s"><h2>Rules</h2><div class="admonition amgi-addition"><p>x</p></div>'
                "<p>It SHOULD NOT do this.</p></section>"
            ),
            [],
        ),
        (
            (
                '<section id="s"><h2>Rules</h2><p>x</p><div class="admonition amgi-addition">'
                "<p>x</p></div><p>It SHOULD NOT do this.</p></section>"
            ),
            ["It SHOULD NOT do this."],
        ),
        (f"<dl><dt>A term {LABEL}</dt><dd><p>It MAY do this.</p></dd></dl>", []),
        ("<dl><dt>A term</dt><dd><p>It MAY do this.</p></dd></dl>", ["It MAY do this."]),
        ("<table><tr><td>It is OPTIONAL.</td></tr></table>", ["It is OPTIONAL."]),
        ("<p>The server must do this, and may do that.</p>", []),
        (
            '<section id="differences"><span id="d"></span><p>It MUST do this.</p></section>',
            [],
        ),
    ],
)
def test_the_reading_of_marks_finds_exactly_the_unmarked_rules(body: str, found: list[str]) -> None:
    assert list(unmarked_rule_sentences(page(body))) == found


def test_a_key_word_beside_an_original_rule_is_caught() -> None:
    original = "If the server fails to send the message, send() SHOULD raise an OSError subclass."
    assert unaccounted(original) == []
    assert unaccounted(original[:-1] + ", and it MUST log it.") == ["MUST"]
