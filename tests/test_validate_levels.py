"""Each rule's level is the word of the page that states it, said the same
way wherever it is stated; the rules table lists every rule a report names."""

from __future__ import annotations

import re
from pathlib import Path

import amgi_types
from amgi_types.validate import _rules

REPO = Path(__file__).resolve().parents[1]
OSERROR_RULE = (
    "If the server fails to send the message, ``send()`` SHOULD raise a"
    " server-specific subclass of :py:exc:`OSError`"
)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_oserror_rule_reads_the_same_everywhere_at_the_validators_level() -> None:
    assert _rules.BY_ID["message.send.oserror"].level == "SHOULD"
    for page in ("message.rst", "validate.rst"):
        assert OSERROR_RULE in flat((REPO / "docs" / page).read_text(encoding="utf-8")), page
    # In the docstring the sentence follows "For a message.send event:".
    assert OSERROR_RULE.lower() in flat(amgi_types.AMGISendCallable.__doc__ or "").lower()


def test_every_rule_a_report_names_is_in_the_table() -> None:
    sources = "".join(
        path.read_text(encoding="utf-8")
        for path in (REPO / "src" / "amgi_types" / "validate").glob("*.py")
    )
    named = set(re.findall(r'(?:violation|make|report)\(\s*"([a-z_.]+)"', sources))
    named |= set(re.findall(r'"([a-z_]+\.well_formed)"', sources))
    assert len(named) >= 15 and named <= set(_rules.BY_ID)
    assert len(_rules.BY_ID) == len(_rules.RULES)


def test_every_rule_has_a_level_a_side_and_a_place_that_states_it() -> None:
    labels = {
        (page.stem, label)
        for page in (REPO / "docs").glob("*.rst")
        for label in re.findall(r"^\.\. _([a-z0-9-]+):$", page.read_text(encoding="utf-8"), re.M)
    }
    for rule in _rules.RULES:
        assert rule.level in ("MUST", "SHOULD") and rule.side in ("server", "application")
        assert rule.stated and set(rule.stated) <= labels, rule.id
