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
        [
            *prefix,
            sys.executable,
            "-m",
            "sphinx",
            "-n",
            "-W",
            "--keep-going",
            "-E",
            "-q",
            "-b",
            "html",
            "-d",
            str(out / "doctrees"),
            str(DOCS),
            str(html),
        ],
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
        # An index entry's target is an empty element with an id.
        if element.get_text(" ", strip=True).split()[:1] == [entry_accessor]:
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
    assert (
        links["Sequence"] == f"{PYTHON_DOCS}library/collections.abc.html#collections.abc.Sequence"
    )
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
    assert spec[:5] == [
        "specification.html",
        "message.html",
        "lifespan.html",
        "bindings.html",
        "extensions.html",
    ]


def test_batch_sequence_listing_is_the_programs_output() -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "batch_sequence.py")],
        capture_output=True,
        text=True,
        check=True,
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
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "mypy"),
            "wrong_events.py",
        ],
        cwd=wrong,
        capture_output=True,
        text=True,
        check=False,
    )
    pyright = subprocess.run(
        [str(bin_dir / "pyright"), "--pythonpath", sys.executable, "wrong_events.py"],
        cwd=wrong,
        capture_output=True,
        text=True,
        check=False,
    )
    assert mypy.returncode == 1 and pyright.returncode == 1
    assert mypy.stdout == (wrong / "wrong_events.mypy.txt").read_text(encoding="utf-8")
    shown = pyright.stdout.replace(f"{wrong}/", "")
    assert shown == (wrong / "wrong_events.pyright.txt").read_text(encoding="utf-8")


# What a reader of the specification pages meets (issue 12). The expected
# contents are derived from amgi_types wherever they can be.


def event_types() -> dict[str, type]:
    """Every event TypedDict by its ``type`` string, in the unions' order."""
    events = [
        *typing.get_args(amgi_types.AMGIReceiveEvent),
        *typing.get_args(amgi_types.AMGISendEvent),
    ]
    return {typing.get_args(typing.get_type_hints(event)["type"])[0]: event for event in events}


def key_list_root(soup: BeautifulSoup, name: str) -> str:
    """The root of a key list's accessors: ``event`` in ``event["id"]``."""
    first = soup.find(id=f"amgi_types.{name}").select_one("code.amgi-accessor")
    return first.get_text().partition("[")[0]


def text_of(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split())


def section(soup: BeautifulSoup, label: str) -> Tag:
    found = soup.find("section", id=label) or soup.find(id=label).find_parent("section")
    assert found is not None, f"no section {label!r}"
    return found


def test_specification_states_the_unknown_keys_rule(site: Path) -> None:
    rule = text_of(section(read(site / "specification.html"), "forward-compatibility"))
    assert "MUST ignore that key" in rule
    assert "MUST NOT raise" in rule
    assert "minor version" in rule


def test_the_received_message_is_read_from_message_and_every_other_event_from_event(
    site: Path,
) -> None:
    roots = {}
    for type_string, event in event_types().items():
        page = read(site / home_page(event.__name__))
        roots[type_string] = key_list_root(page, event.__name__)
    assert roots.pop("message.receive") == "message"
    assert set(roots.values()) == {"event"}, roots


def test_scopes_are_read_from_scope(site: Path) -> None:
    for scope in typing.get_args(amgi_types.Scope):
        assert key_list_root(read(site / home_page(scope.__name__)), scope.__name__) == "scope"


def test_the_versions_are_listed_on_the_specification_and_linked_from_the_scopes(
    site: Path,
) -> None:
    where = {
        page.name
        for page in pages(site)
        for accessor_text in read(page).select("code.amgi-accessor")
        if accessor_text.get_text().endswith('["amgi"]["version"]')
    }
    assert where == {"specification.html"}
    for scope in typing.get_args(amgi_types.Scope):
        container = read(site / home_page(scope.__name__)).find(id=f"amgi_types.{scope.__name__}")
        assert linked_typeddict(container, 'scope["amgi"]') == "AMGIVersions"


@pytest.mark.parametrize("protocol", ["message", "lifespan"])
def test_protocol_page_opens_with_its_events_table(site: Path, protocol: str) -> None:
    soup = read(site / f"{protocol}.html")
    table = soup.select_one("table.amgi-events-table")
    first_key_list = soup.select_one("div.amgi-typeddict")
    assert table is not None and first_key_list is not None
    assert table in first_key_list.find_all_previous("table"), (
        "the events table is not before the first key list"
    )
    expected = {name for name in event_types() if name.startswith(f"{protocol}.")}
    listed = [row.find("td").get_text(strip=True).strip('"') for row in table.select("tbody tr")]
    assert sorted(listed) == sorted(expected)


def test_events_table_rows_give_direction_and_keys_and_link_each(site: Path) -> None:
    soup = read(site / "message.html")
    receive = set(typing.get_args(amgi_types.AMGIReceiveEvent))
    for row in soup.select("table.amgi-events-table tbody tr"):
        cells = row.find_all("td")
        event = event_types()[cells[0].get_text(strip=True).strip('"')]
        assert cells[0].find("a")["href"] == f"#amgi_types.{event.__name__}"
        callable_name = "receive()" if event in receive else "send()"
        assert callable_name in cells[1].get_text()
        required = [
            key for key in event.__annotations__ if key in event.__required_keys__ and key != "type"
        ]
        optional = [key for key in event.__annotations__ if key in event.__optional_keys__]
        assert [a.get_text() for a in cells[2].find_all("a")] == required
        assert [a.get_text() for a in cells[3].find_all("a")] == optional
        for link in cells[2].find_all("a") + cells[3].find_all("a"):
            assert soup.find(id=link["href"].lstrip("#")) is not None


def test_quick_reference_lists_every_event_once_with_its_page(site: Path) -> None:
    soup = read(site / "specification.html")
    table = section(soup, "all-events").select_one("table.amgi-events-table")
    rows = [row.find_all("td") for row in table.select("tbody tr")]
    assert sorted(cells[0].get_text(strip=True).strip('"') for cells in rows) == sorted(
        event_types()
    )
    for cells in rows:
        event = event_types()[cells[0].get_text(strip=True).strip('"')]
        assert cells[-1].find("a")["href"] == home_page(event.__name__)


def test_every_event_heading_holds_its_type_string(site: Path) -> None:
    missing = []
    for type_string, event in event_types().items():
        soup = read(site / home_page(event.__name__))
        container = soup.find(id=f"amgi_types.{event.__name__}")
        heading = container.find_parent("section").find(["h2", "h3"])
        if f'"{type_string}"' not in heading.get_text():
            missing.append(f"{type_string}: {heading.get_text(strip=True)}")
    assert not missing


def test_message_and_lifespan_pages_share_one_section_order(site: Path) -> None:
    """Events table, scope, the events, then the rules and the examples."""
    for protocol in ("message", "lifespan"):
        soup = read(site / f"{protocol}.html")
        order = [
            element.get("id", "table")
            for element in soup.select("table.amgi-events-table, div.amgi-typeddict")
        ]
        table = soup.select_one("table.amgi-events-table")
        events = [
            f"amgi_types.{event_types()[row.find('td').get_text(strip=True).strip(chr(34))].__name__}"
            for row in table.select("tbody tr")
        ]
        scope = "amgi_types.MessageScope" if protocol == "message" else "amgi_types.LifespanScope"
        assert order == ["table", scope, *events], protocol
        # The rules come after the last event's key list.
        rules = section(soup, "batch-end" if protocol == "message" else "lifespan-unsupported")
        assert rules in soup.find(id=events[-1]).find_all_next("section")


def test_no_index_entry_is_a_built_in_variable(site: Path) -> None:
    assert "built-in" not in read(site / "genindex.html").get_text()


def test_every_event_type_has_an_index_entry_to_its_page(site: Path) -> None:
    index = read(site / "genindex.html")
    missing = []
    for type_string, event in event_types().items():
        links = [
            a["href"]
            for a in index.find_all("a", href=True)
            if a.get_text(strip=True) == type_string
        ]
        if not any(link.startswith(home_page(event.__name__) + "#") for link in links):
            missing.append(type_string)
    # An entry's text is the type string, or the type string is the parent of an "event type" subentry.
    parents = {
        li.contents[0].strip()
        for li in index.find_all("li")
        if li.contents and isinstance(li.contents[0], str)
    }
    missing = [name for name in missing if name not in parents]
    assert not missing


def test_sources_are_copied_for_search(site: Path) -> None:
    for page in ("message", "lifespan", "specification", "bindings"):
        assert (site / "_sources" / f"{page}.rst.txt").is_file()


def test_differences_section_lists_every_marked_addition(site: Path) -> None:
    spec = read(site / "specification.html")
    listed = section(spec, "differences").select("ul.amgi-additions-list a")
    listed_targets = {str(a["href"]) for a in listed}
    marked = set()
    for page in pages(site):
        for mark in read(page).select(".amgi-addition, .amgi-addition-mark"):
            target = f"{page.name}#{mark['id']}"
            marked.add("#" + mark["id"] if page.name == "specification.html" else target)
    assert marked, "no addition is marked"
    assert listed_targets == marked


@pytest.mark.parametrize(
    ("page", "addition"),
    [
        ("message.html", "unique within its batch"),
        ("message.html", "failed ack or nack"),
        ("message.html", "not an OSError"),
        ("message.html", "edges of a batch"),
        ("specification.html", "event loop"),
        ("specification.html", "middleware"),
        ("bindings.html", "beyond Kafka's key"),
        ("lifespan.html", "opting out"),
    ],
)
def test_additions_named_in_the_issue_are_marked_on_their_page(
    site: Path, page: str, addition: str
) -> None:
    spec = read(site / "specification.html")
    items = [text_of(li) for li in section(spec, "differences").select("ul.amgi-additions-list li")]
    title = read(site / page).title.get_text().partition(" - ")[0].strip()
    assert any(addition.lower() in item.lower() and title in item for item in items), items


def test_rules_use_rfc_2119_keywords_in_capitals(site: Path) -> None:
    written = [
        "index",
        "specification",
        "message",
        "lifespan",
        "bindings",
        "extensions",
        "using",
        "design",
    ]
    lowercase = []
    for name in written:
        for number, line in enumerate(
            (DOCS / f"{name}.rst").read_text(encoding="utf-8").splitlines(), 1
        ):
            if re.search(r"\b(must|should|required to|recommended)\b", line):
                lowercase.append(f"{name}.rst:{number}: {line.strip()}")
    assert not lowercase
    levels = text_of(section(read(site / "specification.html"), "conformance"))
    assert "RFC 2119" in levels


def test_event_loop_rule_names_no_single_async_library(site: Path) -> None:
    overview = text_of(read(site / "specification.html").find("article"))
    assert "asyncio event loop" not in overview
    assert "whatever async library" in overview


def test_send_returns_and_raises_for_every_message_event_given_to_send(site: Path) -> None:
    table = section(read(site / "message.html"), "send-returns").find("table")
    rows = text_of(table)
    for type_string, event in event_types().items():
        if type_string.startswith("message.") and event in typing.get_args(
            amgi_types.AMGISendEvent
        ):
            assert f'"{type_string}"' in rows
    assert "OSError" in rows
    lifespan = text_of(read(site / "lifespan.html").find("article"))
    # The term carries the mark of an addition: no OSError is this project's rule.
    assert (
        "send() of a lifespan event addition It returns once the server has taken the event on"
        in lifespan
    )


def test_headers_are_pairs_of_tuples_on_the_message_page(site: Path) -> None:
    headers = text_of(section(read(site / "message.html"), "headers"))
    assert "tuple" in headers and "[name, value]" in headers


def test_bindings_page_lists_the_received_fields_a_server_ignores_on_send(site: Path) -> None:
    received = typing.get_type_hints(amgi_types.MessageReceiveBindings)
    sent = typing.get_type_hints(amgi_types.MessageSendBindings)
    expected = {
        f"{received[protocol].__name__}.{key}"
        for protocol in received
        for key in received[protocol].__annotations__
        if key not in sent[protocol].__annotations__
    }
    assert expected >= {"KafkaReceiveBindings.partition", "KafkaReceiveBindings.offset"}
    soup = read(site / "bindings.html")
    term = next(
        dt
        for dt in soup.select("dt")
        if dt.get_text(strip=True).startswith("Received fields on send")
    )
    links = {
        str(a["href"]).removeprefix("#typeddict-key-")
        for a in term.find_next_sibling("dd").find_all("a")
    }
    assert links == expected


def test_type_checker_design_notes_are_off_the_bindings_page(site: Path) -> None:
    bindings = text_of(read(site / "bindings.html").find("article"))
    for detail in ("mypy 2.4.1", "TYPE_CHECKING", "tests/typing", "pyright 1.1"):
        assert detail not in bindings
    assert "design.html" in {
        str(a["href"]).partition("#")[0]
        for a in read(site / "bindings.html").select("article a[href]")
    }
    design = text_of(read(site / "design.html").find("article"))
    for detail in ("mypy 2.4.1", "TYPE_CHECKING", "tests/typing"):
        assert detail in design


def test_design_notes_are_under_using_amgi_types(site: Path) -> None:
    sidebar = read(site / "index.html").find(class_="sidebar-tree")
    using = sidebar.find_all("ul")[1]
    assert "design.html" in [a["href"] for a in using.find_all("a")]


def test_specification_has_middleware_version_history_and_licence(site: Path) -> None:
    soup = read(site / "specification.html")
    middleware = section(soup, "middleware")
    assert middleware.find(string=re.compile("examples/middleware.py")) is not None
    assert "1.0" in text_of(section(soup, "version-history"))
    assert "0.34.0" in text_of(section(soup, "version-history"))
    assert "MIT" in text_of(section(soup, "licence"))


def test_batch_sequence_program_is_shown_once(site: Path) -> None:
    captions = [
        caption.get_text(strip=True)
        for page in pages(site)
        for caption in read(page).select("div.code-block-caption span.caption-text")
    ]
    assert captions.count("examples/batch_sequence.py") == 1, captions


def test_batch_sequence_trace_shows_headers_and_kafka_bindings() -> None:
    trace = (EXAMPLES / "batch_sequence.txt").read_text(encoding="utf-8")
    assert "'headers': [(b'" in trace
    assert "'kafka': {'key': b'" in trace


def test_lead_example_raises_for_a_scope_type_it_does_not_handle() -> None:
    source = (EXAMPLES / "message_app.py").read_text(encoding="utf-8")
    assert "pass" not in source.split()
    assert re.search(r"else:\n(\s+#.*\n)*\s+raise ", source)


def test_reader_pages_say_nothing_of_how_the_site_is_built(site: Path) -> None:
    for name in ("index", "specification", "message", "lifespan", "bindings", "extensions"):
        text = text_of(read(site / f"{name}.html").find("article"))
        for phrase in ("generated from the types", "Their keys, generated", "cannot disagree"):
            assert phrase not in text, f"{name}: {phrase}"


def test_no_page_says_pip_install_amgi_types_from_the_index(site: Path) -> None:
    for page in pages(site):
        text = text_of(read(page).find("article") or read(page))
        assert not re.search(r"pip install '?amgi-types\b", text), page.name
    installing = text_of(section(read(site / "index.html"), "installing"))
    assert "pip install ./amgi-types" in installing
    assert "0.34.0" in installing and "AMGI 1.0" in installing


def docstring_paragraphs(td: type) -> list[str]:
    """The paragraphs of a TypedDict's docstring other than its ``:var:`` fields."""
    text = typing.cast(str, td.__doc__)
    lines = [line.strip() for line in text.strip().splitlines()]
    paragraphs = " ".join(line or "\n" for line in lines).split("\n")
    return [p.strip() for p in paragraphs if p.strip() and not p.strip().startswith(":var ")]


def comparable(text: str) -> str:
    """Text as a reader sees it, for comparison: no markup, quotes or spaces."""
    text = re.sub(r":\w+:`~?(?:[\w.]+\.)?([^`]+)`", r"\1", text)
    text = (
        text.replace("``", "").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    )
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", sorted(public_typeddicts()))
def test_every_paragraph_of_a_docstring_reaches_its_page(site: Path, name: str) -> None:
    td = public_typeddicts()[name]
    container = read(site / home_page(name)).find(id=f"amgi_types.{name}")
    shown = comparable(container.get_text(" "))
    missing = [p for p in docstring_paragraphs(td) if comparable(p) not in shown]
    assert not missing


@pytest.mark.parametrize(
    ("name", "fact"),
    [
        ("RedisMessageBindings", "none are defined"),
        ("NATSMessageBindings", "none are defined"),
        ("SNSMessageBindings", "none are defined"),
        ("MessageAckOutOfOrderExtension", "no parameters"),
        ("MQTTMessageBindings", "MQTT 3.1.1"),
        ("GooglePubSubMessageBindings", "attributes travel as its headers"),
        ("AMQPMessageBindings", "The same keys serve both directions"),
        ("SQSReceiveBindings", "from a FIFO queue"),
    ],
)
def test_rules_only_in_docstrings_are_on_the_page(site: Path, name: str, fact: str) -> None:
    container = read(site / home_page(name)).find(id=f"amgi_types.{name}")
    assert fact in text_of(container)


def test_amqp_bindings_follow_the_naming_and_time_rules(site: Path) -> None:
    amqp = read(site / "bindings.html").find(id="amgi_types.AMQPMessageBindings")
    accessors = [code.get_text() for code in amqp.select("code.amgi-accessor")]
    # AsyncAPI's messageType, in snake_case; never AMQP's bare "type".
    assert 'bindings["amqp"]["message_type"]' in accessors
    assert 'bindings["amqp"]["type"]' not in accessors
    expiration = amqp.find(id="typeddict-key-AMQPMessageBindings.expiration").find_next_sibling(
        "dd"
    )
    assert "milliseconds" in text_of(expiration) and "1000" in text_of(expiration)
    rules = text_of(section(read(site / "bindings.html"), "binding-fields"))
    assert "messageType" in rules and "expiration" in rules


def test_objects_inv_holds_only_the_packages_objects(site: Path) -> None:
    import sphobjinv

    python_objects = [
        obj.name for obj in sphobjinv.Inventory(site / "objects.inv").objects if obj.domain == "py"
    ]
    assert {f"amgi_types.{name}" for name in amgi_types.__all__} <= set(python_objects)
    assert [name for name in python_objects if not name.startswith("amgi_types.")] == []
