"""The "Rendering your own TypedDicts" page: its live examples render, and its
demo TypedDicts stay out of the site's index, objects.inv and contents."""

from __future__ import annotations

from pathlib import Path

import pytest
import sphobjinv
from bs4 import BeautifulSoup
from test_docs_site import build_site

DEMO_NAMES = (
    "shop_events",
    "OrderPlaced",
    "OrderCancelled",
    "Customer",
    "ShopEvent",
    "weather_api",
    "Forecast",
    "Reading",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("docs"))


def read(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def test_demo_typeddicts_are_not_in_objects_inv(site: Path) -> None:
    inventory = sphobjinv.Inventory(site / "objects.inv")
    names = [obj.name for obj in inventory.objects]
    assert "amgi_types.MessageScope" in names
    assert [n for n in names if any(demo in n for demo in DEMO_NAMES)] == []


def test_demo_typeddicts_are_not_in_the_general_index(site: Path) -> None:
    genindex = read(site / "genindex.html")
    entries = [a.get_text() for a in genindex.select("table.indextable a")]
    assert "MessageScope (TypedDict in amgi_types)" in entries
    assert [e for e in entries if any(demo in e for demo in DEMO_NAMES)] == []
    hrefs = [str(a["href"]) for a in genindex.select("table.indextable a")]
    assert [h for h in hrefs if h.startswith("sphinxext.html")] == []


def test_home_page_contents_hold_no_demo_heading(site: Path) -> None:
    links = [
        a.get_text(strip=True)
        for a in read(site / "index.html").select('a[href^="sphinxext.html"]')
    ]
    assert "Rendering them" in links
    assert [
        text for text in links if "shop" in text.lower() or "Order" in text or "Customer" in text
    ] == []


def test_demo_renders_the_whole_docstring_with_working_links_and_no_targets(site: Path) -> None:
    page = read(site / "sphinxext.html")
    placed = page.find(id="shop_events.OrderPlaced")
    assert placed is not None
    children = [
        (child.name, (child.get("class") or [""])[0]) for child in placed.find_all(recursive=False)
    ]
    assert children == [
        ("p", ""),
        ("p", ""),
        ("div", "admonition"),
        ("dl", "amgi-keys"),
        ("aside", "footnote-list"),
    ]
    link = placed.select_one('a[href="https://cloudevents.io/"]')
    assert link is not None
    ref = placed.select_one("a.footnote-reference")
    assert ref is not None and ref.get_text() == "[1]"
    assert page.find(id=str(ref["href"])[1:]) is not None
    # Not indexed: no ids or permalinks on the entries; the types link within the page.
    assert placed.select("dt[id], a.headerlink") == []
    types = {
        dt.select_one("code").get_text(): [str(a["href"]) for a in dt.select("em.amgi-type a")]  # type: ignore[union-attr]
        for dt in placed.select("dt")
    }
    assert types['event["customer"]'] == ["#shop_events.Customer"]


def test_qualified_and_short_key_targets_link_to_the_same_entry(site: Path) -> None:
    page = read(site / "sphinxext.html")
    by_text = {a.get_text(): str(a["href"]) for a in page.select("a.reference.internal")}
    expected = "message.html#typeddict-key-MessageReceiveEvent.headers"
    assert by_text["amgi_types.MessageReceiveEvent.headers"] == expected
    assert by_text["MessageReceiveEvent.headers"] == expected
