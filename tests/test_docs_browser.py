"""The built site, loaded in a real browser, shows every key list; a screenshot is kept.

Runs when Debian's ``chromium`` is on PATH (``.ci/run`` installs it). Each
page is loaded headless from disk with ``--dump-dom``, so the checks read the
DOM after the theme's scripts ran. The site is built into a temporary folder,
so runs at the same time do not share a build; the screenshot of the Message
format page is written into that build folder and copied to
``docs/_build/screenshots/message.png``, a stable place for a person or a CI
artifact to find it.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from test_docs_site import DOCS, build_site, home_page, missing_keys, public_typeddicts

CHROMIUM = shutil.which("chromium")
KEPT_SCREENSHOT = DOCS / "_build" / "screenshots" / "message.png"
WINDOW = (1280, 2000)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not on PATH (apt-get install chromium); the browser check needs it",
)


def chromium(profile: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
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
            f"--user-data-dir={profile}",
            *arguments,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("docs"))


@pytest.fixture(scope="module")
def dom(site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, BeautifulSoup]:
    """Each written page's DOM as the browser rendered it, by file name."""
    pages = sorted(site.glob("*.html"))
    profiles = [tmp_path_factory.mktemp("profile") for _ in pages]
    # Each browser mostly waits on its own start-up, so a few run at once.
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda page, profile: chromium(profile, "--dump-dom", page.as_uri()), pages, profiles))
    for result in results:
        assert result.returncode == 0, result.stderr
    return {page.name: BeautifulSoup(result.stdout, "html.parser") for page, result in zip(pages, results)}


def test_every_page_loads_with_its_title(site: Path, dom: dict[str, BeautifulSoup]) -> None:
    assert sorted(dom) == sorted(page.name for page in site.glob("*.html"))
    untitled = [name for name, soup in dom.items() if soup.title is None or not soup.title.get_text(strip=True)]
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


def test_screenshot_of_the_message_format_page(site: Path, tmp_path: Path) -> None:
    screenshot = site.parent / "message.png"
    result = chromium(
        tmp_path / "profile",
        f"--screenshot={screenshot}",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        (site / "message.html").as_uri(),
    )
    assert result.returncode == 0, result.stderr
    png = screenshot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == WINDOW
    KEPT_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    # Written aside, then renamed: a concurrent run never sees half a file.
    partial = KEPT_SCREENSHOT.with_name(f".{os.getpid()}.png")
    partial.write_bytes(png)
    os.replace(partial, KEPT_SCREENSHOT)
