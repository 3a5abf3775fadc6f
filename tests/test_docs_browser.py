"""The built site, loaded in a real browser on a desktop and a 390 px phone screen.

Runs when Debian's ``chromium`` is on PATH (``.ci/run`` installs it). One
headless chromium is driven over the DevTools protocol (``--remote-debugging-pipe``),
which can emulate a phone's screen exactly; every page is loaded from disk, so
the checks read the DOM after the theme's scripts ran. The site is built into
a temporary folder, so runs at the same time do not share a build.
Screenshots of the AMGI specification, Message format, Lifespan protocol and
Bindings pages, on the desktop and at
390 px, are written into ``docs/_build/screenshots/``, a stable place for a
person or a CI artifact to find them.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import re
import select
import shutil
import struct
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from test_docs_site import DOCS, build_site, home_page, missing_keys, public_typeddicts

CHROMIUM = shutil.which("chromium")
SCREENSHOTS = DOCS / "_build" / "screenshots"
DESKTOP = (1280, 2000)
PHONE = (390, 2400)
SCREENSHOT_PAGES = ("specification", "message", "lifespan", "bindings")
REPLY_TIMEOUT = 60

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not on PATH (apt-get install chromium); the browser check needs it",
)

# Where a page may be wider than the screen: inside a container that scrolls
# by itself (a table, a code block, the term of a key, a literal longer than
# the line). Anything else in the
# article that reaches past the right edge makes the page scroll sideways,
# which Furo's ``overflow-x: hidden`` on <html> would otherwise hide from
# ``document.documentElement.scrollWidth``.
OVERFLOW = """(() => {
  const scrolls = (el) => el.matches(".table-wrapper, div.highlight pre, dl.amgi-keys > dt, code.literal")
    && getComputedStyle(el).overflowX !== "visible";
  const wide = [];
  for (const el of document.querySelectorAll("article *")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= window.innerWidth + 0.5) continue;
    let parent = el.parentElement;
    while (parent && parent.tagName !== "ARTICLE" && !scrolls(parent)) parent = parent.parentElement;
    if (!parent || parent.tagName === "ARTICLE") {
      wide.push(el.tagName.toLowerCase() + ": " + (el.textContent || "").trim().slice(0, 60));
    }
  }
  const breaking = [...document.querySelectorAll("article code, article pre")]
    .filter(el => ["anywhere", "break-word"].includes(getComputedStyle(el).overflowWrap)
                  || getComputedStyle(el).wordBreak === "break-all")
    .map(el => (el.textContent || "").trim().slice(0, 60));
  return {width: window.innerWidth, scrollWidth: document.documentElement.scrollWidth, wide: wide,
          breaking: breaking};
})()"""


class Browser:
    """One headless chromium, one tab, spoken to over the DevTools pipe (fds 3 and 4)."""

    def __init__(self, profile: Path) -> None:
        assert CHROMIUM is not None
        to_browser, commands = os.pipe()
        replies, from_browser = os.pipe()
        # Copied above 4 first, so that placing them on 3 and 4 clobbers neither.
        child_in = fcntl.fcntl(to_browser, fcntl.F_DUPFD, 10)
        child_out = fcntl.fcntl(from_browser, fcntl.F_DUPFD, 10)
        os.close(to_browser)
        os.close(from_browser)

        def place_pipes() -> None:
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        self.process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-pipe",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            pass_fds=(3, 4, child_in, child_out),
            preexec_fn=place_pipes,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(child_in)
        os.close(child_out)
        self.commands = os.fdopen(commands, "wb", buffering=0)
        self.replies = os.fdopen(replies, "rb", buffering=0)
        self.buffer = b""
        self.last_id = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.call("Page.enable", session=True)

    def _message(self) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            # A browser that hangs fails the test instead of stalling the run.
            ready, _, _ = select.select([self.replies], [], [], REPLY_TIMEOUT)
            if not ready:
                raise TimeoutError(f"chromium sent nothing for {REPLY_TIMEOUT} s")
            chunk = self.replies.read(1 << 16)
            if not chunk:
                raise RuntimeError(
                    f"chromium closed its DevTools pipe (exit {self.process.poll()})"
                )
            self.buffer += chunk
        message, _nul, self.buffer = self.buffer.partition(b"\0")
        return dict(json.loads(message))

    def call(self, method: str, *, session: bool = False, **params: Any) -> dict[str, Any]:
        self.last_id += 1
        command: dict[str, Any] = {"id": self.last_id, "method": method, "params": params}
        if session:
            command["sessionId"] = self.session
        self.commands.write(json.dumps(command).encode() + b"\0")
        while True:
            message = self._message()
            if message.get("id") != self.last_id:
                self.events.append(message)
            elif "error" in message:
                raise RuntimeError(f"{method}: {message['error']}")
            else:
                return dict(message["result"])

    def load(self, page: Path, size: tuple[int, int], *, mobile: bool, query: str = "") -> None:
        width, height = size
        self.call(
            "Emulation.setDeviceMetricsOverride",
            session=True,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=mobile,
        )
        self.events.clear()
        url = page.as_uri() + (f"?{query}" if query else "")
        self.call("Page.navigate", session=True, url=url)
        while not any(event.get("method") == "Page.loadEventFired" for event in self.events):
            self.events.append(self._message())

    def evaluate(self, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate", session=True, expression=expression, returnByValue=True
        )
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"]["value"]

    def screenshot(self) -> bytes:
        return base64.b64decode(
            self.call("Page.captureScreenshot", session=True, format="png")["data"]
        )

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (RuntimeError, OSError):
            self.process.kill()
        finally:
            self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("docs"))


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    opened = Browser(tmp_path_factory.mktemp("profile"))
    yield opened
    opened.close()


def written_pages(site: Path) -> list[Path]:
    return sorted(site.glob("*.html"))


@pytest.fixture(scope="module")
def dom(site: Path, browser: Browser) -> dict[str, BeautifulSoup]:
    """Each page's DOM on the desktop, as the browser rendered it, by file name."""
    rendered = {}
    for page in written_pages(site):
        browser.load(page, DESKTOP, mobile=False)
        rendered[page.name] = BeautifulSoup(
            browser.evaluate("document.documentElement.outerHTML"), "html.parser"
        )
    return rendered


@pytest.fixture(scope="module")
def phone_overflow(site: Path, browser: Browser) -> dict[str, dict[str, Any]]:
    """Each page's overflow at 390 px, by file name."""
    measured = {}
    for page in written_pages(site):
        browser.load(page, PHONE, mobile=True)
        measured[page.name] = dict(browser.evaluate(OVERFLOW))
    return measured


def test_every_page_loads_with_its_title(site: Path, dom: dict[str, BeautifulSoup]) -> None:
    assert sorted(dom) == sorted(page.name for page in written_pages(site))
    untitled = [
        name
        for name, soup in dom.items()
        if soup.title is None or not soup.title.get_text(strip=True)
    ]
    assert not untitled


@pytest.mark.parametrize("name", sorted(public_typeddicts()))
def test_rendered_dom_holds_every_key_list(dom: dict[str, BeautifulSoup], name: str) -> None:
    page = home_page(name)
    missing = missing_keys(dom[page], name, public_typeddicts()[name])
    assert not missing, f"the browser's {page} lacks entries of {name} for {missing}"


def test_theme_scripts_ran(dom: dict[str, BeautifulSoup]) -> None:
    # Furo's script sets the colour scheme on <body>; the raw HTML has none, so
    # this proves the DOM checked above is the one after the page's scripts.
    assert dom["message.html"].body.get("data-theme") is not None


def test_no_page_scrolls_sideways_at_390_px(phone_overflow: dict[str, dict[str, Any]]) -> None:
    assert phone_overflow, "no page was measured"
    too_wide = {
        name: measured
        for name, measured in phone_overflow.items()
        if measured["width"] != PHONE[0] or measured["scrollWidth"] > PHONE[0] or measured["wide"]
    }
    assert not too_wide, json.dumps(too_wide, indent=1)


def test_overflow_check_finds_an_element_wider_than_the_phone(
    site: Path, browser: Browser, tmp_path: Path
) -> None:
    # The check above can fail: a word wider than the screen, outside any
    # scrolling container, is reported although <html> hides the overflow.
    page = site / "message.html"
    wide = page.with_name("too-wide.html")
    html = page.read_text(encoding="utf-8")
    word = '<code style="white-space: nowrap">' + "x" * 120 + "</code>"
    wide.write_text(html.replace("<h1>", "<h1>" + word, 1), encoding="utf-8")
    try:
        browser.load(wide, PHONE, mobile=True)
        measured = browser.evaluate(OVERFLOW)
    finally:
        wide.unlink()
    assert measured["scrollWidth"] <= PHONE[0]
    assert any("x" * 60 in element for element in measured["wide"])


def test_breaking_check_finds_code_that_breaks_inside_a_word(site: Path, browser: Browser) -> None:
    page = site / "message.html"
    breaking = page.with_name("breaking.html")
    html = page.read_text(encoding="utf-8")
    breaking.write_text(
        html.replace(
            "</head>",
            "<style>article code { overflow-wrap: anywhere !important }</style></head>",
            1,
        ),
        encoding="utf-8",
    )
    try:
        browser.load(breaking, PHONE, mobile=True)
        measured = browser.evaluate(OVERFLOW)
    finally:
        breaking.unlink()
    assert measured["breaking"]


# Every table of the article: its width against its wrapper's, whether its
# heading row shows, and each body row's cells with the label each shows
# before its text (empty on a wide screen).
TABLES = """[...document.querySelectorAll("article table.docutils")].map(table => {
  const wrapper = table.closest(".table-wrapper") || table.parentElement;
  const head = table.querySelector("thead");
  const headings = head ? [...head.querySelectorAll("th")].map(th => th.textContent.trim()) : [];
  return {
    wrapperWidth: wrapper.clientWidth, scrollWidth: wrapper.scrollWidth,
    headVisible: head !== null && getComputedStyle(head).display !== "none",
    headings: headings,
    rows: [...table.querySelectorAll("tbody > tr")].map(tr => ({
      width: tr.getBoundingClientRect().width,
      cells: [...tr.children].map(td => ({
        label: td.dataset.label || null,
        shown: getComputedStyle(td, "::before").content,
        display: getComputedStyle(td).display,
      })),
    })),
  };
})"""

TABLE_PAGES = ("specification.html", "message.html", "lifespan.html", "index.html")


@pytest.mark.parametrize("page", TABLE_PAGES)
def test_tables_fit_the_desktop_width(site: Path, browser: Browser, page: str) -> None:
    browser.load(site / page, DESKTOP, mobile=False)
    tables = browser.evaluate(TABLES)
    assert tables, f"no table on {page}"
    for table in tables:
        # Nothing to scroll to: every column is in view.
        assert table["scrollWidth"] <= table["wrapperWidth"] + 1, table["headings"]
        assert table["headVisible"]
        assert all(
            cell["shown"] in ("none", "normal") for row in table["rows"] for cell in row["cells"]
        )


@pytest.mark.parametrize("page", TABLE_PAGES)
def test_table_rows_stack_as_labelled_cards_at_390_px(
    site: Path, browser: Browser, page: str
) -> None:
    browser.load(site / page, PHONE, mobile=True)
    tables = browser.evaluate(TABLES)
    assert tables, f"no table on {page}"
    for table in tables:
        assert table["scrollWidth"] <= table["wrapperWidth"] + 1, table["headings"]
        assert not table["headVisible"]
        for row in table["rows"]:
            # A card as wide as the column of text, its cells one above another.
            assert row["width"] <= table["wrapperWidth"] + 1
            assert {cell["display"] for cell in row["cells"]} == {"block"}
            labels = [cell["label"] for cell in row["cells"]]
            assert labels == table["headings"]
            assert [cell["shown"] for cell in row["cells"]] == [f'"{label}"' for label in labels]


SEARCH_RESULTS = """(() => {
  const status = document.querySelector("#search-results .search-summary");
  if (!status || !/finished|did not match/.test(status.textContent)) return null;
  return [...document.querySelectorAll("#search-results li")].map(li => {
    const link = li.querySelector("a");
    return [link.textContent, link.getAttribute("href"), li.textContent];
  });
})()"""


def search(browser: Browser, site: Path, query: str) -> list[tuple[str, str, str]]:
    """The results of the site's own search page, best first, as (title, href, text)."""
    browser.load(site / "search.html", DESKTOP, mobile=False, query=f"q={query}")
    deadline = time.monotonic() + REPLY_TIMEOUT
    # The status says "finished" once every result is written.
    while (results := browser.evaluate(SEARCH_RESULTS)) is None:
        assert time.monotonic() < deadline, f"the search for {query!r} never finished"
        time.sleep(0.1)
    return [tuple(result) for result in results]


def test_a_search_for_nack_first_reaches_its_section(site: Path, browser: Browser) -> None:
    results = search(browser, site, "nack")
    page, _, fragment = results[0][1].partition("#")
    assert page == "message.html" and fragment, results[:3]
    nack = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    target = nack.find(id=fragment)
    assert target is not None
    # The section of "message.nack" opens with its label.
    assert target.find_parent("section").find(id="message-nack", recursive=False) is not None


@pytest.mark.parametrize("query", ["out_of_order", "message.ack.out_of_order", "more_messages"])
def test_search_results_show_no_escaped_html(site: Path, browser: Browser, query: str) -> None:
    results = search(browser, site, query)
    assert results
    assert not [text for _title, _href, text in results if re.search(r"&(quot|amp|lt|gt);", text)]


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("more_messages", ["MessageReceiveEvent.more_messages"]),
        ("id", ["MessageReceiveEvent.id", "MessageAckEvent.id", "MessageNackEvent.id"]),
        ("out_of_order", ["MessageExtensions-message.ack.out_of_order"]),
    ],
)
def test_search_lists_each_key_once_and_first(
    site: Path, browser: Browser, query: str, keys: list[str]
) -> None:
    results = search(browser, site, query)
    hrefs = [href for _title, href, _text in results]
    found = [href.partition("#typeddict-key-")[2] for href in hrefs if "#typeddict-key-" in href]
    assert sorted(found) == sorted(keys)
    # Before any page that merely mentions the word.
    assert all("#typeddict-key-" in href for href in hrefs[: len(keys)])


def test_code_never_breaks_inside_a_word(phone_overflow: dict[str, dict[str, Any]]) -> None:
    breaking = {
        name: measured["breaking"]
        for name, measured in phone_overflow.items()
        if measured["breaking"]
    }
    assert not breaking


@pytest.mark.parametrize("page", SCREENSHOT_PAGES)
@pytest.mark.parametrize(
    ("screen", "size", "mobile"), [("desktop", DESKTOP, False), ("390px", PHONE, True)]
)
def test_screenshot(
    site: Path, browser: Browser, page: str, screen: str, size: tuple[int, int], mobile: bool
) -> None:
    browser.load(site / f"{page}.html", size, mobile=mobile)
    png = browser.screenshot()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == size
    kept = SCREENSHOTS / f"{page}-{screen}.png"
    kept.parent.mkdir(parents=True, exist_ok=True)
    # Written aside, then renamed: a concurrent run never sees half a file.
    partial = kept.with_name(f".{os.getpid()}-{kept.name}")
    partial.write_bytes(png)
    os.replace(partial, kept)


def test_general_index_columns_stack_at_390_px(site: Path, browser: Browser) -> None:
    browser.load(site / "genindex.html", PHONE, mobile=True)
    widths = browser.evaluate(
        "[...document.querySelectorAll('table.genindextable td')].map(td => td.getBoundingClientRect().width)"
    )
    assert widths and min(widths) > PHONE[0] * 0.8, widths
