"""Unknown keys never raise: each is one UnknownKeyWarning naming its path.

ASGI's forward-compatibility rule, which AMGI follows: a server or an
application of an older minor version meets keys it does not know and
carries on. The checks and the middleware, in strict mode and in warning
mode, report each such key as an :class:`UnknownKeyWarning` (a
:class:`ValidationWarning`) and nothing else; a known key with a wrong value
next to it still raises. The random version of this is in
test_validate_properties.py.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from test_validate_middleware import AMGI, MODES, RECEIVE, ack, message_scope, msg, run

from amgi_types.validate import (
    UnknownKeyWarning,
    ValidationError,
    ValidationWarning,
    check_receive_event,
    check_scope,
    check_send_event,
    validator,
)

FUTURE_SCOPE = message_scope(route="/orders", amgi={**AMGI, "future": True})
FUTURE_SCOPE_WARNINGS = [
    'scope["amgi"]["future"]: unknown key (AMGIVersions has version, spec_version)',
    'scope["route"]: unknown key (MessageScope has type, amgi, address, state, extensions)',
]
FUTURE_EVENT = msg("1", priority=5)
FUTURE_EVENT_WARNING = (
    'receive event["priority"]: unknown key'
    " (MessageReceiveEvent has type, id, headers, payload, bindings, more_messages)"
)
FUTURE_ACK = {**ack("1"), "reason": "done"}
FUTURE_ACK_WARNING = 'send event["reason"]: unknown key (MessageAckEvent has type, id)'


def warned(check: Any, value: object) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert check(value) is None
    assert all(w.category is UnknownKeyWarning for w in caught)
    return [str(w.message) for w in caught]


def test_unknown_keys_of_a_scope_warn_and_pass() -> None:
    assert sorted(warned(check_scope, FUTURE_SCOPE)) == FUTURE_SCOPE_WARNINGS


def test_unknown_keys_of_events_warn_and_pass() -> None:
    assert warned(check_receive_event, FUTURE_EVENT) == [FUTURE_EVENT_WARNING]
    assert warned(check_send_event, FUTURE_ACK) == [FUTURE_ACK_WARNING]
    assert warned(check_receive_event, {"type": "lifespan.startup", "state": {}}) == [
        'receive event["state"]: unknown key (LifespanStartupEvent has type)'
    ]


def test_a_known_key_with_a_wrong_value_still_raises_beside_an_unknown_one() -> None:
    with (
        pytest.warns(UnknownKeyWarning, match=r'\["priority"\]'),
        pytest.raises(ValidationError) as info,
    ):
        check_receive_event(msg(1, priority=5))  # type: ignore[arg-type]
    assert info.value.errors == ('receive event["id"]: expected str, got int (1)',)


def test_the_warning_points_at_the_caller_of_the_check() -> None:
    with pytest.warns(UnknownKeyWarning) as caught:
        check_send_event(FUTURE_ACK)
    (warning,) = caught
    assert warning.filename == __file__


def test_the_standard_filters_turn_them_into_errors_or_silence_them() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnknownKeyWarning)
        with pytest.raises(UnknownKeyWarning):
            check_send_event(FUTURE_ACK)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", UnknownKeyWarning)
        check_send_event(FUTURE_ACK)


def test_the_category_is_a_validation_warning() -> None:
    assert issubclass(UnknownKeyWarning, ValidationWarning)


@MODES
def test_the_middleware_passes_unknown_keys_on_with_one_warning_each(strict: bool) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        outcome = run(
            FUTURE_SCOPE,
            [FUTURE_EVENT],
            [RECEIVE, FUTURE_ACK],
            lambda app: validator(app, strict=strict),
        )
    assert outcome.raised is None
    assert outcome.received == [FUTURE_EVENT] and outcome.sent == [FUTURE_ACK]
    assert all(w.category is UnknownKeyWarning for w in caught)
    assert sorted(str(w.message) for w in caught) == sorted(
        [*FUTURE_SCOPE_WARNINGS, FUTURE_EVENT_WARNING, FUTURE_ACK_WARNING]
    )


@MODES
def test_the_middleware_follows_the_protocol_through_unknown_keys(strict: bool) -> None:
    # The ack carries an unknown key: it still counts as the ack of "1".
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        outcome = run(
            message_scope(),
            [msg("1", more=True, priority=1), msg("2")],
            [RECEIVE, RECEIVE, {**ack("2"), "reason": "x"}, ack("1")],
            lambda app: validator(app, strict=strict),
        )
    reports = [str(w.message) for w in caught if w.category is not UnknownKeyWarning]
    # Out of order is a SHOULD: a warning in both modes.
    assert outcome.raised is None
    assert len(reports) == 1 and "message.ack for id '2' before id '1'" in reports[0]


@MODES
def test_an_unknown_key_in_every_message_is_reported_once_per_call(strict: bool) -> None:
    batch = [msg(str(i), more=i < 9, priority=i) for i in range(10)]
    steps: list[Any] = []
    for i in range(10):
        steps += [RECEIVE, ack(str(i))]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        outcome = run(message_scope(), batch, steps, lambda app: validator(app, strict=strict))
    assert outcome.raised is None and len(outcome.sent) == 10
    assert [str(w.message) for w in caught] == [
        (
            'receive event["priority"]: unknown key'
            " (MessageReceiveEvent has type, id, headers, payload, bindings, more_messages)"
        )
    ]
