"""check_scope, check_receive_event and check_send_event on chosen examples.

The generated examples and single mutations are in
test_validate_properties.py; hostile objects in test_validate_hostile.py.
"""

from __future__ import annotations

import array
import collections
import enum
import sys
import types
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal, TypedDict, overload

import pytest
from test_validate_unknown_keys import warned

import amgi_types
from amgi_types._typeddict import is_typeddict
from amgi_types.validate import (
    UnknownKeyWarning,
    ValidationError,
    _checks,
    check_receive_event,
    check_scope,
    check_send_event,
)

if sys.version_info >= (3, 11):
    from typing import NotRequired, Required
else:
    from typing_extensions import NotRequired, Required

AMGI = {"version": "1.0", "spec_version": "1.0"}


def send_event(**changes: object) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "message.send",
        "address": "orders",
        "headers": [(b"a", b"1"), (b"b", b"2"), (b"c", b"3")],
        "payload": b"x" * 1024,
        "bindings": {"kafka": {"key": b"k"}},
    }
    event.update(changes)
    return event


def problems(check: Any, value: object) -> tuple[str, ...]:
    with pytest.raises(ValidationError) as info:
        check(value)
    return info.value.errors


VALID_SCOPES = [
    {"type": "message", "amgi": AMGI, "address": "orders"},
    {"type": "message", "amgi": AMGI, "address": "orders", "state": {"db": object()}},
    {
        "type": "message",
        "amgi": AMGI,
        "address": "q",
        "extensions": {"message.ack.out_of_order": {}},
    },
    {"type": "lifespan", "amgi": AMGI},
    {"type": "lifespan", "amgi": AMGI, "state": {}},
]

VALID_RECEIVE = [
    {"type": "message.receive", "id": "1", "headers": []},
    {"type": "message.receive", "id": "1", "headers": ((b"a", b""),), "payload": None},
    {"type": "message.receive", "id": "1", "headers": [], "payload": b"", "more_messages": True},
    {"type": "message.receive", "id": "1", "headers": [], "bindings": {"kafka": {"key": None}}},
    {"type": "lifespan.startup"},
    {"type": "lifespan.shutdown"},
]

VALID_SEND = [
    {"type": "message.ack", "id": "1"},
    {"type": "message.nack", "id": "1", "message": "boom"},
    send_event(),
    send_event(payload=None, headers=()),
    {"type": "message.send", "address": "a", "headers": []},
    {"type": "lifespan.startup.complete"},
    {"type": "lifespan.startup.failed", "message": "no db"},
    {"type": "lifespan.shutdown.complete"},
    {"type": "lifespan.shutdown.failed", "message": "stuck"},
]


@pytest.mark.parametrize("scope", VALID_SCOPES)
def test_well_formed_scopes_pass(scope: dict[str, Any]) -> None:
    assert check_scope(scope) is None


@pytest.mark.parametrize("event", VALID_RECEIVE)
def test_well_formed_receive_events_pass(event: dict[str, Any]) -> None:
    assert check_receive_event(event) is None


@pytest.mark.parametrize("event", VALID_SEND)
def test_well_formed_send_events_pass(event: dict[str, Any]) -> None:
    assert check_send_event(event) is None


def test_error_names_path_expectation_and_value() -> None:
    event = send_event(headers=[(b"a", b"1"), (b"b", b"2"), ("x", b"3")])
    with pytest.raises(ValidationError) as info:
        check_send_event(event)
    assert str(info.value) == """send event["headers"][2][0]: expected bytes, got str ('x')"""


def test_exception_is_a_value_error_without_side() -> None:
    with pytest.raises(ValueError, match="id") as info:
        check_send_event({"type": "message.ack"})
    assert isinstance(info.value, ValidationError)
    assert info.value.side is None


def test_every_problem_is_reported_not_only_the_first() -> None:
    event = send_event(address=1, payload="text")
    del event["headers"]
    found = problems(check_send_event, event)
    assert set(found) == {
        'send event["address"]: expected str, got int (1)',
        "send event[\"payload\"]: expected bytes or None, got str ('text')",
        'send event["headers"]: required key missing',
    }


def test_missing_required_key_is_named() -> None:
    assert problems(check_send_event, {"type": "message.nack", "id": "1"}) == (
        'send event["message"]: required key missing',
    )


def test_unknown_type_lists_the_known_ones() -> None:
    (error,) = problems(check_send_event, {"type": "message.sent", "id": "1"})
    assert error.startswith('send event["type"]: expected one of ')
    assert "'message.ack'" in error and "'lifespan.shutdown.failed'" in error
    assert error.endswith("got str ('message.sent')")


def test_receive_event_is_not_a_send_event() -> None:
    (error,) = problems(check_send_event, {"type": "message.receive", "id": "1", "headers": []})
    assert error.startswith('send event["type"]: expected one of')


def test_wrong_literal_in_nested_typeddict() -> None:
    scope = {"type": "lifespan", "amgi": {"version": "2.0", "spec_version": "1.0"}}
    assert problems(check_scope, scope) == (
        """scope["amgi"]["version"]: expected '1.0', got str ('2.0')""",
    )


@pytest.mark.parametrize("value", [None, [], "message.ack", 3, object()])
def test_non_dict_is_rejected(value: object) -> None:
    (error,) = problems(check_send_event, value)
    assert error.startswith("send event: expected a dict, got ")


def test_headers_str_is_not_a_sequence_of_pairs() -> None:
    # An empty str is a Sequence to Python, and would otherwise pass.
    assert problems(check_send_event, send_event(headers="")) == (
        """send event["headers"]: expected a sequence (list or tuple), got str ('')""",
    )


def test_header_pair_must_be_a_two_tuple() -> None:
    found = problems(
        check_send_event, send_event(headers=[[b"a", b"b"], (b"a",), (b"a", b"b", b"c")])
    )
    assert [error.split(":")[0] for error in found] == [
        'send event["headers"][0]',
        'send event["headers"][1]',
        'send event["headers"][2]',
    ]
    assert all("expected a tuple of 2 items (bytes, bytes)" in error for error in found)


def test_bytearray_payload_is_not_bytes() -> None:
    assert problems(check_send_event, send_event(payload=bytearray(b"x"))) == (
        'send event["payload"]: expected bytes or None, got bytearray',
    )


def test_bindings_of_unknown_protocols_pass_with_a_warning() -> None:
    assert warned(check_send_event, send_event(bindings={"carrier-pigeon": {"leg": "left"}})) == [
        (
            'send event["bindings"]["carrier-pigeon"]: unknown key'
            " (MessageSendBindings has kafka, amqp, mqtt, sqs, redis, nats, googlepubsub, sns)"
        )
    ]
    assert warned(
        check_receive_event,
        {"type": "message.receive", "id": "1", "headers": [], "bindings": {"x-own": {}}},
    ) == [
        (
            'receive event["bindings"]["x-own"]: unknown key'
            " (MessageReceiveBindings has kafka, amqp, mqtt, sqs, redis, nats, googlepubsub, sns)"
        )
    ]


def test_state_admits_any_key_and_unknown_extensions_warn() -> None:
    scope = {
        "type": "message",
        "amgi": AMGI,
        "address": "a",
        "state": {"anything": [object()]},
        "extensions": {"vendor.thing": {"level": 3}},
    }
    assert warned(check_scope, scope) == [
        (
            'scope["extensions"]["vendor.thing"]: unknown key'
            " (MessageExtensions has message.ack.out_of_order, message.nack.outcome)"
        )
    ]


class HeaderList(Sequence[tuple[object, object]]):
    def __init__(self, pairs: list[tuple[object, object]]) -> None:
        self.pairs = pairs

    @overload
    def __getitem__(self, index: int) -> tuple[object, object]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[object, object]]: ...
    def __getitem__(self, index: int | slice) -> Any:
        return self.pairs[index]

    def __len__(self) -> int:
        return len(self.pairs)


def test_any_sequence_of_pairs_is_accepted_for_headers() -> None:
    check_send_event(send_event(headers=HeaderList([(b"a", b"b")])))
    assert problems(check_send_event, send_event(headers=HeaderList([(b"a", "b")]))) == (
        """send event["headers"][0][1]: expected bytes, got str ('b')""",
    )


class Kind(str, enum.Enum):
    ACK = "message.ack"


class Key(str):
    pass


def test_str_subclasses_count_as_str() -> None:
    check_send_event({Key("type"): Kind.ACK, "id": Key("1")})
    assert warned(check_send_event, {Key("type"): Kind.ACK, Key("id"): Key("1"), Key("x"): 1}) == [
        'send event["x"]: unknown key (MessageAckEvent has type, id)'
    ]
    assert problems(check_send_event, {Key("type"): Kind.ACK, Key("id"): 1}) == (
        'send event["id"]: expected str, got int (1)',
    )


def test_long_values_are_shortened_in_messages() -> None:
    (error,) = problems(check_send_event, send_event(address=b"z" * 1000))
    assert error.endswith("...)") and len(error) < 120


def test_every_failure_is_found_by_the_fast_and_the_thorough_pass_alike() -> None:
    for event in VALID_SEND:
        assert _checks.send_checker.fast(event) is True
    assert _checks.send_checker.fast(send_event(address=1)) is False


# Derivation rules, shown on TypedDicts of this module: the package's own
# types do not (yet) use every construct the checks understand.


class Inner(TypedDict):
    n: int


class Everything(TypedDict, total=False):
    count: Required[int]
    ratio: float
    flag: bool
    when: datetime
    maybe: str | None
    mode: Literal[1, 2]
    inner: Inner
    inners: list[Inner]
    table: dict[str, int]
    either: Inner | int
    pair: tuple[int, ...]


def check(value: object) -> list[str]:
    return _checks.checker(Everything, "value").thorough(value).errors


def test_bool_is_not_taken_for_int() -> None:
    assert check({"count": True}) == ["""value["count"]: expected int, got bool (True)"""]
    assert check({"count": 1}) == []


def test_int_is_taken_for_float_but_bool_is_not() -> None:
    assert check({"count": 1, "ratio": 2}) == []
    assert check({"count": 1, "ratio": False}) == [
        """value["ratio"]: expected float, got bool (False)"""
    ]


def test_int_literal_refuses_the_equal_bool() -> None:
    assert check({"count": 1, "mode": 2}) == []
    assert check({"count": 1, "mode": True}) == [
        """value["mode"]: expected one of 1, 2, got bool (True)"""
    ]


def test_total_false_with_required_key() -> None:
    assert check({}) == ["""value["count"]: required key missing"""]


def test_classes_such_as_datetime_are_checked_by_isinstance() -> None:
    assert check({"count": 1, "when": datetime(2025, 1, 1)}) == []
    assert check({"count": 1, "when": "2025-01-01"}) == [
        """value["when"]: expected datetime, got str ('2025-01-01')"""
    ]


def test_optional_admits_none() -> None:
    assert check({"count": 1, "maybe": None}) == []
    assert check({"count": 1, "maybe": 1}) == [
        """value["maybe"]: expected str or None, got int (1)"""
    ]


def test_nested_paths_through_lists_and_dicts() -> None:
    found = check({"count": 1, "inners": [{"n": 1}, {"n": "2"}], "table": {"a": 1, "b": None}})
    assert found == [
        """value["inners"][1]["n"]: expected int, got str ('2')""",
        'value["table"]["b"]: expected int, got None',
    ]


def test_union_reports_the_member_of_the_values_kind() -> None:
    assert check({"count": 1, "either": {"n": "x"}}) == [
        """value["either"]["n"]: expected int, got str ('x')"""
    ]
    assert check({"count": 1, "either": "x"}) == [
        """value["either"]: expected a dict (Inner) or int, got str ('x')"""
    ]


def test_variadic_tuple() -> None:
    assert check({"count": 1, "pair": (1, 2, 3)}) == []
    assert check({"count": 1, "pair": [1]}) == ["""value["pair"]: expected a tuple, got list"""]


class Node(TypedDict):
    value: int
    children: list[Node]


def test_self_referencing_typeddict() -> None:
    checker = _checks.checker(Node, "tree")
    assert checker.thorough({"value": 1, "children": [{"value": 2, "children": []}]}).errors == []
    assert checker.thorough({"value": 1, "children": [{"value": "2", "children": []}]}).errors == [
        """tree["children"][0]["value"]: expected int, got str ('2')"""
    ]


class Later(TypedDict):
    name: NotRequired[str]


def test_explicit_not_required_wins() -> None:
    assert _checks.checker(Later, "v").thorough({}).errors == []


def test_checks_are_compiled_once_per_type() -> None:
    first = _checks.checker(Everything, "value")
    assert _checks.checker(Everything, "value") is first
    assert _checks.compile_type(Inner) is _checks.compile_type(Inner)


def test_every_typeddict_of_the_package_compiles() -> None:
    for name in amgi_types.__all__:
        obj = getattr(amgi_types, name)
        if is_typeddict(obj):
            node = _checks.compile_type(obj)
            assert isinstance(node, _checks.TypedDictNode)
            assert set(node.fields) == set(obj.__annotations__)


def receive_event(bindings: object) -> dict[str, Any]:
    return {"type": "message.receive", "id": "1", "headers": [], "bindings": bindings}


def test_known_protocol_bindings_are_checked_field_by_field() -> None:
    builders: list[tuple[Any, Any, str]] = [
        (check_send_event, lambda b: send_event(bindings=b), "send event"),
        (check_receive_event, receive_event, "receive event"),
    ]
    for check, build, name in builders:
        assert problems(check, build({"kafka": {"key": "k"}})) == (
            f"""{name}["bindings"]["kafka"]["key"]: expected bytes or None, got str ('k')""",
        )
    found = problems(
        check_send_event,
        send_event(bindings={"kafka": {"key": b"k", "partition": "3"}, "amqp": {"priority": True}}),
    )
    assert set(found) == {
        """send event["bindings"]["kafka"]["partition"]: expected int, got str ('3')""",
        'send event["bindings"]["amqp"]["priority"]: expected int, got bool (True)',
    }


def test_a_known_protocols_value_must_be_a_mapping() -> None:
    assert problems(check_receive_event, receive_event({"sqs": ["g"]})) == (
        'receive event["bindings"]["sqs"]: expected a mapping (SQSReceiveBindings), got list',
    )


# What a received message of each protocol may carry, every field set.
RECEIVED_BINDINGS: dict[str, dict[str, Any]] = {
    "kafka": {"key": b"k", "partition": 3, "offset": 17, "timestamp": 1_700_000_000.5},
    "sqs": {"message_group_id": "g", "message_deduplication_id": "d"},
    "amqp": {
        "exchange": "",
        "routing_key": "orders",
        "message_id": "m",
        "correlation_id": None,
        "reply_to": "replies",
        "content_type": "application/json",
        "content_encoding": None,
        "delivery_mode": 2,
        "priority": 5,
        "expiration": 1.5,
        "timestamp": 1_700_000_000.0,
        "message_type": "order.created",
        "user_id": None,
        "app_id": "shop",
    },
}


@pytest.mark.parametrize("protocol", RECEIVED_BINDINGS)
def test_received_bindings_forwarded_in_a_send_event_pass_silently(protocol: str) -> None:
    # A retry topic or a dead-letter queue: the received message's bindings
    # go out as they came in; a server ignores what it does not send.
    bindings = {protocol: RECEIVED_BINDINGS[protocol]}
    assert warned(check_receive_event, receive_event(bindings)) == []
    assert warned(check_send_event, send_event(bindings=bindings)) == []


def test_forwarded_receive_only_fields_are_still_type_checked() -> None:
    assert problems(check_send_event, send_event(bindings={"kafka": {"offset": 1.5}})) == (
        'send event["bindings"]["kafka"]["offset"]: expected int, got float (1.5)',
    )


def test_a_field_no_typeddict_lists_is_an_unknown_key() -> None:
    assert warned(
        check_send_event, send_event(bindings={"kafka": {"key": None, "headers": 1}})
    ) == [
        (
            'send event["bindings"]["kafka"]["headers"]: unknown key'
            " (KafkaSendBindings has key, and KafkaReceiveBindings partition, offset, timestamp)"
        )
    ]
    # Send-only fields are unknown in a received message.
    assert warned(check_receive_event, receive_event({"sqs": {"delay_seconds": 5}})) == [
        (
            'receive event["bindings"]["sqs"]["delay_seconds"]: unknown key'
            " (SQSReceiveBindings has message_group_id, message_deduplication_id)"
        )
    ]


def test_a_received_message_carries_the_bindings_of_one_protocol() -> None:
    with pytest.warns(UnknownKeyWarning, match="x-own"):
        found = problems(check_receive_event, receive_event({"kafka": {}, "x-own": {}}))
    assert found == (
        (
            'receive event["bindings"]: 2 entries (kafka, x-own);'
            " a received message carries the bindings of one protocol only"
        ),
    )
    # A message to send may carry several.
    check_send_event(send_event(bindings={"kafka": {}, "amqp": {}, "mqtt": {"qos": 1}}))


def test_bindings_and_extensions_may_be_any_mapping() -> None:
    check_receive_event(
        receive_event(types.MappingProxyType({"kafka": types.MappingProxyType({"key": None})}))
    )
    scope = {"type": "message", "amgi": AMGI, "address": "a"}
    check_scope({**scope, "extensions": types.MappingProxyType({"message.ack.out_of_order": {}})})


def test_known_extension_is_checked_unknown_parameters_warn() -> None:
    scope = {"type": "message", "amgi": AMGI, "address": "a"}
    assert problems(check_scope, {**scope, "extensions": {"message.ack.out_of_order": True}}) == (
        (
            'scope["extensions"]["message.ack.out_of_order"]: expected a mapping'
            " (MessageAckOutOfOrderExtension), got bool (True)"
        ),
    )
    assert warned(check_scope, {**scope, "extensions": {"message.ack.out_of_order": {"z": 1}}}) == [
        (
            'scope["extensions"]["message.ack.out_of_order"]["z"]: unknown key'
            " (MessageAckOutOfOrderExtension has no keys)"
        )
    ]


NOT_SEQUENCES = {
    "str": "",
    "bytes": b"",
    "bytearray": bytearray(),
    "memoryview": memoryview(b""),
    "UserString": collections.UserString(""),
    "array": array.array("b"),
    "str subclass": Key(""),
}


@pytest.mark.parametrize("name", NOT_SEQUENCES)
def test_text_and_raw_bytes_are_not_sequences_of_headers(name: str) -> None:
    (error,) = problems(check_send_event, send_event(headers=NOT_SEQUENCES[name]))
    assert error.startswith('send event["headers"]: expected a sequence (list or tuple), got ')
