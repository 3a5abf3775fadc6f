"""The ``"message.nack.outcome"`` extension: a server says what a nack does.

Its TypedDict is the single source of the extension's keys: the run-time
checks derive from it (a wrong or missing outcome is an error, an unknown
parameter a warning, never an exception) and the site renders it on the
Extensions page. The typing corpus (tests/typing/pass/extensions_nack_outcome.py
and fail/extensions_nack_outcome_values.py) holds the checkers to it.
"""

from __future__ import annotations

import typing
import warnings
from enum import Enum

import pytest

import amgi_types
from amgi_types.validate import UnknownKeyWarning, ValidationError, check_scope

AMGI = {"version": "1.0", "spec_version": "1.0"}


def scope_with(parameters: object) -> dict[str, object]:
    return {
        "type": "message",
        "amgi": AMGI,
        "address": "payments",
        "extensions": {"message.nack.outcome": parameters},
    }


class Outcome(str, Enum):
    DEAD_LETTER = "dead_letter"


def test_the_extension_is_a_key_of_the_typed_extensions() -> None:
    hints = typing.get_type_hints(amgi_types.MessageExtensions)
    assert hints["message.nack.outcome"] is amgi_types.MessageNackOutcomeExtension
    outcome = typing.get_type_hints(amgi_types.MessageNackOutcomeExtension)["outcome"]
    assert typing.get_args(outcome) == ("redeliver", "dead_letter", "drop")


@pytest.mark.parametrize("outcome", ["redeliver", "dead_letter", "drop", Outcome.DEAD_LETTER])
def test_each_outcome_passes_the_run_time_check(outcome: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check_scope(scope_with({"outcome": outcome}))


@pytest.mark.parametrize(
    ("parameters", "error"),
    [
        ({"outcome": "retry"}, "expected one of 'redeliver', 'dead_letter', 'drop'"),
        ({"outcome": b"drop"}, "expected one of 'redeliver', 'dead_letter', 'drop'"),
        ({}, "required key missing"),
        ("drop", "expected a mapping (MessageNackOutcomeExtension)"),
    ],
)
def test_a_wrong_or_missing_outcome_is_an_error_naming_where(
    parameters: object, error: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        check_scope(scope_with(parameters))
    (message,) = raised.value.errors
    assert message.startswith('scope["extensions"]["message.nack.outcome"]')
    assert error in message


def test_an_unknown_parameter_warns_and_never_raises() -> None:
    with pytest.warns(UnknownKeyWarning) as caught:
        check_scope(scope_with({"outcome": "dead_letter", "address": "payments.dlq"}))
    assert [str(warning.message) for warning in caught] == [
        (
            'scope["extensions"]["message.nack.outcome"]["address"]: unknown key'
            " (MessageNackOutcomeExtension has outcome)"
        )
    ]
