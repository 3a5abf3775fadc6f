"""The specification answers a server author's questions, each on the page a reader
looks at, and its list of differences from the original 1.0 text is true.

The site is built as ``make docs`` builds it; each test reads the HTML of one
page. An answer that is a rule the original lacks must sit under an addition
mark (a box, or a label on its term or paragraph), so that it also appears in
the list of differences; tests/test_docs_rfc2119.py checks every rule
sentence of the specification pages the same way.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from test_docs_site import read, section
from test_docs_site import text_of as rendered_text

# Smart quotes back to the ASCII ones the sources are written with.
ASCII = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def text_of(tag: Tag) -> str:
    return rendered_text(tag).translate(ASCII)


def words_of(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


@pytest.fixture
def site(spec_site: Path) -> Path:
    return spec_site


def box(soup: BeautifulSoup, title: str) -> Tag:
    """The addition box whose title holds ``title``."""
    boxes = [
        div
        for div in soup.select("div.amgi-addition")
        if words_of(title) in words_of(text_of(div.find(class_="admonition-title")))
    ]
    assert len(boxes) == 1, f"{len(boxes)} addition boxes titled {title!r}"
    return boxes[0]


def labelled(soup: BeautifulSoup, summary: str) -> str:
    """The text an addition label covers: its paragraph, or its term and the
    term's description."""
    marks = [
        mark
        for mark in soup.select("span.amgi-addition-mark")
        if words_of(summary) in words_of(str(mark["id"]))
    ]
    assert len(marks) == 1, f"{len(marks)} addition labels for {summary!r}"
    block = marks[0].find_parent(["p", "dt", "td", "li"])
    if block.name == "dt":
        return text_of(block) + " " + text_of(block.find_next_sibling("dd"))
    return text_of(block)


def listed_differences(site: Path) -> str:
    return text_of(section(read(site / "specification.html"), "differences"))


# 1. Nacks, offset brokers and what a nack does.


def test_nack_section_says_what_a_nack_does_and_links_the_extension(site: Path) -> None:
    message = read(site / "message.html")
    nack = box(message, "What a nack does at the broker")
    assert nack.find_parent("section").find(id="message-nack", recursive=False) is not None
    for words in ("deliver the message again", "dead-letter", "drop", "SHOULD say so"):
        assert words in text_of(nack)
    link = nack.find("a", href=lambda href: href and "#ext-nack-outcome" in href)
    assert link is not None and link["href"].startswith("extensions.html")


def test_offset_brokers_carry_out_a_nack_before_committing_past_it(site: Path) -> None:
    offsets = text_of(box(read(site / "message.html"), "broker that acks by offset"))
    for outcome in ('"dead_letter"', '"drop"', '"redeliver"'):
        assert outcome in offsets
    assert "commits past" in offsets and "seeks the consumer back" in offsets
    # The batch sequence's own ids: the nacked 42 between the acked 41 and 43.
    assert "orders-0-42" in offsets and "orders-0-43" in offsets
    assert "MUST NOT" in offsets


def test_the_nack_outcome_extension_is_an_addition_rendered_from_its_typeddict(
    site: Path,
) -> None:
    extensions = read(site / "extensions.html")
    part = section(extensions, "ext-nack-outcome")
    assert part.select_one('div.amgi-typeddict[id="amgi_types.MessageNackOutcomeExtension"]')
    accessors = [code.get_text() for code in part.select("code.amgi-accessor")]
    assert accessors == ['scope["extensions"]["message.nack.outcome"]["outcome"]']
    assert "this project" in text_of(box(extensions, '"message.nack.outcome" extension'))
    assert "MUST carry out every nack" in text_of(part)
    assert '"message.nack.outcome"' in listed_differences(site)


# 2. Ending a batch early.


def test_a_batch_ended_early_is_a_cancellation_with_each_consequence_said(site: Path) -> None:
    ends = text_of(section(read(site / "message.html"), "batch-end"))
    for words in (
        "rebalance",
        "SIGTERM",
        "time limit of its shutdown",
        "cancelling the task that runs the call",
        "asyncio.CancelledError",
        "trio.Cancelled",
        "carries out no event sent after it",
        "revoked",
        "OSError",
        "more_messages: True",
        "MUST NOT let receive() wait without end",
    ):
        assert words in ends, words
    # The whole section is marked, by the box that opens it.
    batch_end = section(read(site / "message.html"), "batch-end")
    first = batch_end.find(["div", "p", "dl"], recursive=False)
    assert "amgi-addition" in first.get("class", [])


# 3. Header conversion.


def test_header_conversion_gives_encoding_case_null_and_typed_values(site: Path) -> None:
    headers = section(read(site / "message.html"), "headers")
    conversion = text_of(box(headers, "converts its broker's headers"))
    for words in ("UTF-8", "MUST NOT change it", 'b""', "MQTT 5 user properties", "AMQP"):
        assert words in conversion, words
    assert "As guidance" in conversion
    assert "a name may repeat" in labelled(headers, "Header order and repeated names")


# 4. What a batch holds.


def test_what_a_batch_holds(site: Path) -> None:
    holds = text_of(box(read(site / "message.html"), "What a batch holds"))
    for words in (
        "consumed from the scope's address",
        "MUST NOT call the application with an empty batch",
        "several partitions",
        "no limit",
        "SHOULD NOT run two batches of one ordered sequence",
    ):
        assert words in holds, words


# 5. payload.


def test_a_missing_payload_is_not_an_empty_one(site: Path) -> None:
    payload = text_of(box(read(site / "message.html"), "missing payload"))
    assert 'b""' in payload and "None" in payload and "tombstone" in payload


# 6. What awaiting "message.send" guarantees.


def test_send_then_ack_forwards_at_least_once(site: Path) -> None:
    guarantee = text_of(box(read(site / "message.html"), 'returned "message.send" guarantees'))
    assert "confirmed" in guarantee and "at least once" in guarantee
    assert "SHOULD return from send()" in guarantee


# 7. Redelivery.


def test_redelivery_keeps_the_id_where_the_broker_does_and_names_the_count(site: Path) -> None:
    redelivery = text_of(box(read(site / "message.html"), "redelivered message"))
    for words in ("same id", "redelivered", "approximate_receive_count", "delivery_attempt"):
        assert words in redelivery, words
    assert "guidance" in redelivery


# 8. AMQP sends.


def test_amqp_address_and_routing_key_are_explained_beside_amqp(site: Path) -> None:
    bindings = read(site / "bindings.html")
    amqp = labelled(bindings, "What the address of an AMQP message means")
    assert "default exchange" in amqp and "routing key" in amqp
    assert "takes no part in routing" in amqp
    # It speaks of the examples' own send.
    assert "shipping.orders" in amqp and "shipping" in amqp


# 9. The original documents, named.


@pytest.mark.parametrize(
    "document",
    [
        "The AMGI specification page",
        "The Message format text",
        "The Lifespan page",
        "The Bindings page",
        "The Extensions page",
        "The docstrings of its types",
    ],
)
def test_differences_name_each_original_document(site: Path, document: str) -> None:
    differences = section(read(site / "specification.html"), "differences")
    terms = [text_of(dt) for dt in differences.select("dl dt")]
    assert document in terms
    assert "0.34.0" in text_of(differences)


def test_licence_names_the_original_documents(site: Path) -> None:
    licence = text_of(section(read(site / "specification.html"), "licence"))
    for words in (
        "0.34.0",
        "Message format text",
        "Lifespan",
        "Bindings",
        "Extensions",
        "docstrings",
    ):
        assert words in licence, words


# 10. The unknown-keys rule is this project's.


def test_unknown_keys_rule_is_marked_as_sharpening_asgis(site: Path) -> None:
    rule = section(read(site / "specification.html"), "forward-compatibility")
    first = rule.find(["div", "p"], recursive=False)
    assert "amgi-addition" in first.get("class", []), "no box opens the section"
    text = text_of(first)
    assert "None of the AMGI 1.0 documents" in text and "ASGI" in text
    assert "recommendation a requirement" in text
    differences = listed_differences(site)
    assert "unknown-keys rule" in differences
    assert "ASGI's rule on unknown keys" not in differences


# 11. Rules presented as 1.0 are marked, and the type changes listed.


@pytest.mark.parametrize(
    ("page", "summary", "rule"),
    [
        ("message.html", "Every received message acked", "exactly once"),
        ("message.html", "Every received message acked", "SHOULD ack and nack the messages in"),
        ("message.html", "Every received message acked", "MAY send new messages at any point"),
        ("message.html", "When send() returns", "returns once the server has taken the event on"),
        ("message.html", "Header order and repeated names", "a name may repeat"),
        ("specification.html", "Several calls of the application", "MAY run many calls"),
        ("specification.html", "raises for a scope type", "SHOULD raise an exception"),
        ("specification.html", "valid only until the call ends", "valid only until"),
        ("specification.html", "names only versions it implements", "MUST NOT fill in a version"),
        ("lifespan.html", "A lifespan send() raises no OSError", "raises no OSError"),
        ("lifespan.html", "Shutdown waits for the running batches", "waits"),
        ("bindings.html", "simply ignores them", "MUST ignore"),
        ("extensions.html", "Delivery order and one answer", "exactly once"),
    ],
)
def test_rules_the_original_lacks_are_labelled(
    site: Path, page: str, summary: str, rule: str
) -> None:
    assert rule in labelled(read(site / page), summary)


def test_every_batch_message_from_the_scope_address_and_the_nack_outcome_are_boxed(
    site: Path,
) -> None:
    message = read(site / "message.html")
    assert "consumed from the scope's address" in text_of(box(message, "What a batch holds"))
    assert "deliver the message again" in text_of(box(message, "What a nack does"))


def test_differences_list_the_type_changes(site: Path) -> None:
    differences = listed_differences(site)
    assert "Mapping" in differences and "dict" in differences
    assert "Protocol classes" in differences


# 14. Finding things: the general index, linked and holding keys by name.


def test_every_page_links_the_general_index_from_its_sidebar(site: Path) -> None:
    unlinked = [
        page.name
        for page in sorted(site.glob("*.html"))
        # The index's own page links to itself.
        if page.name != "genindex.html"
        and not read(page).select('aside.sidebar-drawer a[href="genindex.html"]')
    ]
    assert not unlinked


def index_links(site: Path, entry: str) -> list[str]:
    """The links of the general index's entry ``entry`` and of its subentries."""
    index = read(site / "genindex.html")
    links = []
    for item in index.select("table.indextable li"):
        head = next(iter(item.stripped_strings), "")
        if head == entry:
            links += [str(a["href"]) for a in item.find_all("a", href=True)]
    return links


def test_general_index_holds_each_key_by_its_own_name(site: Path) -> None:
    assert "message.html#typeddict-key-MessageReceiveEvent.more_messages" in index_links(
        site, "more_messages"
    )
    ids = index_links(site, "id")
    for event in ("MessageReceiveEvent", "MessageAckEvent", "MessageNackEvent"):
        assert f"message.html#typeddict-key-{event}.id" in ids


def test_general_index_leads_to_the_nack_section(site: Path) -> None:
    message = read(site / "message.html")
    nack = section(message, "message-nack")
    targets = [link.partition("#")[2] for link in index_links(site, "nack")]
    assert targets and all(nack.find(id=target) is not None for target in targets)


def test_the_list_of_differences_shows_no_raw_markup(site: Path) -> None:
    differences = section(read(site / "specification.html"), "differences")
    items = [text_of(li) for li in differences.select("ul.amgi-additions-list li")]
    assert items
    assert not [item for item in items if "``" in item or ":addition:" in item]
