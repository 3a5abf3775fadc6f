"""validator(app): every rule, broken once by a fake server or application.

Each scenario pairs a scripted fake server (the scope and what ``receive()``
returns) with a scripted application (what it receives and sends). The same
scenario runs bare, under ``validator(app)`` and under
``validator(app, strict=False)``: strict mode raises naming the side and the
rule; warning mode warns the same and changes nothing either side sees.
"""

from __future__ import annotations

import asyncio
import gc
import re
import runpy
import sys
import traceback
import warnings
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from amgi_types import AMGIApplication, AMGIReceiveCallable, AMGISendCallable, Scope
from amgi_types.validate import (
    RecommendationWarning,
    ValidationError,
    ValidationWarning,
    validator,
)

AMGI = {"version": "1.0", "spec_version": "1.0"}
MODES = pytest.mark.parametrize("strict", [True, False], ids=["strict", "warning mode"])
RECEIVE = "receive"
Step = str | dict[str, Any]


def message_scope(**extra: Any) -> dict[str, Any]:
    return {"type": "message", "amgi": AMGI, "address": "orders", **extra}


LIFESPAN_SCOPE = {"type": "lifespan", "amgi": AMGI}
OUT_OF_ORDER = message_scope(extensions={"message.ack.out_of_order": {}})


def msg(message_id: str, more: bool = False, **extra: Any) -> dict[str, Any]:
    event: dict[str, Any] = {"type": "message.receive", "id": message_id, "headers": [(b"h", b"v")]}
    if more:
        event["more_messages"] = True
    return {**event, **extra}


def ack(message_id: str) -> dict[str, Any]:
    return {"type": "message.ack", "id": message_id}


def nack(message_id: str) -> dict[str, Any]:
    return {"type": "message.nack", "id": message_id, "message": "failed"}


STARTUP = {"type": "lifespan.startup"}
SHUTDOWN = {"type": "lifespan.shutdown"}
STARTUP_COMPLETE = {"type": "lifespan.startup.complete"}
STARTUP_FAILED = {"type": "lifespan.startup.failed", "message": "no database"}
SHUTDOWN_COMPLETE = {"type": "lifespan.shutdown.complete"}


class NoMoreEvents(Exception):
    """The fake server has nothing left to return from receive()."""


@dataclass
class Run:
    """What each side saw in one run."""

    scope_seen: object = None
    received: list[object] = field(default_factory=list)
    sent: list[object] = field(default_factory=list)
    raised: type[BaseException] | None = None


def run(
    scope: object,
    server_events: list[dict[str, Any]],
    steps: list[Step],
    wrap: Callable[[AMGIApplication], AMGIApplication] | None = None,
    send_fails: Exception | None = None,
) -> Run:
    """One call of the application, bare or wrapped; ``send_fails`` is what
    the fake server's send() raises for a "message.send" event."""
    record = Run()
    pending = list(server_events)

    async def receive() -> Any:
        if not pending:
            raise NoMoreEvents
        return pending.pop(0)

    async def send(event: Any) -> None:
        if send_fails is not None and event["type"] == "message.send":
            raise send_fails
        record.sent.append(event)

    async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
        record.scope_seen = scope
        for step in steps:
            if step == RECEIVE:
                record.received.append(await receive())
            else:
                await send(step)  # type: ignore[arg-type]

    wrapped = wrap(app) if wrap is not None else app
    try:
        asyncio.run(wrapped(scope, receive, send))  # type: ignore[arg-type]
    except Exception as exc:
        record.raised = type(exc)
    return record


@dataclass
class Scenario:
    name: str
    scope: dict[str, Any]
    server: list[dict[str, Any]]
    app: list[Step]
    side: str
    rule: str
    send_fails: Exception | None = None
    level: str = "MUST"


class LookalikeId:
    """Not a str, yet hashes and compares equal to "id"."""

    def __hash__(self) -> int:
        return hash("id")

    def __eq__(self, other: object) -> bool:
        return type(other) is str and str.__eq__(other, "id")


BAD_HEADERS = {
    "type": "message.send",
    "address": "a",
    "headers": [(b"a", b"1"), (b"b", b"2"), ("x", b"3")],
}

SCENARIOS = [
    # The server breaks the rule.
    Scenario(
        "malformed scope",
        {"type": "message", "amgi": {"version": "2.0", "spec_version": "1.0"}, "address": "a"},
        [msg("1")],
        [RECEIVE, ack("1")],
        "server",
        """'the scope is well-formed': scope["amgi"]["version"]: expected '1.0'""",
    ),
    Scenario(
        "unknown scope type",
        {"type": "http", "amgi": AMGI},
        [],
        [],
        "server",
        """'the scope is well-formed': scope["type"]: expected one of""",
    ),
    Scenario(
        "malformed received event",
        message_scope(),
        [msg("1", headers="h")],
        [RECEIVE, ack("1")],
        "server",
        """'received events are well-formed': receive event["headers"]: expected a sequence""",
    ),
    Scenario(
        "more_messages not a bool",
        message_scope(),
        [msg("1", more_messages="no")],
        [RECEIVE, ack("1")],
        "server",
        """'received events are well-formed': receive event["more_messages"]: expected bool, got str ('no')""",
    ),
    Scenario(
        "duplicate id in a batch",
        message_scope(),
        [msg("1", more=True), msg("1")],
        [RECEIVE, RECEIVE, ack("1")],
        "server",
        "'message ids are unique within a batch': id '1' was delivered twice",
    ),
    Scenario(
        "lifespan event in a message scope",
        message_scope(),
        [STARTUP],
        [RECEIVE],
        "server",
        "'only message events in a message scope': receive() returned 'lifespan.startup'",
    ),
    Scenario(
        "message event in a lifespan scope",
        LIFESPAN_SCOPE,
        [msg("1")],
        [RECEIVE],
        "server",
        "'only lifespan events in a lifespan scope': receive() returned 'message.receive'",
    ),
    Scenario(
        "startup delivered twice",
        LIFESPAN_SCOPE,
        [STARTUP, STARTUP],
        [RECEIVE, STARTUP_COMPLETE, RECEIVE],
        "server",
        "'lifespan events in a legal order': lifespan.startup was delivered twice",
    ),
    Scenario(
        "shutdown before startup",
        LIFESPAN_SCOPE,
        [SHUTDOWN],
        [RECEIVE],
        "server",
        "'lifespan events in a legal order': lifespan.shutdown came before lifespan.startup",
    ),
    Scenario(
        "startup after shutdown",
        LIFESPAN_SCOPE,
        [STARTUP, SHUTDOWN, STARTUP],
        [RECEIVE, STARTUP_COMPLETE, RECEIVE, RECEIVE],
        "server",
        "'lifespan events in a legal order': lifespan.startup came after lifespan.shutdown",
    ),
    Scenario(
        "bindings of two protocols in a received message",
        message_scope(),
        [msg("1", bindings={"kafka": {"key": None}, "amqp": {}})],
        [RECEIVE, ack("1")],
        "server",
        """'received events are well-formed': receive event["bindings"]: 2 entries (kafka, amqp);"""
        " a received message carries the bindings of one protocol only",
    ),
    Scenario(
        "send() raises other than OSError for message.send",
        message_scope(),
        [msg("1")],
        [RECEIVE, {"type": "message.send", "address": "a", "headers": []}, ack("1")],
        "server",
        "'a failed message.send raises a subclass of OSError': send() raised RuntimeError"
        " for a message.send event",
        send_fails=RuntimeError("broker gone"),
        level="SHOULD",
    ),
    Scenario(
        "shutdown before startup was answered",
        LIFESPAN_SCOPE,
        [STARTUP, SHUTDOWN],
        [RECEIVE, RECEIVE],
        "server",
        "'lifespan events in a legal order': lifespan.shutdown came before the application"
        " answered lifespan.startup",
    ),
    Scenario(
        "shutdown after startup failed",
        LIFESPAN_SCOPE,
        [STARTUP, SHUTDOWN],
        [RECEIVE, STARTUP_FAILED, RECEIVE],
        "server",
        "'no lifespan.shutdown after lifespan.startup.failed': lifespan.shutdown came after"
        " the application answered lifespan.startup.failed",
    ),
    Scenario(
        "headers an empty memoryview",
        message_scope(),
        [msg("1", headers=memoryview(b""))],
        [RECEIVE, ack("1")],
        "server",
        """'received events are well-formed': receive event["headers"]: expected a sequence"""
        " (list or tuple), got memoryview",
    ),
    # The application breaks the rule.
    Scenario(
        "an ack whose id is a huge int",
        message_scope(),
        [msg("1")],
        [RECEIVE, {"type": "message.ack", "id": 10**5000}, ack("1")],
        "application",
        """'sent events are well-formed': send event["id"]: expected str, got int (of 16610 bits)""",
    ),
    Scenario(
        "an ack whose key only looks like id",
        message_scope(),
        [msg("1")],
        [RECEIVE, {"type": "message.ack", LookalikeId(): "1"}, ack("1")],
        "application",
        "'sent events are well-formed': send event[<key of type LookalikeId>]: keys must be str",
    ),
    Scenario(
        "returns before receiving the last message",
        message_scope(),
        [msg("1", more=True), msg("2")],
        [RECEIVE, ack("1")],
        "application",
        "'receive every message of a batch': the application returned before receiving"
        " the message with more_messages false",
    ),
    Scenario(
        "returns without calling receive()",
        message_scope(),
        [msg("1")],
        [],
        "application",
        "'receive every message of a batch': the application returned without calling receive()",
    ),
    Scenario(
        "malformed sent event",
        message_scope(),
        [msg("1")],
        [RECEIVE, BAD_HEADERS, ack("1")],
        "application",
        """'sent events are well-formed': send event["headers"][2][0]: expected bytes, got str ('x')""",
    ),
    Scenario(
        "receive after the last message",
        message_scope(),
        [msg("1"), msg("2")],
        [RECEIVE, ack("1"), RECEIVE, ack("2")],
        "application",
        "'no receive() after the last message of a batch'",
    ),
    Scenario(
        "returns with a message unsettled",
        message_scope(),
        [msg("1", more=True), msg("2")],
        [RECEIVE, RECEIVE, ack("1")],
        "application",
        "'every received id acked or nacked exactly once': the application returned"
        " without acking or nacking id '2'",
    ),
    Scenario(
        "acks twice",
        message_scope(),
        [msg("1")],
        [RECEIVE, ack("1"), ack("1")],
        "application",
        "'every received id acked or nacked exactly once': message.ack for id '1',"
        " which was already acked or nacked",
    ),
    Scenario(
        "nacks after an ack",
        message_scope(),
        [msg("1")],
        [RECEIVE, ack("1"), nack("1")],
        "application",
        "'every received id acked or nacked exactly once': message.nack for id '1'",
    ),
    Scenario(
        "acks an id never received",
        message_scope(),
        [msg("1")],
        [RECEIVE, ack("1"), ack("9")],
        "application",
        "'ack or nack only received ids': message.ack for id '9', which was never received",
    ),
    Scenario(
        "nacks an id not yet received",
        message_scope(),
        [msg("1", more=True), msg("2")],
        [RECEIVE, nack("2"), ack("1"), RECEIVE, ack("2")],
        "application",
        "'ack or nack only received ids': message.nack for id '2'",
    ),
    Scenario(
        "acks out of delivery order",
        message_scope(),
        [msg("1", more=True), msg("2")],
        [RECEIVE, RECEIVE, ack("2"), ack("1")],
        "application",
        "'acks and nacks in delivery order, without the message.ack.out_of_order extension':"
        " message.ack for id '2' before id '1'",
        level="SHOULD",
    ),
    Scenario(
        "lifespan event in a message scope",
        message_scope(),
        [msg("1")],
        [RECEIVE, STARTUP_COMPLETE, ack("1")],
        "application",
        "'only message events in a message scope': sent 'lifespan.startup.complete'",
    ),
    Scenario(
        "message event in a lifespan scope",
        LIFESPAN_SCOPE,
        [STARTUP],
        [RECEIVE, {"type": "message.send", "address": "a", "headers": []}, STARTUP_COMPLETE],
        "application",
        "'only lifespan events in a lifespan scope': sent 'message.send'",
    ),
    Scenario(
        "startup complete twice",
        LIFESPAN_SCOPE,
        [STARTUP],
        [RECEIVE, STARTUP_COMPLETE, STARTUP_COMPLETE],
        "application",
        "'lifespan events in a legal order': lifespan.startup.complete was sent after"
        " lifespan.startup.complete",
    ),
    Scenario(
        "startup complete after startup failed",
        LIFESPAN_SCOPE,
        [STARTUP],
        [RECEIVE, {"type": "lifespan.startup.failed", "message": "db"}, STARTUP_COMPLETE],
        "application",
        "'lifespan events in a legal order': lifespan.startup.complete was sent after"
        " lifespan.startup.failed",
    ),
    Scenario(
        "startup complete before startup",
        LIFESPAN_SCOPE,
        [],
        [STARTUP_COMPLETE],
        "application",
        "'lifespan events in a legal order': lifespan.startup.complete was sent before"
        " lifespan.startup was received",
    ),
    Scenario(
        "shutdown complete before shutdown",
        LIFESPAN_SCOPE,
        [STARTUP],
        [RECEIVE, STARTUP_COMPLETE, SHUTDOWN_COMPLETE],
        "application",
        "'lifespan events in a legal order': lifespan.shutdown.complete was sent before"
        " lifespan.shutdown was received",
    ),
    Scenario(
        "anything after shutdown complete",
        LIFESPAN_SCOPE,
        [STARTUP, SHUTDOWN],
        [RECEIVE, STARTUP_COMPLETE, RECEIVE, SHUTDOWN_COMPLETE, SHUTDOWN_COMPLETE],
        "application",
        "'lifespan events in a legal order': lifespan.shutdown.complete was sent after"
        " lifespan.shutdown.complete",
    ),
]

BY_NAME = {f"{s.side}: {s.name}": s for s in SCENARIOS if s.level == "MUST"}
SHOULDS = {f"{s.side}: {s.name}": s for s in SCENARIOS if s.level == "SHOULD"}


async def serve(
    app: AMGIApplication,
    events: list[dict[str, Any]],
    scope: dict[str, Any] | None = None,
    sent: list[object] | None = None,
) -> None:
    """Call ``app`` as a server in miniature: ``events`` is what receive()
    returns in turn, and each sent event is appended to ``sent``."""
    pending = list(events)

    async def receive() -> Any:
        return pending.pop(0)

    async def send(event: Any) -> None:
        if sent is not None:
            sent.append(event)

    await app(message_scope() if scope is None else scope, receive, send)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", BY_NAME)
def test_strict_mode_raises_naming_side_and_rule(name: str) -> None:
    scenario = BY_NAME[name]
    errors: list[ValidationError] = []

    def keep(app: AMGIApplication) -> AMGIApplication:
        async def catching(
            scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable
        ) -> None:
            try:
                await validator(app)(scope, receive, send)
            except ValidationError as exc:
                errors.append(exc)
                raise

        return catching

    outcome = run(scenario.scope, scenario.server, scenario.app, keep, scenario.send_fails)
    assert outcome.raised is ValidationError
    (error,) = errors
    assert error.side == scenario.side
    assert f"{scenario.side} broke the rule {scenario.rule}" in str(error)


@MODES
@pytest.mark.parametrize("name", SHOULDS)
def test_a_should_departed_from_is_one_recommendation_warning_in_either_mode(
    name: str, strict: bool
) -> None:
    scenario = SHOULDS[name]
    bare = run(scenario.scope, scenario.server, scenario.app, send_fails=scenario.send_fails)
    with pytest.warns(RecommendationWarning) as caught:
        checked = run(
            scenario.scope,
            scenario.server,
            scenario.app,
            lambda app: validator(app, strict=strict),
            scenario.send_fails,
        )
    (warning,) = caught
    assert warning.category is RecommendationWarning
    assert f"{scenario.side} broke the rule {scenario.rule}" in str(warning.message)
    # Nothing either side sees changes, even in strict mode.
    assert checked == bare


@pytest.mark.parametrize("name", {**BY_NAME, **SHOULDS})
def test_warning_mode_warns_and_changes_nothing(name: str) -> None:
    scenario = {**BY_NAME, **SHOULDS}[name]
    bare = run(scenario.scope, scenario.server, scenario.app, send_fails=scenario.send_fails)
    with pytest.warns(ValidationWarning) as caught:
        lenient = run(
            scenario.scope,
            scenario.server,
            scenario.app,
            lambda app: validator(app, strict=False),
            scenario.send_fails,
        )
    messages = [str(w.message) for w in caught]
    assert any(f"{scenario.side} broke the rule {scenario.rule}" in m for m in messages), messages
    # One fault, one report: a line per problem, all of the one rule broken.
    rule = scenario.rule.split("':")[0].rstrip("'") + "'"
    assert all(m.startswith(f"{scenario.side} broke the rule {rule}") for m in messages), messages
    assert lenient == bare


def test_warning_points_at_the_line_that_broke_the_rule() -> None:
    async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
        await receive()
        await send(BAD_HEADERS)  # type: ignore[arg-type]
        await send(ack("1"))  # type: ignore[arg-type]

    with pytest.warns(ValidationWarning) as caught:
        asyncio.run(serve(validator(app, strict=False), [msg("1")]))
    (warning,) = caught
    assert warning.filename == __file__
    assert warning.lineno == app.__code__.co_firstlineno + 2


def test_strict_mode_keeps_a_malformed_event_from_the_server() -> None:
    outcome = run(message_scope(), [], [BAD_HEADERS], validator)
    assert outcome.sent == []


def test_strict_mode_keeps_a_malformed_event_from_the_application() -> None:
    outcome = run(message_scope(), [msg("1", headers="h")], [RECEIVE], validator)
    assert outcome.received == []


def test_strict_mode_does_not_call_the_application_with_a_malformed_scope() -> None:
    outcome = run({"type": "message"}, [], [], validator)
    assert outcome.raised is ValidationError and outcome.scope_seen is None


WELL_BEHAVED = [
    (
        "batch of three, one nacked",
        message_scope(),
        [msg("1", more=True), msg("2", more=True), msg("3", payload=None)],
        [RECEIVE, ack("1"), RECEIVE, nack("2"), RECEIVE, ack("3")],
    ),
    (
        "acks after the whole batch",
        message_scope(),
        [msg("1", more=True), msg("2")],
        [
            RECEIVE,
            RECEIVE,
            ack("1"),
            nack("2"),
            {"type": "message.send", "address": "a", "headers": ()},
        ],
    ),
    (
        "acks out of order with the extension",
        OUT_OF_ORDER,
        [msg("1", more=True), msg("2", more=False, bindings={"kafka": {"key": None}})],
        [RECEIVE, RECEIVE, ack("2"), ack("1")],
    ),
    (
        "lifespan cycle",
        {**LIFESPAN_SCOPE, "state": {}},
        [STARTUP, SHUTDOWN],
        [RECEIVE, STARTUP_COMPLETE, RECEIVE, SHUTDOWN_COMPLETE],
    ),
    (
        "lifespan startup failed",
        LIFESPAN_SCOPE,
        [STARTUP],
        [RECEIVE, STARTUP_FAILED],
    ),
    (
        # Returning at once is how an application opts out of lifespan.
        "lifespan not supported",
        LIFESPAN_SCOPE,
        [],
        [],
    ),
    (
        "forwarded bindings of every typed protocol",
        message_scope(),
        [
            msg(
                "1",
                bindings={"kafka": {"key": b"k", "partition": 3, "offset": 9, "timestamp": 1.5}},
            )
        ],
        [
            RECEIVE,
            {
                "type": "message.send",
                "address": "retry",
                "headers": [],
                "bindings": {
                    "kafka": {"key": b"k", "partition": 3, "offset": 9, "timestamp": 1.5},
                    "sqs": {"message_group_id": "g", "message_deduplication_id": "d"},
                    "amqp": {"routing_key": "r", "message_type": "t", "expiration": 1.5},
                },
            },
            ack("1"),
        ],
    ),
]


@pytest.mark.parametrize(
    ("scope", "server", "app"), [w[1:] for w in WELL_BEHAVED], ids=[w[0] for w in WELL_BEHAVED]
)
def test_well_behaved_sides_see_no_difference(
    scope: dict[str, Any], server: list[dict[str, Any]], app: list[Step]
) -> None:
    bare = run(scope, server, app)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        checked = run(scope, server, app, validator)
    assert checked.raised is None and bare.raised is None
    # The very same objects, not equal copies, reach the other side.
    assert checked.scope_seen is scope
    assert [id(e) for e in checked.received] == [id(e) for e in server]
    assert [id(e) for e in checked.sent] == [id(e) for e in bare.sent]
    assert checked == bare


def test_each_call_is_checked_on_its_own() -> None:
    async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
        more = True
        while more:
            event: Any = await receive()
            await send({"type": "message.ack", "id": event["id"]})
            more = event.get("more_messages", False)

    wrapped = validator(app)

    async def two_batches_with_the_same_ids() -> None:
        for _ in range(2):
            pending = [msg("1", more=True), msg("2")]

            async def receive(pending: list[Any] = pending) -> Any:
                return pending.pop(0)

            async def send(event: Any) -> None:
                pass

            await wrapped(message_scope(), receive, send)  # type: ignore[arg-type]

    # Were the state of one call kept for the next, "1" would be a duplicate.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        asyncio.run(two_batches_with_the_same_ids())


class AppFailed(Exception):
    pass


def test_an_exception_of_the_application_goes_through_unchanged() -> None:
    async def failing(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
        await receive()
        raise AppFailed

    async def receive() -> Any:
        return msg("1")

    async def send(event: Any) -> None:
        pass

    # The message stays unsettled, which is the server's to handle then.
    with pytest.raises(AppFailed):
        asyncio.run(validator(failing)(message_scope(), receive, send))  # type: ignore[arg-type]


def test_all_problems_of_one_event_are_in_one_error() -> None:
    bad = {"type": "message.nack", "id": 1}
    outcome_errors: list[ValidationError] = []

    async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
        await receive()
        try:
            await send(bad)  # type: ignore[arg-type]
        except ValidationError as exc:
            outcome_errors.append(exc)
        await send(ack("1"))  # type: ignore[arg-type]

    # Swallowed by the application, the error is raised again when it returns.
    with pytest.raises(ValidationError) as info:
        asyncio.run(serve(validator(app), [msg("1")]))
    (error,) = outcome_errors
    assert len(error.errors) == 2
    assert all(
        line.startswith("application broke the rule 'sent events are well-formed'")
        for line in error.errors
    )
    assert info.value.violations == error.violations and info.value.__cause__ is error


def test_docs_example_reports_the_slip_it_shows(capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(__file__).resolve().parents[1] / "docs" / "examples" / "validate_app.py"
    runpy.run_path(str(path), run_name="__main__")
    assert capsys.readouterr().out.splitlines() == [
        (
            "application broke the rule 'every received id acked or nacked exactly once':"
            " the application returned without acking or nacking id 'm2'"
        ),
        (
            "ValidationWarning: application broke the rule 'every received id acked or nacked"
            " exactly once': the application returned without acking or nacking id 'm2'"
        ),
        "the server got 1 ack",
        """send event["headers"][0][0]: expected bytes, got str ('retry')""",
    ]


class BrokerGone(Exception):
    """What a faulty server raises from send(): not an OSError."""


@MODES
def test_a_failed_send_that_is_not_an_oserror_reaches_the_application_unchanged(
    strict: bool,
) -> None:
    # The framework's own tests of its send-error path: the test server raises
    # a plain Exception, and the handler checks that it got that very object.
    failure = BrokerGone("down")
    caught: list[BaseException] = []

    async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
        await receive()
        try:
            await send({"type": "message.send", "address": "a", "headers": []})
        except Exception as exc:
            caught.append(exc)
        await send(ack("1"))  # type: ignore[arg-type]

    async def failing_send(event: Any) -> None:
        if event["type"] == "message.send":
            raise failure

    async def serve_failing() -> None:
        pending = [msg("1")]

        async def receive() -> Any:
            return pending.pop(0)

        await validator(app, strict=strict)(message_scope(), receive, failing_send)  # type: ignore[arg-type]

    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        asyncio.run(serve_failing())
    assert caught == [failure] and caught[0] is failure
    # Its traceback still reaches the server's raise.
    assert failing_send.__code__.co_name in [
        frame.f_code.co_name for frame, _ in traceback.walk_tb(failure.__traceback__)
    ]
    assert [(w.category, str(w.message)) for w in warned] == [
        (
            RecommendationWarning,
            (
                "server broke the rule 'a failed message.send raises a subclass of OSError':"
                " send() raised BrokerGone for a message.send event"
            ),
        )
    ]


def test_a_failed_send_raising_an_oserror_subclass_goes_through_unreported() -> None:
    failure = ConnectionResetError("broker")
    for strict in (True, False):
        outcome = run(
            message_scope(),
            [msg("1")],
            [RECEIVE, {"type": "message.send", "address": "a", "headers": []}, ack("1")],
            lambda app, strict=strict: validator(app, strict=strict),
            send_fails=failure,
        )
        assert outcome.raised is ConnectionResetError


def test_a_server_refusing_a_malformed_send_event_is_not_blamed() -> None:
    # The specification recommends an exception that is not an OSError for
    # an event the server cannot accept: only the application is at fault.
    with pytest.warns(ValidationWarning) as caught:
        outcome = run(
            message_scope(),
            [msg("1")],
            [RECEIVE, {"type": "message.send", "address": 1, "headers": []}],
            lambda app: validator(app, strict=False),
            send_fails=TypeError("address"),
        )
    assert outcome.raised is TypeError
    assert [str(w.message).split(":")[0] for w in caught] == [
        "application broke the rule 'sent events are well-formed'"
    ]


@pytest.mark.parametrize("strict", [True, False], ids=["strict", "warning mode"])
@pytest.mark.parametrize("kept", ["send", "receive"])
def test_a_kept_callable_called_after_the_call_ended_is_reported(strict: bool, kept: str) -> None:
    callables: dict[str, Any] = {}
    sent: list[object] = []

    async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
        callables.update(send=send, receive=receive)
        await receive()
        await send(ack("1"))  # type: ignore[arg-type]

    async def later() -> None:
        await serve(validator(app, strict=strict), [msg("1"), msg("2")], sent=sent)
        if kept == "send":
            await callables["send"](ack("1"))
        else:
            await callables["receive"]()

    expected = (
        "application broke the rule 'no send() or receive() after the call has ended':"
        f" {kept}() was called after the application returned or raised"
    )
    if strict:
        with pytest.raises(ValidationError) as info:
            asyncio.run(later())
        assert info.value.errors == (expected,) and info.value.side == "application"
        assert sent == [ack("1")]  # the late ack never reached the server
    else:
        with pytest.warns(ValidationWarning) as caught:
            asyncio.run(later())
        assert [str(w.message) for w in caught] == [expected]


def test_a_call_ended_by_an_exception_also_refuses_later_acks() -> None:
    callables: list[Any] = []

    async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
        callables.append(send)
        await receive()
        raise AppFailed

    async def later() -> None:
        with pytest.raises(AppFailed):
            await serve(validator(app), [msg("1")])
        await callables[0](ack("1"))

    with pytest.raises(ValidationError, match="after the call has ended"):
        asyncio.run(later())


def overlapping_app(received: list[object]) -> AMGIApplication:
    """Two tasks await receive() at the same time."""

    async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
        async def one() -> None:
            event: Any = await receive()
            received.append(event)
            await send(ack(event["id"]))  # type: ignore[arg-type]

        results = await asyncio.gather(one(), one(), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                raise result

    return app


async def serve_slowly(app: AMGIApplication, events: list[dict[str, Any]]) -> None:
    """A server whose receive() suspends before it answers, and raises once
    the batch is exhausted, as the specification recommends."""
    pending = list(events)

    async def receive() -> Any:
        await asyncio.sleep(0)
        if not pending:
            raise NoMoreEvents
        return pending.pop(0)

    async def send(event: Any) -> None:
        pass

    await app(message_scope(), receive, send)  # type: ignore[arg-type]


def test_overlapping_receives_that_run_past_the_batch_end_are_the_applications_fault() -> None:
    received: list[object] = []
    with pytest.raises(ValidationError) as info:
        asyncio.run(serve_slowly(validator(overlapping_app(received)), [msg("1")]))
    assert info.value.side == "application"
    assert info.value.errors == (
        (
            "application broke the rule 'receive() awaited by one task at a time':"
            " receive() was awaited while another receive() was awaiting the server"
        ),
    )
    assert info.value.rule == "message.receive.concurrent"
    # The second receive() never reached the server: the first got the message.
    assert len(received) == 1
    with (
        pytest.warns(ValidationWarning, match="while another receive"),
        pytest.raises(NoMoreEvents),
    ):
        asyncio.run(serve_slowly(validator(overlapping_app([]), strict=False), [msg("1")]))


@MODES
def test_overlapping_receives_within_the_batch_are_reported(strict: bool) -> None:
    # The messages come in delivery order: one task at a time receives them.
    received: list[object] = []
    reported = "receive() was awaited while another receive() was awaiting the server"
    if strict:
        with pytest.raises(ValidationError, match=re.escape(reported)):
            asyncio.run(
                serve_slowly(validator(overlapping_app(received)), [msg("1", more=True), msg("2")])
            )
        assert len(received) == 1
        return
    with pytest.warns(ValidationWarning) as caught:
        asyncio.run(
            serve_slowly(
                validator(overlapping_app(received), strict=False), [msg("1", more=True), msg("2")]
            )
        )
    assert [str(w.message) for w in caught] == [
        f"application broke the rule 'receive() awaited by one task at a time': {reported}"
    ]
    assert len(received) == 2


def acking(steps_after_receive: Callable[[Any], list[dict[str, Any]]]) -> AMGIApplication:
    """An application that receives the whole batch, as the server says it
    is, and sends what ``steps_after_receive`` makes of each message."""

    async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
        more = True
        while more:
            event: Any = await receive()
            if event["type"] != "message.receive":
                return
            for step in steps_after_receive(event):
                await send(step)  # type: ignore[arg-type]
            more = bool(event.get("more_messages"))

    return app


def ack_it(event: Any) -> list[dict[str, Any]]:
    return [{"type": "message.ack", "id": event["id"]}]


ONE_FAULT = {
    # name: (what the server returns, what the app sends per message, the one report)
    "header value str, the message acked": (
        [msg("1", headers=[(b"k", "v")])],
        ack_it,
        "server broke the rule 'received events are well-formed'",
    ),
    "id an int, acked with the same object": (
        [msg("1", id=1)],
        ack_it,
        "server broke the rule 'received events are well-formed'",
    ),
    "more_messages a str, the app reads it as true": (
        [msg("1", more_messages="yes"), msg("2")],
        ack_it,
        "server broke the rule 'received events are well-formed'",
    ),
    "an id delivered twice, acked twice": (
        [msg("1", more=True), msg("1")],
        ack_it,
        "server broke the rule 'message ids are unique within a batch'",
    ),
    "a lifespan event in a message batch": (
        [STARTUP],
        ack_it,
        "server broke the rule 'only message events in a message scope'",
    ),
    "a nack without its message": (
        [msg("1")],
        lambda event: [{"type": "message.nack", "id": event["id"]}],
        "application broke the rule 'sent events are well-formed'",
    ),
}


@pytest.mark.parametrize("name", ONE_FAULT)
def test_one_fault_is_reported_once_on_the_side_that_made_it(name: str) -> None:
    events, answer, report = ONE_FAULT[name]
    with pytest.warns(ValidationWarning) as caught:
        asyncio.run(serve(validator(acking(answer), strict=False), events))
    (warning,) = caught
    assert str(warning.message).startswith(report)


def test_strict_mode_raises_the_servers_fault_to_the_application_only() -> None:
    with pytest.raises(ValidationError) as info:
        asyncio.run(serve(validator(acking(ack_it)), [msg("1", headers=[(b"k", "v")])]))
    assert info.value.side == "server" and len(info.value.errors) == 1


def test_nothing_of_a_batch_is_kept_once_the_call_returns() -> None:
    # Ids made at run time, not interned constants, so that their reference
    # counts are this test's alone.
    events = [msg("".join(["m", str(i)]), more=i < 99) for i in range(100)]
    objects = [*events, *(event["id"] for event in events)]
    before = [sys.getrefcount(obj) for obj in objects]
    kept: list[Any] = []

    async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
        kept.append(send)  # an application may keep its callables
        more = True
        while more:
            event: Any = await receive()
            await send(ack(event["id"]))  # type: ignore[arg-type]
            more = event.get("more_messages", False)

    for strict in (True, False):
        asyncio.run(serve(validator(app, strict=strict), events))
    gc.collect()
    assert [sys.getrefcount(obj) for obj in objects] == before
    # Without the kept callables, the call's own bookkeeping goes too.
    calls = [weakref.ref(send.__self__) for send in kept]
    kept.clear()
    gc.collect()
    assert [call() for call in calls] == [None, None]
