"""The sentences with an RFC 2119 key word that no addition mark covers, on a built page.

Shared by the test of the specification pages and by the tests that prove
the reading can fail. What a mark covers is what the Requirement levels
section of the site says: a label marks what follows it in its paragraph,
or the whole of a term and its description; a box marks what it holds, or
the whole section when it opens one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import BeautifulSoup, NavigableString, Tag

KEYWORD = re.compile(
    r"\b(?:MUST(?: NOT)?|SHALL(?: NOT)?|SHOULD(?: NOT)?|MAY|REQUIRED|(?:NOT )?RECOMMENDED|OPTIONAL)\b"
)
BLOCKS = frozenset({"p", "dt", "li", "td", "th", "caption", "h1", "h2", "h3", "h4", "h5", "h6"})
MARK = "amgi-addition-mark"
BOX = "amgi-addition"
# Where the site speaks about rules rather than stating them: the definition
# of the key words, and the summary of the original documents.
NOT_RULES = ("conformance", "differences")
# A sentence ends at ., ! or ? followed by a space and what starts a sentence.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'`(“])")


def _is_box(tag: Tag) -> bool:
    return tag.name == "div" and BOX in tag.get("class", [])


def _opens_section(box: Tag) -> bool:
    """A box that is the first thing of its section after the heading."""
    section = box.parent
    if not isinstance(section, Tag) or section.name != "section":
        return False
    for child in section.children:
        if isinstance(child, NavigableString):
            if child.strip():
                return False
            continue
        if child.name in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            continue
        if child.name == "span" and not child.get_text(strip=True):
            continue  # an index target
        return child is box
    return False


def _covered_whole(block: Tag) -> bool:
    for ancestor in block.parents:
        if not isinstance(ancestor, Tag):
            continue
        if _is_box(ancestor):
            return True
        if ancestor.name == "section" and any(
            _is_box(child) and _opens_section(child)
            for child in ancestor.find_all("div", class_=BOX, recursive=False)
        ):
            return True
        if ancestor.name == "dd":
            term = ancestor.find_previous_sibling("dt")
            if term is not None and term.find(class_=MARK) is not None:
                return True
    return block.name == "dt" and block.find(class_=MARK) is not None


def _nearest_block(text: NavigableString) -> Tag | None:
    for ancestor in text.parents:
        if isinstance(ancestor, Tag) and ancestor.name in BLOCKS:
            return ancestor
    return None


def _uncovered_text(block: Tag) -> str:
    """The block's own text that precedes its first mark."""
    parts = []
    for text in block.find_all(string=True):
        if any(isinstance(a, Tag) and MARK in a.get("class", []) for a in text.parents):
            break
        if _nearest_block(text) is block:
            parts.append(str(text))
    return " ".join("".join(parts).split())


def unmarked_rule_sentences(html: str) -> Iterator[str]:
    """Each sentence of the page's article with a key word and no mark over it."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.find("article") or soup
    for name in NOT_RULES:
        # A label before a heading is an empty element at the top of its section.
        target = article.find(id=name)
        if target is not None:
            (target if target.name == "section" else target.find_parent("section")).decompose()
    for code in article.select("div.highlight, pre, a.headerlink"):
        code.decompose()
    for block in article.find_all(BLOCKS):
        if _covered_whole(block):
            continue
        for sentence in SENTENCE_END.split(_uncovered_text(block)):
            if KEYWORD.search(sentence):
                yield sentence
