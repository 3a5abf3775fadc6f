"""Violations that cannot be swallowed: recorded on the call, raised when it
ends, and gathered by collect() or on_violation= for a server's tests.

Each test plays a pattern found in real code: the seed's own example that
turns any exception into a nack, a reader task nobody awaits, a server that
catches every exception of the application, as the Message format page asks.
"""

from __future__ import annotations

import asyncio
import contextlib
import pickle
import sys
import warnings
from typing import Any

import pytest
import trio

from amgi_types.validate import (
    RecommendationWarning,
    ValidationError,
    ValidationWarning,
    Violation,
    collect,
    validator,
)

AMGI = {"version": "1.0", "spec_version": "1.0"}
SCOPE = {"type": "message", "amgi": AMGI, "address": "orders"}
MODES = pytest.mark.parametrize("strict", [True, False], ids=["strict", "warning mode"])
LISTS_AS_HEADERS = 'send event["headers"][0]: expected a tuple of 2 items (bytes, bytes), got list'


def msg(message_id: str, more: bool = False) -> dict[str, Any]:
    return {
        "type": "message.receive",
        "id": message_id,
        "headers": [(b"h", b"v")],
        "more_messages": more,
    }


def seed_app() -> Any:
    """The seed's example: handling and ack in a try, any exception a nack."""

    async def app(scope: Any, receive: Any, send: Any) -> None:
        more_messages = True
        while more_messages:
            message = await receive()
            message_id = message["id"]
            try:
                # A message.send whose headers went through JSON: lists.
                await send({"type": "message.send", "address": "out", "headers": [[b"k", b"v"]]})
                await send({"type": "message.ack", "id": message_id})
            except Exception as e:
                await send({"type": "message.nack", "id": message_id, "message": str(e)})
            more_messages = message.get("more_messages")

    return app


class Server:
    """A server in miniature that does what the Message format page asks: it
    logs the application's exception, nacks the batch and keeps serving."""

    def __init__(self, batch: list[dict[str, Any]], scope: dict[str, Any] = SCOPE) -> None:
        self.pending = list(batch)
        self.scope = scope
        self.sent: list[Any] = []
        self.logged: list[BaseException] = []

    async def receive(self) -> Any:
        return self.pending.pop(0)

    async def send(self, event: Any) -> None:
        self.sent.append(event)

    async def serve(self, app: Any) -> None:
        try:
            await app(self.scope, self.receive, self.send)
        except Exception as exc:
            self.logged.append(exc)


@MODES
def test_the_seeds_nack_of_a_violation_still_fails_the_call(strict: bool) -> None:
    app = validator(seed_app(), strict=strict)
    server = Server([msg("1")])
    if strict:
        with pytest.raises(ValidationError) as info:
            asyncio.run(app(SCOPE, server.receive, server.send))
        (violation,) = info.value.violations
        assert violation.rule == "send.well_formed" and violation.side == "application"
        assert violation.path == 'send event["headers"][0]'
        assert info.value.rule == "send.well_formed" and info.value.path == violation.path
        # The nack with the validator's text reached the server: nothing
        # either side sees changes, the error comes when the call ends.
        assert [event["type"] for event in server.sent] == ["message.nack"]
    else:
        with pytest.warns(ValidationWarning) as caught:
            asyncio.run(app(SCOPE, server.receive, server.send))
        assert [str(w.message) for w in caught] == [
            f"application broke the rule 'sent events are well-formed': {LISTS_AS_HEADERS}"
        ]


@MODES
def test_a_reader_task_past_the_last_message_is_reported_when_the_call_ends(
    strict: bool,
) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        message = await receive()
        await send({"type": "message.ack", "id": message["id"]})
        reader = asyncio.ensure_future(receive())  # never awaited
        await asyncio.sleep(0)
        assert reader.done()

    server = Server([msg("1")])
    expected = (
        "application broke the rule 'no receive() after the last message of a batch':"
        " receive() was called after a message with more_messages false or missing"
    )
    with collect() as violations:
        if strict:
            with pytest.raises(ValidationError) as info:
                asyncio.run(validator(app)(SCOPE, server.receive, server.send))
            assert info.value.errors == (expected,)
        else:
            with pytest.warns(ValidationWarning, match="after a message with more_messages"):
                asyncio.run(validator(app, strict=False)(SCOPE, server.receive, server.send))
    assert [v.text for v in violations] == [expected]


@MODES
def test_a_server_that_catches_every_exception_is_still_found_by_collect(strict: bool) -> None:
    # A well-behaved application; the server under test repeats an id and
    # catches what the validator raises about it.
    server = Server([msg("1", more=True), msg("1")])

    async def app(scope: Any, receive: Any, send: Any) -> None:
        more = True
        while more:
            message = await receive()
            await send({"type": "message.ack", "id": message["id"]})
            more = message.get("more_messages", False)

    with warnings.catch_warnings(record=True), collect() as violations:
        warnings.simplefilter("always")
        asyncio.run(server.serve(validator(app, strict=strict)))
    assert [(v.rule, v.side, v.message_id, v.level) for v in violations] == [
        ("message.id.unique", "server", "1", "MUST")
    ]
    assert len(server.logged) == (1 if strict else 0)


def test_collect_gathers_both_sides_raised_swallowed_and_warned() -> None:
    failure = RuntimeError("broker gone")

    async def app(scope: Any, receive: Any, send: Any) -> None:
        message = await receive()
        with contextlib.suppress(RuntimeError):
            await send({"type": "message.send", "address": "a", "headers": []})
        with contextlib.suppress(ValidationError):  # swallowed
            await send({"type": "message.ack", "id": "nope"})
        await send({"type": "message.ack", "id": message["id"]})

    server = Server([msg("1")])

    async def failing_send(event: Any) -> None:
        if event["type"] == "message.send":
            raise failure
        await server.send(event)

    with collect() as violations, pytest.warns(RecommendationWarning):
        asyncio.run(server.serve(lambda s, r, _: validator(app)(s, r, failing_send)))
    assert [(v.rule, v.side, v.level) for v in violations] == [
        ("message.send.oserror", "server", "SHOULD"),
        ("message.answer.received", "application", "MUST"),
    ]
    # The swallowed one came out of the call when it ended.
    (logged,) = server.logged
    assert isinstance(logged, ValidationError) and logged.violations == (violations[1],)


def test_on_violation_is_called_with_each_violation_in_either_mode() -> None:
    for strict in (True, False):
        seen: list[Violation] = []
        server = Server([msg("1", more=True), msg("2")])

        async def app(scope: Any, receive: Any, send: Any) -> None:
            await receive()

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            asyncio.run(server.serve(validator(app, strict=strict, on_violation=seen.append)))
        assert [(v.rule, v.message_id) for v in seen] == [
            ("message.receive.all", None),
            ("message.answer.once", "1"),
        ]


def test_violations_travel_as_notes_with_the_applications_own_exception() -> None:
    class AppFailed(Exception):
        pass

    failure = AppFailed("db down")

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await receive()
        with contextlib.suppress(ValidationError):
            await send({"type": "message.ack", "id": "9"})
        raise failure

    server = Server([msg("1")])
    with pytest.raises(AppFailed) as info:
        asyncio.run(validator(app)(SCOPE, server.receive, server.send))
    assert info.value is failure  # never replaced
    assert getattr(failure, "__notes__", None) == [
        (
            "amgi_types.validate, not raised out of the call: application broke the rule"
            " 'ack or nack only received ids': message.ack for id '9', which was never received"
        )
    ]


def test_an_error_raised_out_of_the_call_is_not_raised_again() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await receive()
        await send({"type": "message.ack", "id": "9"})

    server = Server([msg("1")])
    with pytest.raises(ValidationError) as info:
        asyncio.run(validator(app)(SCOPE, server.receive, server.send))
    assert len(info.value.errors) == 1 and getattr(info.value, "__notes__", None) is None


def test_collect_blocks_nest_and_calls_outside_are_not_collected() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        pass  # returns without receiving

    def run_once() -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            asyncio.run(Server([msg("1")]).serve(validator(app)))

    with collect() as outer:
        run_once()
        with collect() as inner:
            run_once()
    run_once()
    assert [v.rule for v in inner] == ["message.receive.all"]
    assert [v.rule for v in outer] == ["message.receive.all", "message.receive.all"]


def test_collect_follows_the_call_into_trio() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        message = await receive()
        async with trio.open_nursery() as nursery:
            # A task of the application acks the message, and so does the call.
            nursery.start_soon(send, {"type": "message.ack", "id": message["id"]})
        await send({"type": "message.ack", "id": message["id"]})

    server = Server([msg("1")])
    with collect() as violations, pytest.warns(ValidationWarning):
        trio.run(server.serve, validator(app, strict=False))
    assert [v.rule for v in violations] == ["message.answer.once"]


def test_a_violation_is_plain_data_that_pickles() -> None:
    violation = Violation("message.ack.order", "SHOULD", False, "application", "1", None, "t")
    assert pickle.loads(pickle.dumps(violation)) == violation
    with pytest.raises(AttributeError):
        violation.rule = "other"  # type: ignore[misc]


def test_a_validation_error_of_no_error_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one error"):
        ValidationError([])


class WithOwnInit(ValidationError):
    def __init__(self, code: int) -> None:
        super().__init__([f"code {code}"], "server")
        self.code = code


def test_a_subclass_with_its_own_init_unpickles() -> None:
    error = WithOwnInit(7)
    copied = pickle.loads(pickle.dumps(error))
    assert type(copied) is WithOwnInit and copied.code == 7
    assert copied.errors == ("code 7",) and str(copied) == str(error)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="add_note is Python 3.11's")
def test_notes_added_to_a_validation_error_survive_pickle() -> None:
    error = ValidationError(["x"])
    error.add_note("seen")
    assert pickle.loads(pickle.dumps(error)).__notes__ == ["seen"]
