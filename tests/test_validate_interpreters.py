"""amgi_types.validate behaves the same on every CPython 3.10-3.13.

``validate_check.py`` runs the docs' example, the three checks on valid and
invalid values, and the validating middleware on rule-breaking scenarios in
strict and warning mode. Each interpreter runs it in its session environment
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


def documented_output() -> list[str]:
    """The lines that docs/validate.rst says the example prints."""
    lines = (REPO / "docs" / "validate.rst").read_text(encoding="utf-8").splitlines()
    start = lines.index(".. code-block:: text", lines.index("It prints:")) + 2
    block: list[str] = []
    for line in lines[start:]:
        if line and not line.startswith("   "):
            break
        if line:
            block.append(line.strip())
    return block


def assert_example_prints_what_the_docs_show(observed: dict[str, Any]) -> None:
    assert observed["example"] == documented_output()


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
    assert set(invalid["receive several problems"]["errors"]) == {
        'receive event["id"]: expected str, got int (1)',
        "receive event[\"more_messages\"]: expected bool, got str ('yes')",
        'receive event["extra"]: unknown key'
        " (MessageReceiveEvent has type, id, headers, payload, bindings, more_messages)",
        'receive event["headers"]: required key missing',
    }
    assert invalid["receive several problems"]["message"].startswith("4 problems:\n")


def assert_middleware_raises_in_strict_mode_and_warns_otherwise(observed: dict[str, Any]) -> None:
    runs = observed["middleware"]
    assert set(runs) == set(validate_check.SCENARIOS)
    out_of_order = (
        "application broke the rule 'acks and nacks in delivery order, without the"
        " message.ack.out_of_order extension': message.ack for id 'm2' before id 'm1'"
    )
    # Strict: the offending ack never reaches the server.
    assert runs["ack out of order"]["strict"] == {
        "raised": {"side": "application", "errors": [out_of_order]},
        "warned": [],
        "received": ["m1", "m2"],
        "sent": [],
    }
    # Warning mode: the same text, pointing at the application's send(), and
    # everything passes on.
    lenient = runs["ack out of order"]["lenient"]
    assert lenient["raised"] is None
    [[category, message, filename, _]] = lenient["warned"]
    assert (category, message, filename) == ("ValidationWarning", out_of_order, CHECK_SCRIPT.name)
    assert lenient["sent"] == [
        {"type": "message.ack", "id": "m2"},
        {"type": "message.ack", "id": "m1"},
    ]

    assert runs["id delivered twice"]["strict"]["raised"] == {
        "side": "server",
        "errors": [
            "server broke the rule 'message ids are unique within a batch':"
            " id 'm1' was delivered twice"
        ],
    }
    # With the extension, the same acks break no rule.
    for mode in ("strict", "lenient"):
        extension = runs["ack out of order with the extension"][mode]
        assert (extension["raised"], extension["warned"]) == (None, [])
        assert len(extension["sent"]) == 2
    for name, modes in runs.items():
        if name == "ack out of order with the extension":
            continue
        strict, lenient = modes["strict"], modes["lenient"]
        assert strict["raised"] is not None and strict["warned"] == [], name
        assert lenient["raised"] is None, name
        assert [warning[1] for warning in lenient["warned"]] == strict["raised"]["errors"], name


ALL_CHECKS = [
    assert_example_prints_what_the_docs_show,
    assert_checks_accept_valid_and_name_path_of_invalid,
    assert_middleware_raises_in_strict_mode_and_warns_otherwise,
]


@pytest.fixture(scope="module")
def here() -> dict[str, Any]:
    """This process's observations, as the JSON a script would print."""
    observed: dict[str, Any] = json.loads(json.dumps(validate_check.observe()))
    return observed


def test_docs_example_prints_what_the_docs_show(here: dict[str, Any]) -> None:
    assert_example_prints_what_the_docs_show(here)


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
