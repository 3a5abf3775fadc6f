"""A subclass counts as its base class, in the checks and in the middleware.

A ``str`` enum member is a ``str``, an ``OrderedDict`` is a ``dict``, a
named tuple is a tuple: each is judged by what it holds, read through its
base class, in strict mode and in warning mode alike.
"""

from __future__ import annotations

import enum
import sys
import types
import warnings
from collections import OrderedDict, UserDict, defaultdict, namedtuple
from typing import Any

import pytest
from test_validate_middleware import MODES, RECEIVE, STARTUP, Step, ack, message_scope, msg, run

from amgi_types.validate import (
    ValidationError,
    check_receive_event,
    check_scope,
    check_send_event,
    validator,
)


class Kind(str, enum.Enum):
    ACK = "message.ack"
    NACK = "message.nack"
    RECEIVE = "message.receive"
    MESSAGE = "message"
    LIFESPAN = "lifespan"
    STARTUP_COMPLETE = "lifespan.startup.complete"


class Id(str):
    """A str subclass whose str() is not its value."""

    def __str__(self) -> str:
        return f"Id({str.__str__(self)})"


class Event(dict[str, Any]):
    pass


class Delivery(enum.IntEnum):
    TRANSIENT = 1
    PERSISTENT = 2


Header = namedtuple("Header", "name value")  # noqa: PYI024 (the kind of tuple under test)

STR_ENUMS: list[Any] = [Kind]
if sys.version_info >= (3, 11):
    STR_ENUMS.append(enum.StrEnum("StrKind", {member.name: member.value for member in Kind}))


def outcome(
    scope: dict[Any, Any], server: list[Any], app: list[Step], strict: bool
) -> tuple[type[BaseException] | None, list[str]]:
    """What was raised, and what was warned, under validator(app, strict)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = run(scope, server, app, lambda a: validator(a, strict=strict))
    return result.raised, [str(w.message) for w in caught]


CLEAN: tuple[None, list[str]] = (None, [])


@MODES
@pytest.mark.parametrize("kind", STR_ENUMS, ids=lambda k: k.__name__)
def test_an_ack_typed_by_a_str_enum_is_counted(strict: bool, kind: Any) -> None:
    steps: list[Step] = [RECEIVE, {"type": kind.ACK, "id": "1"}]
    assert outcome(message_scope(), [msg("1")], steps, strict) == CLEAN


@MODES
@pytest.mark.parametrize("kind", STR_ENUMS, ids=lambda k: k.__name__)
def test_a_scope_typed_by_a_str_enum_keeps_every_protocol_rule(strict: bool, kind: Any) -> None:
    scope = {**message_scope(), "type": kind.MESSAGE}
    server = [msg("1", more=True), msg("2")]
    raised, warned = outcome(scope, server, [RECEIVE, RECEIVE, ack("2"), ack("1")], strict)
    # A SHOULD: a warning in both modes.
    expected = "acks and nacks in delivery order"
    assert raised is None and len(warned) == 1 and expected in warned[0]
    lifespan = {"type": kind.LIFESPAN, "amgi": {"version": "1.0", "spec_version": "1.0"}}
    answer = {"type": kind.STARTUP_COMPLETE}
    assert outcome(lifespan, [STARTUP], [RECEIVE, answer], strict) == CLEAN


@MODES
def test_a_str_subclass_id_left_unanswered_is_reported(strict: bool) -> None:
    raised, warned = outcome(message_scope(), [msg(Id("1"))], [RECEIVE], strict)
    expected = "the application returned without acking or nacking id '1'"
    if strict:
        assert raised is ValidationError
    else:
        assert raised is None and len(warned) == 1 and warned[0].endswith(expected)


class MessageId(str):
    pass


@MODES
def test_a_str_subclass_id_is_answered_by_str_of_it(strict: bool) -> None:
    steps: list[Step] = [RECEIVE, ack(str(MessageId("1")))]
    assert outcome(message_scope(), [msg(MessageId("1"))], steps, strict) == CLEAN


@MODES
def test_a_str_subclass_id_is_answered_by_its_value(strict: bool) -> None:
    # str() of this id is not its value; the plain str of the value is.
    steps: list[Step] = [RECEIVE, ack(str.__str__(Id("1")))]
    assert outcome(message_scope(), [msg(Id("1"))], steps, strict) == CLEAN
    assert outcome(message_scope(), [msg("1")], [RECEIVE, ack(Id("1"))], strict) == CLEAN


EXTENSION_MAPPINGS: dict[str, Any] = {
    "OrderedDict": OrderedDict([("message.ack.out_of_order", {})]),
    "defaultdict": defaultdict(dict, {"message.ack.out_of_order": {}}),
    "MappingProxyType": types.MappingProxyType({"message.ack.out_of_order": {}}),
    "UserDict": UserDict({"message.ack.out_of_order": {}}),
    "str subclass name": {Id("message.ack.out_of_order"): {}},
    "parameters an OrderedDict": {"message.ack.out_of_order": OrderedDict()},
}


@MODES
@pytest.mark.parametrize("name", EXTENSION_MAPPINGS)
def test_out_of_order_extension_is_seen_in_any_mapping(strict: bool, name: str) -> None:
    scope = message_scope(extensions=EXTENSION_MAPPINGS[name])
    check_scope(scope)
    steps: list[Step] = [RECEIVE, RECEIVE, ack("2"), ack("1")]
    assert outcome(scope, [msg("1", more=True), msg("2")], steps, strict) == CLEAN


@MODES
def test_dict_subclass_events_follow_the_protocol(strict: bool) -> None:
    server = [Event(msg("1", more=True)), Event(msg("2"))]
    steps: list[Step] = [RECEIVE, Event(ack("1")), RECEIVE, Event(ack("2"))]
    assert outcome(message_scope(), server, steps, strict) == CLEAN
    out_of_order: list[Step] = [RECEIVE, RECEIVE, Event(ack("2")), Event(ack("1"))]
    raised, warned = outcome(message_scope(), server, out_of_order, strict)
    # A SHOULD: a warning in both modes.
    assert raised is None
    assert len(warned) == 1 and "message.ack for id '2' before id '1'" in warned[0]


def test_subclasses_of_values_pass_the_checks() -> None:
    check_receive_event(
        Event(
            type=Kind.RECEIVE,
            id=Id("1"),
            headers=[Header(b"k", b"v")],
            more_messages=True,
            bindings=OrderedDict(
                amqp={"delivery_mode": Delivery.PERSISTENT, "priority": Delivery.TRANSIENT}
            ),
        )
    )
    check_send_event({"type": Kind.NACK, "id": Id("1"), "message": Id("why")})


def test_mappings_that_are_not_dicts_are_not_events() -> None:
    with pytest.raises(ValidationError, match="expected a dict"):
        check_send_event(UserDict(ack("1")))


class Level(enum.IntEnum):
    HIGH = 3


def test_an_int_enum_is_not_taken_for_a_literal_it_does_not_equal() -> None:
    with pytest.raises(
        ValidationError, match=r'\["delivery_mode"\]: expected one of 1, 2, got Level'
    ):
        check_send_event(
            {
                "type": "message.send",
                "address": "a",
                "headers": [],
                "bindings": {"amqp": {"delivery_mode": Level.HIGH}},
            }
        )
