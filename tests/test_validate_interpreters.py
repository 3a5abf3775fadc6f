"""amgi_types.validate behaves the same on every CPython 3.10-3.13.

``validate_check.py`` runs the docs' examples, the three checks on valid,
invalid and unknown-key values (``str`` enums and other subclasses among
them, whose ``str()`` differs between interpreters), ValidationError through
pickle, and the validating middleware on rule-breaking scenarios in strict
and warning mode. Each interpreter runs it in its session environment
(``tests/conftest.py``), where the package is installed from this repository
as a user would install it; its observations must equal those of this
process, and the same assertions judge both, so a result broken the same way
everywhere still fails.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
CHECK_SCRIPT = Path(__file__).with_name("validate_check.py")

# Loaded by path so the import does not depend on how pytest sets sys.path.
_spec = importlib.util.spec_from_file_location("validate_check", CHECK_SCRIPT)
assert _spec is not None and _spec.loader is not None
validate_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(validate_check)


def documented_output(example: str) -> list[str]:
    """The lines that docs/validate.rst says an example prints."""
    lines = (REPO / "docs" / "validate.rst").read_text(encoding="utf-8").splitlines()
    included = lines.index(f".. literalinclude:: examples/{example}")
    start = lines.index(".. code-block:: text", lines.index("It prints:", included)) + 2
    block: list[str] = []
    for line in lines[start:]:
        if line and not line.startswith("   "):
            break
        if line:
            block.append(line.strip())
    return block


def assert_examples_print_what_the_docs_show(observed: dict[str, Any]) -> None:
    assert set(observed["examples"]) == set(validate_check.EXAMPLE_NAMES)
    for example, printed in observed["examples"].items():
        assert printed == documented_output(example), example


def assert_checks_accept_valid_and_name_path_of_invalid(observed: dict[str, Any]) -> None:
    assert set(observed["valid"]) == set(validate_check.VALID)
    rejected = {label: found for label, found in observed["valid"].items() if found != "accepted"}
    assert rejected == {}
    assert set(observed["invalid"]) == set(validate_check.INVALID)
    for label, outcome in observed["invalid"].items():
        assert isinstance(outcome, dict) and "errors" in outcome, f"{label}: {outcome}"
        assert outcome["errors"] and outcome["side"] is None, label
    invalid = observed["invalid"]
    assert invalid["send header name str"]["message"] == (
        """send event["headers"][2][0]: expected bytes, got str ('x')"""
    )
    assert invalid["scope amgi version"]["errors"] == [
        """scope["amgi"]["version"]: expected '1.0', got str ('2.0')"""
    ]
    assert invalid["send bool for int"]["errors"] == [
        'send event["bindings"]["sqs"]["delay_seconds"]: expected int, got bool (True)'
    ]
    assert invalid["receive id a huge int"]["errors"] == [
        'receive event["id"]: expected str, got int (of 16610 bits)'
    ]
    assert invalid["send kafka key str"]["errors"] == [
        """send event["bindings"]["kafka"]["key"]: expected bytes or None, got str ('k')"""
    ]
    assert invalid["receive kafka key str"]["errors"] == [
        """receive event["bindings"]["kafka"]["key"]: expected bytes or None, got str ('k')"""
    ]
    assert set(invalid["receive several problems"]["errors"]) == {
        'receive event["id"]: expected str, got int (1)',
        "receive event[\"more_messages\"]: expected bool, got str ('yes')",
        'receive event["headers"]: required key missing',
    }
    assert invalid["receive several problems"]["message"].startswith("3 problems:\n")
    # Pickled, each error keeps its lines and side.
    assert observed["pickled"] == {
        label: {key: outcome[key] for key in ("errors", "side", "message")}
        for label, outcome in invalid.items()
    }


def assert_unknown_keys_pass_with_a_warning_each(observed: dict[str, Any]) -> None:
    unknown = observed["unknown"]
    assert set(unknown) == set(validate_check.UNKNOWN)
    for label, outcome in unknown.items():
        assert isinstance(outcome, dict) and outcome.get("warned"), f"{label}: {outcome}"
        assert {category for category, _ in outcome["warned"]} == {"UnknownKeyWarning"}
    assert sorted(message for _, message in unknown["scope route and amgi future"]["warned"]) == [
        'scope["amgi"]["future"]: unknown key (AMGIVersions has version, spec_version)',
        'scope["route"]: unknown key (MessageScope has type, amgi, address, state, extensions)',
    ]


def assert_middleware_raises_in_strict_mode_and_warns_otherwise(observed: dict[str, Any]) -> None:
    runs = observed["middleware"]
    assert set(runs) == set(validate_check.SCENARIOS)
    out_of_order = (
        "application broke the rule 'acks and nacks in delivery order, without the"
        " message.ack.out_of_order extension': message.ack for id 'm2' before id 'm1'"
    )
    # A SHOULD: the same warning in both modes, pointing at the application's
    # send(), and everything passes on.
    for mode in ("strict", "lenient"):
        run = runs["ack out of order"][mode]
        assert run["raised"] is None
        [[category, message, filename, _]] = run["warned"]
        assert (category, message, filename) == (
            "RecommendationWarning",
            out_of_order,
            CHECK_SCRIPT.name,
        )
        assert run["sent"] == [
            {"type": "message.ack", "id": "m2"},
            {"type": "message.ack", "id": "m1"},
        ]
    # A MUST, strict: the offending ack never reaches the server.
    never_received = (
        "application broke the rule 'ack or nack only received ids':"
        " message.ack for id 'm9', which was never received"
    )
    assert runs["ack an id never received"]["strict"] == {
        "raised": {"side": "application", "errors": [never_received]},
        "warned": [],
        "received": ["m1"],
        "sent": [],
    }
    [[category, message, filename, _]] = runs["ack an id never received"]["lenient"]["warned"]
    assert (category, message, filename) == ("ValidationWarning", never_received, CHECK_SCRIPT.name)

    assert runs["bindings of two protocols received"]["strict"]["raised"]["side"] == "server"
    assert runs["shutdown after startup failed"]["strict"]["raised"]["side"] == "server"
    assert runs["returns before receiving the last message"]["strict"]["raised"] == {
        "side": "application",
        "errors": [
            (
                "application broke the rule 'receive every message of a batch': the application"
                " returned before receiving the message with more_messages false"
            )
        ],
    }
    assert runs["id delivered twice"]["strict"]["raised"] == {
        "side": "server",
        "errors": [
            (
                "server broke the rule 'message ids are unique within a batch':"
                " id 'm1' was delivered twice"
            )
        ],
    }
    # With the extension, the same acks break no rule; nor do subclasses, and
    # unknown keys are only warned about.
    for name in validate_check.CLEAN:
        for mode in ("strict", "lenient"):
            clean = runs[name][mode]
            assert clean["raised"] is None, (name, mode)
            assert {warning[0] for warning in clean["warned"]} <= {"UnknownKeyWarning"}, (
                name,
                mode,
            )
            assert len(clean["sent"]) == 2 if "out of order" in name else 1
    assert [w[1] for w in runs["unknown keys in the scope and the events"]["strict"]["warned"]] == [
        'scope["route"]: unknown key (MessageScope has type, amgi, address, state, extensions)',
        (
            'receive event["priority"]: unknown key'
            " (MessageReceiveEvent has type, id, headers, payload, bindings, more_messages)"
        ),
        'send event["reason"]: unknown key (MessageAckEvent has type, id)',
    ]
    for name, modes in runs.items():
        if name in validate_check.CLEAN | validate_check.RECOMMENDATIONS:
            continue
        strict, lenient = modes["strict"], modes["lenient"]
        assert strict["raised"] is not None and strict["warned"] == [], name
        assert lenient["raised"] is None, name
        assert [warning[1] for warning in lenient["warned"]] == strict["raised"]["errors"], name


ALL_CHECKS = [
    assert_examples_print_what_the_docs_show,
    assert_checks_accept_valid_and_name_path_of_invalid,
    assert_unknown_keys_pass_with_a_warning_each,
    assert_middleware_raises_in_strict_mode_and_warns_otherwise,
]


@pytest.fixture(scope="module")
def here() -> dict[str, Any]:
    """This process's observations, as the JSON a script would print."""
    observed: dict[str, Any] = json.loads(json.dumps(validate_check.observe()))
    return observed


def test_docs_examples_print_what_the_docs_show(here: dict[str, Any]) -> None:
    assert_examples_print_what_the_docs_show(here)


def test_unknown_keys_pass_with_a_warning_each(here: dict[str, Any]) -> None:
    assert_unknown_keys_pass_with_a_warning_each(here)


def test_checks_accept_valid_values_and_name_path_and_expectation_of_invalid_ones(
    here: dict[str, Any],
) -> None:
    assert_checks_accept_valid_and_name_path_of_invalid(here)


def test_middleware_raises_in_strict_mode_and_warns_in_warning_mode(here: dict[str, Any]) -> None:
    assert_middleware_raises_in_strict_mode_and_warns_otherwise(here)


@pytest.mark.parametrize("minor", [10, 11, 12, 13], ids=lambda minor: f"3.{minor}")
def test_installed_validate_behaves_as_here_on_interpreter(
    minor: int, installed_python: Callable[[int], str], here: dict[str, Any], tmp_path: Path
) -> None:
    python = installed_python(minor)
    check = subprocess.run(
        [python, "-I", CHECK_SCRIPT], capture_output=True, text=True, cwd=tmp_path
    )
    assert check.returncode == 0, f"{CHECK_SCRIPT.name} failed:\n{check.stderr}"
    result = json.loads(check.stdout)

    assert tuple(result["version"]) == (3, minor)
    # The installed package, not this repository's source tree.
    assert Path(result["validate_module"]).is_relative_to(result["prefix"])
    observed = result["observations"]
    for assert_behaviour in ALL_CHECKS:
        assert_behaviour(observed)
    assert observed == here
