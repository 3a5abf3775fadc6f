"""No input makes a check fail with anything but ValidationError.

Hostile objects raise from every method a check could be tempted to call;
the checks must neither crash nor be fooled by them.
"""

from __future__ import annotations

import abc
import asyncio
import collections.abc
import gc
import warnings
from collections.abc import Callable, Sequence
from typing import Any, TypedDict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amgi_types.validate import (
    UnknownKeyWarning,
    ValidationError,
    ValidationWarning,
    _checks,
    check_receive_event,
    check_scope,
    check_send_event,
    validator,
)

CHECKS: list[Callable[[object], None]] = [check_scope, check_receive_event, check_send_event]


class Boom(Exception):
    pass


def boom(*args: object, **kwargs: object) -> Any:
    raise Boom


class Hostile:
    """Every special method a check might call raises."""

    __eq__ = __ne__ = __lt__ = __hash__ = __len__ = __iter__ = boom
    __getitem__ = __contains__ = __bool__ = __repr__ = __str__ = __index__ = boom

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        raise Boom


class HostileKey(Hostile):
    __hash__ = object.__hash__  # type: ignore[assignment]


class CollidingKey:
    """Hashes like "type" so that a dict lookup of "type" compares with it.

    Armed once the dict is built: building it compares keys too.
    """

    armed = False

    def __hash__(self) -> int:
        return hash("type")

    def __eq__(self, other: object) -> bool:
        if CollidingKey.armed:
            raise Boom
        return self is other


class LyingKey(str):
    __eq__ = __ne__ = boom
    __hash__ = str.__hash__


class HostileDict(dict[str, Any]):
    get = items = keys = values = __getitem__ = __iter__ = __len__ = __contains__ = boom


class HostileList(list[Any]):
    __iter__ = __len__ = __getitem__ = boom


class HostileTuple(tuple[Any, ...]):
    __iter__ = __len__ = __getitem__ = boom


class HostileSequence(Sequence[Any]):
    def __len__(self) -> int:
        raise Boom

    def __getitem__(self, index: Any) -> Any:
        raise Boom


class LengthNotInt(Sequence[Any]):
    def __len__(self) -> Any:
        return "three"

    def __getitem__(self, index: Any) -> Any:
        return (b"a", b"b")


class AlwaysEqual(str):
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = str.__hash__


def ack(**changes: object) -> dict[Any, Any]:
    event: dict[Any, Any] = {"type": "message.ack", "id": "1"}
    event.update(changes)
    return event


def send(**changes: object) -> dict[Any, Any]:
    event: dict[Any, Any] = {"type": "message.send", "address": "a", "headers": []}
    event.update(changes)
    return event


HOSTILE_EVENTS = {
    "hostile object": Hostile(),
    "hostile type value": {"type": Hostile()},
    "hostile id": ack(id=Hostile()),
    "hostile key": {HostileKey(): 1, "type": "message.ack", "id": "1"},
    "key colliding with type": {CollidingKey(): 1, "type": "message.ack", "id": "1"},
    "str key with hostile eq": {LyingKey("type"): "message.ack", "id": 1},
    "dict subclass raising everywhere": HostileDict(type="message.ack", id=1),
    "list subclass raising everywhere": send(headers=HostileList([(b"a", 1)])),
    "tuple subclass raising everywhere": send(headers=[HostileTuple((b"a", "b"))]),
    "sequence raising in len": send(headers=HostileSequence()),
    "sequence with a non-int len": send(headers=LengthNotInt()),
    "str subclass equal to everything": ack(type=AlwaysEqual("nope")),
    "bindings with hostile inner dict": send(bindings={"kafka": HostileDict(key=1)}, bogus=1),
}
CollidingKey.armed = True


@pytest.mark.filterwarnings("ignore::amgi_types.validate.UnknownKeyWarning")
@pytest.mark.parametrize("check", CHECKS)
# By name: pytest itself trips over the hostile objects when given them.
@pytest.mark.parametrize("name", HOSTILE_EVENTS)
def test_hostile_values_raise_only_validation_error(
    check: Callable[[object], None], name: str
) -> None:
    with pytest.raises(ValidationError) as info:
        check(HOSTILE_EVENTS[name])
    assert info.value.errors
    assert all(isinstance(error, str) for error in info.value.errors)


def test_str_equal_to_everything_does_not_pass_as_a_literal() -> None:
    with pytest.raises(ValidationError, match=r"""send event\["type"\]: expected one of"""):
        check_send_event(ack(type=AlwaysEqual("nope")))


def test_overridden_methods_of_dict_subclasses_are_not_trusted() -> None:
    # HostileDict's own get/items raise, yet its real content is judged.
    with pytest.raises(ValidationError) as info:
        check_send_event(HostileDict(type="message.ack", id=1))
    assert info.value.errors == ('send event["id"]: expected str, got int (1)',)
    with pytest.warns(UnknownKeyWarning, match=r'send event\["x"\]: unknown key'):
        check_send_event(HostileDict(type="message.ack", id="1", x=1))


def test_overridden_methods_of_list_and_tuple_subclasses_are_not_trusted() -> None:
    check_send_event(send(headers=HostileList([HostileTuple((b"a", b"b"))])))
    with pytest.raises(ValidationError) as info:
        check_send_event(send(headers=HostileList([HostileTuple((b"a", "b"))])))
    assert info.value.errors == ("""send event["headers"][0][1]: expected bytes, got str ('b')""",)


def test_a_sequence_that_raises_is_reported_at_its_path() -> None:
    with pytest.raises(ValidationError) as info:
        check_send_event(send(headers=HostileSequence()))
    assert info.value.errors == ('send event["headers"]: reading it raised Boom',)


def test_self_containing_state_is_not_walked() -> None:
    state: dict[str, Any] = {}
    state["self"] = state
    check_scope(
        {"type": "lifespan", "amgi": {"version": "1.0", "spec_version": "1.0"}, "state": state}
    )


def test_self_containing_event_is_rejected_not_recursed() -> None:
    event: dict[str, Any] = send()
    event["headers"] = [event]
    with pytest.raises(ValidationError, match=r"headers\"\]\[0\]: expected a tuple"):
        check_send_event(event)


class Chain(TypedDict):
    next: Chain | None


def test_deeply_nested_value_of_a_recursive_type_is_reported() -> None:
    value: dict[str, Any] = {"next": None}
    for _ in range(100_000):
        value = {"next": value}
    errors = _checks.checker(Chain, "chain").thorough(value).errors
    assert errors == ["chain: nested too deeply to check"]


def test_huge_headers_pass_and_every_bad_pair_is_reported() -> None:
    pairs: list[tuple[object, object]] = [(b"h%d" % i, b"v" * 100) for i in range(100_000)]
    check_send_event(send(headers=pairs))
    pairs[10] = ("h", b"v")
    pairs[99_999] = (b"h", 1)
    with pytest.raises(ValidationError) as info:
        check_send_event(send(headers=pairs))
    assert [error.split(":")[0] for error in info.value.errors] == [
        'send event["headers"][10][0]',
        'send event["headers"][99999][1]',
    ]


def test_the_problems_of_one_value_are_bounded_and_not_all_printed() -> None:
    with pytest.raises(ValidationError) as info:
        check_send_event(send(headers=[("h", b"v")] * 100_000))
    errors = info.value.errors
    assert len(errors) == _checks.MAX_ERRORS + 1
    assert errors[-1] == "send event: more problems than the first 100, not listed"
    assert len(info.value.violations) == len(errors)
    lines = str(info.value).splitlines()
    assert lines[0] == "101 problems:"
    assert lines[-1] == "... and 81 more in .errors"
    assert len(lines) == 22


class CountedSequence(Sequence[Any]):
    """Ten million headers, every one wrong; counts the items read."""

    reads = 0

    def __len__(self) -> int:
        return 10**7

    def __getitem__(self, index: Any) -> Any:
        CountedSequence.reads += 1
        return ("h", b"v")


def test_a_huge_user_sequence_is_read_only_until_the_errors_are_bounded() -> None:
    with pytest.raises(ValidationError) as info:
        check_send_event(send(headers=CountedSequence()))
    assert len(info.value.errors) == _checks.MAX_ERRORS + 1
    assert CountedSequence.reads == _checks.MAX_ERRORS + 1


def test_huge_key_is_shortened_in_the_message() -> None:
    with pytest.warns(UnknownKeyWarning) as caught:
        check_send_event(ack(**{"k" * 100_000: 1}))
    (warning,) = caught
    assert len(str(warning.message)) < 200
    with pytest.raises(ValidationError) as info, pytest.warns(UnknownKeyWarning):
        check_send_event(ack(**{"k" * 100_000: 1}, id=1))
    assert len(str(info.value)) < 200


HUGE_INT = 10**5000


def test_a_huge_int_is_described_by_its_size_not_its_digits() -> None:
    # repr() of it raises ValueError from Python 3.11 on, and takes time
    # that grows with it before.
    with pytest.raises(ValidationError) as info:
        check_send_event(ack(id=HUGE_INT))
    assert info.value.errors == ('send event["id"]: expected str, got int (of 16610 bits)',)


def test_huge_values_are_shortened_without_reading_them_whole() -> None:
    with pytest.raises(ValidationError) as info:
        check_send_event(send(address=b"a" * 10_000_000))
    (error,) = info.value.errors
    assert error.endswith("...)") and len(error) < 120


class RaisingEq(str):
    """A str whose comparisons raise: as an extension name or event type."""

    __eq__ = __ne__ = boom
    __hash__ = str.__hash__


def test_the_middleware_reads_str_subclasses_through_str() -> None:
    # Only ValidationError may come out, and here none: the values are right.
    scope = {
        "type": RaisingEq("message"),
        "amgi": {"version": "1.0", "spec_version": "1.0"},
        "address": "a",
        "extensions": {RaisingEq("message.ack.out_of_order"): {}},
    }
    batch = [
        {
            "type": RaisingEq("message.receive"),
            "id": RaisingEq("1"),
            "headers": [],
            "more_messages": True,
        },
        {"type": "message.receive", "id": "2", "headers": []},
    ]
    answers = [
        {"type": RaisingEq("message.ack"), "id": "2"},
        {"type": "message.nack", "id": RaisingEq("1"), "message": "x"},
    ]

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await receive()
        await receive()
        for answer in answers:
            await send(answer)

    async def receive() -> Any:
        return batch.pop(0)

    async def ignore(event: Any) -> None:
        pass

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        asyncio.run(validator(app)(scope, receive, ignore))  # type: ignore[arg-type]


def test_the_middleware_raises_only_validation_error_for_a_huge_int_id() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        event = await receive()
        await send({"type": "message.ack", "id": event["id"]})

    async def receive() -> Any:
        return {"type": "message.receive", "id": HUGE_INT, "headers": []}

    async def ignore(event: Any) -> None:
        pass

    scope = {"type": "message", "amgi": {"version": "1.0", "spec_version": "1.0"}, "address": "a"}
    with pytest.raises(ValidationError, match="of 16610 bits"):
        asyncio.run(validator(app)(scope, receive, ignore))  # type: ignore[arg-type]
    with pytest.warns(ValidationWarning) as caught:
        asyncio.run(validator(app, strict=False)(scope, receive, ignore))  # type: ignore[arg-type]
    # The ack carries the server's bad id back: one fault, one report.
    assert len(caught) == 1


class LookalikeKey:
    """Not a str, yet hashes and compares equal to "id"."""

    def __hash__(self) -> int:
        return hash("id")

    def __eq__(self, other: object) -> bool:
        return type(other) is str and str.__eq__(other, "id")


class TwinKey(str):
    """A str "id" with a hash of its own: a dict may hold it beside "id"."""

    def __hash__(self) -> int:
        return 1


@pytest.mark.parametrize(
    "event",
    [
        {"type": "message.ack", LookalikeKey(): "1"},
        {"type": "message.ack", "id": "1", TwinKey("id"): "2"},
    ],
    ids=["non-str key equal to id", "id twice"],
)
def test_the_fast_path_and_the_thorough_pass_agree_on_lookalike_keys(event: dict[Any, Any]) -> None:
    assert _checks.send_checker.fast(event) is False
    with pytest.raises(ValidationError) as info:
        check_send_event(event)
    assert info.value.errors[0] in (
        "send event[<key of type LookalikeKey>]: keys must be str",
        'send event["id"]: key given twice',
    )


anything = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=5)
    | st.binary(max_size=5)
    | st.sampled_from(["message.ack", "message.send", "message", "lifespan", "1.0", "id"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.tuples(children, children)
        | st.dictionaries(
            st.sampled_from(["type", "id", "headers", "payload", "bindings", "amgi", "x"])
            | st.text(max_size=3),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@pytest.mark.filterwarnings("ignore::amgi_types.validate.UnknownKeyWarning")
@settings(max_examples=300, deadline=None)
@given(anything)
def test_arbitrary_values_raise_only_validation_error(value: object) -> None:
    for check in CHECKS:
        try:
            check(value)
        except ValidationError as exc:
            assert exc.errors  # noqa: PT017 (any other exception must fail the test)


class RaisingMeta(abc.ABCMeta):
    def __subclasscheck__(cls, subclass: type) -> bool:
        raise Boom


def test_a_mapping_subclass_whose_metaclass_raises_in_subclasscheck_is_a_verdict() -> None:
    # An ABC asks each of its subclasses whether a class is theirs: while such
    # a Mapping exists, checking any new class against Mapping calls it.
    class HostileMapping(collections.abc.Mapping[Any, Any], metaclass=RaisingMeta):
        def __getitem__(self, key: Any) -> Any:
            raise KeyError(key)

        def __iter__(self) -> Any:
            return iter(())

        def __len__(self) -> int:
            return 0

    class Fresh:
        pass

    class Later:
        pass

    try:
        for value in (send(bindings={"kafka": Fresh()}), send(headers=Later())):
            with pytest.raises(ValidationError):
                check_send_event(value)
    finally:
        # Gone, it no longer answers for Mapping: the rest of the run is safe.
        del HostileMapping
        gc.collect()
