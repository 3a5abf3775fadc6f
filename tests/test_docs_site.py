"""The built specification site holds every key of the types, on the right page, with working links.

The site is built once, as ``make docs`` builds it (nitpicky, warnings are
errors), into a temporary folder; the tests read the HTML. The keys expected
on each page are derived from ``amgi_types`` at run time, so a key added to a
TypedDict and missing from the site fails here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import typing
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import typing_extensions
from bs4 import BeautifulSoup, Tag

import amgi_types

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
EXAMPLES = DOCS / "examples"
PYTHON_DOCS = "https://docs.python.org/3/"

# Pages of docs.python.org that the generated inventory points into.
PYTHON_DOC_PAGES = re.compile(
    r"https://docs\.python\.org/3/library/"
    r"(stdtypes|functions|constants|exceptions|typing|collections\.abc|datetime)\.html#(module-)?[\w.]+"
)


def build_site(out: Path, *, prefix: Sequence[str] = ()) -> Path:
    """Build the docs into ``out`` the way ``make docs`` does; return the HTML folder."""
    html = out / "html"
    result = subprocess.run(
        [*prefix, sys.executable, "-m", "sphinx", "-n", "-W", "--keep-going", "-E", "-q",
         "-b", "html", "-d", str(out / "doctrees"), str(DOCS), str(html)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"the docs build failed:\n{result.stderr}"
    return html


def public_typeddicts() -> dict[str, type]:
    return {
        name: obj
        for name in amgi_types.__all__
        if typing_extensions.is_typeddict(obj := getattr(amgi_types, name))
    }


def home_page(name: str) -> str:
    """The page that documents a TypedDict, by the protocol its name belongs to."""
    if "Bindings" in name:
        return "bindings.html"
    if "Extension" in name:
        return "extensions.html"
    if name.startswith("Lifespan"):
        return "lifespan.html"
    if name.startswith("Message"):
        return "message.html"
    if name == "AMGIVersions":
        return "specification.html"
    raise AssertionError(f"no page is known for {name}: add it to home_page()")


_WRAPPERS = (
    typing_extensions.Required,
    typing_extensions.NotRequired,
    typing_extensions.ReadOnly,
    typing_extensions.Annotated,
)


def _unwrap(hint: object) -> object:
    """Strip Required, NotRequired, ReadOnly and Annotated around a key's type."""
    while typing.get_origin(hint) in _WRAPPERS:
        hint = typing.get_args(hint)[0]
    return hint


def key_paths(td: type, seen: tuple[type, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every accessor path of a TypedDict, nested TypedDicts followed into their keys."""
    hints = typing.get_type_hints(td, include_extras=True)
    for key, hint in hints.items():
        yield (key,)
        nested = _unwrap(hint)
        if typing_extensions.is_typeddict(nested) and nested not in seen:
            for path in key_paths(nested, (*seen, td)):  # type: ignore[arg-type]
                yield (key, *path)


def accessor(path: tuple[str, ...]) -> str:
    return "".join(f'["{key}"]' for key in path)


def permalinked_accessors(container: Tag) -> list[str]:
    """In document order, the accessor of each element in ``container`` that
    has an id and a permalink to it: the first word of its text."""
    accessors = []
    for element in container.find_all(id=True):
        if element.find("a", class_="headerlink", href=f"#{element['id']}") is not None:
            accessors.append(element.get_text(" ", strip=True).split()[0])
    return accessors


def linked_typeddict(container: Tag, entry_accessor: str) -> str | None:
    """The public TypedDict that the type of an entry links to, if any."""
    for element in container.find_all(id=True):
        if element.get_text(" ", strip=True).split()[0] == entry_accessor:
            for link in element.select("em a[href]"):
                fragment = str(link["href"]).rpartition("#amgi_types.")[2]
                if fragment in public_typeddicts():
                    return fragment
    return None


def missing_keys(soup: BeautifulSoup, name: str, td: type) -> list[str]:
    """The accessor paths of ``td`` that have no permalinked entry in its container.

    An entry's text starts with its accessor, ``root["key"]["subkey"]``; the
    root (``scope``, ``message["bindings"]``...) is the page's choice, so it
    is read off the first entry, the first key's, and must be the same for all.
    A nested public TypedDict whose keys are not expanded (``:no-expand:``)
    must be linked from its key's entry; its own keys are checked where it is
    documented.
    """
    container = soup.find(id=f"amgi_types.{name}")
    if container is None:
        return [f"(no element with id 'amgi_types.{name}')"]
    paths = list(key_paths(td))
    accessors = permalinked_accessors(container)
    # In document order: a nested key may end like the first key (["type"]).
    first = next((text for text in accessors if paths and text.endswith(accessor(paths[0]))), None)
    if first is None:
        return [accessor(path) for path in paths]
    root = first.removesuffix(accessor(paths[0]))
    missing = [path for path in paths if root + accessor(path) not in accessors]
    linked = [
        path
        for path in paths
        if path not in missing and linked_typeddict(container, root + accessor(path))
    ]
    return [
        accessor(path)
        for path in missing
        if not any(path[: len(parent)] == parent for parent in linked)
    ]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("docs"))


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def read(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def test_key_paths_follow_nested_typeddicts() -> None:
    # The derivation the other tests rely on: MessageScope's nested AMGIVersions.
    paths = list(key_paths(amgi_types.MessageScope))
    assert ("amgi",) in paths
    assert ("amgi", "version") in paths
    assert ("amgi", "spec_version") in paths


@pytest.mark.parametrize("name", sorted(public_typeddicts()))
def test_every_key_is_on_its_protocol_page_with_a_permalink(site: Path, name: str) -> None:
    page = home_page(name)
    missing = missing_keys(read(site / page), name, public_typeddicts()[name])
    assert not missing, f"{page} lacks permalinked entries of {name} for {missing}"


def test_site_builds_without_network(tmp_path: Path) -> None:
    # A new network namespace has no interface but loopback: any fetch fails,
    # and under -W a failed intersphinx fetch fails the build.
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-n", "true"], capture_output=True).returncode:
        pytest.skip("cannot cut the network here: 'unshare -n' is missing or not permitted")
    html = build_site(tmp_path, prefix=[unshare, "-n"])
    assert (html / "message.html").is_file()


def test_every_page_has_a_title(site: Path) -> None:
    untitled = []
    for page in pages(site):
        soup = read(page)
        title = soup.title.get_text(strip=True) if soup.title else ""
        if not title:
            untitled.append(page.name)
        # Generated pages (index, search) have no heading; every written page has one.
        if page.name not in {"genindex.html", "search.html"} and len(soup.find_all("h1")) != 1:
            untitled.append(f"{page.name} (h1 count {len(soup.find_all('h1'))})")
    assert not untitled


def _local_links(soup: BeautifulSoup) -> Iterator[tuple[str, str]]:
    for tag, attribute in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
        for element in soup.find_all(tag, attrs={attribute: True}):
            link = element[attribute]
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            yield link, parts.path


def test_no_link_inside_the_site_is_broken(site: Path) -> None:
    ids: dict[Path, set[str]] = {}

    def ids_of(page: Path) -> set[str]:
        if page not in ids:
            ids[page] = {element["id"] for element in read(page).find_all(id=True)}
        return ids[page]

    broken = []
    checked = 0
    for page in pages(site):
        soup = read(page)
        for link, path in _local_links(soup):
            checked += 1
            target = (page.parent / unquote(path)).resolve() if path else page
            if not target.is_file():
                broken.append(f"{page.name}: {link} (no file)")
                continue
            fragment = unquote(urlsplit(link).fragment)
            if fragment and target.suffix == ".html" and fragment not in ids_of(target):
                broken.append(f"{page.name}: {link} (no id {fragment!r})")
    assert checked > 100
    assert not broken, "\n".join(broken)


def test_python_types_link_to_docs_python_org(site: Path) -> None:
    soup = read(site / "message.html")
    receive = soup.find(id="amgi_types.MessageReceiveEvent")
    links = {a.get_text(strip=True): a["href"] for a in receive.find_all("a", href=True)}
    assert links["Sequence"] == f"{PYTHON_DOCS}library/collections.abc.html#collections.abc.Sequence"
    assert links["tuple"] == f"{PYTHON_DOCS}library/stdtypes.html#tuple"
    assert links["bytes"] == f"{PYTHON_DOCS}library/stdtypes.html#bytes"
    assert links["str"] == f"{PYTHON_DOCS}library/stdtypes.html#str"
    assert links["bool"] == f"{PYTHON_DOCS}library/functions.html#bool"
    assert links["None"] == f"{PYTHON_DOCS}library/constants.html#None"
    oserror = soup.find("a", href=f"{PYTHON_DOCS}library/exceptions.html#OSError")
    assert oserror is not None and oserror.get_text(strip=True) == "OSError"


def test_every_python_doc_link_has_a_real_anchor_form(site: Path) -> None:
    # Links that intersphinx made from the generated inventory carry its
    # "(in Python vX.Y)" title; a URL written into the prose is the author's.
    wrong = []
    unlinked = []
    builtin_name = re.compile(r"\b(str|bytes|int|float|bool|dict|None)\b")
    for page in pages(site):
        soup = read(page)
        # A key's type that names a builtin must link it to Python's docs.
        for shown in soup.select("em.amgi-type"):
            if builtin_name.search(shown.get_text()) and not shown.find(
                "a", title=re.compile(r"^\(in Python v")
            ):
                unlinked.append(f"{page.name}: {shown.get_text()}")
        for anchor in soup.find_all("a", title=re.compile(r"^\(in Python v")):
            if not PYTHON_DOC_PAGES.fullmatch(anchor["href"]):
                wrong.append(f"{page.name}: {anchor['href']}")
    assert not unlinked
    assert not wrong


def test_typeddict_names_in_key_types_link_inside_the_site(site: Path) -> None:
    # A key whose type is another TypedDict links to where that one is documented.
    soup = read(site / "message.html")
    scope = soup.find(id="amgi_types.MessageScope")
    link = scope.find("a", string="AMGIVersions")
    assert link is not None and link["href"] == "specification.html#amgi_types.AMGIVersions"


def test_navigation_shows_the_specification_in_order(site: Path) -> None:
    soup = read(site / "index.html")
    sidebar = soup.find(class_="sidebar-tree")
    captions = [caption.get_text(strip=True) for caption in sidebar.find_all(class_="caption")]
    assert captions == ["Specification", "Using amgi_types"]
    spec = [a["href"] for a in sidebar.find_all("ul")[0].find_all("a")]
    assert spec[:5] == ["specification.html", "message.html", "lifespan.html", "bindings.html", "extensions.html"]


def test_batch_sequence_listing_is_the_programs_output() -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "batch_sequence.py")], capture_output=True, text=True, check=True
    )
    assert result.stdout == (EXAMPLES / "batch_sequence.txt").read_text(encoding="utf-8")


def test_wrong_event_messages_are_what_the_checkers_print(tmp_path: Path) -> None:
    """The listings on the "Using the types" page are the pinned checkers' real output.

    To refresh them, run in docs/examples/wrong: ``mypy --strict wrong_events.py``
    and ``pyright wrong_events.py``, with the absolute folder removed from pyright's paths.
    """
    wrong = EXAMPLES / "wrong"
    bin_dir = Path(sys.executable).parent
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mypy"), "wrong_events.py"],
        cwd=wrong, capture_output=True, text=True, check=False,
    )
    pyright = subprocess.run(
        [str(bin_dir / "pyright"), "--pythonpath", sys.executable, "wrong_events.py"],
        cwd=wrong, capture_output=True, text=True, check=False,
    )
    assert mypy.returncode == 1 and pyright.returncode == 1
    assert mypy.stdout == (wrong / "wrong_events.mypy.txt").read_text(encoding="utf-8")
    shown = pyright.stdout.replace(f"{wrong}/", "")
    assert shown == (wrong / "wrong_events.pyright.txt").read_text(encoding="utf-8")
