"""validator(app): every rule, broken once by a fake server or application.

Each scenario pairs a scripted fake server (the scope and what ``receive()``
returns) with a scripted application (what it receives and sends). The same
scenario runs bare, under ``validator(app)`` and under
``validator(app, strict=False)``: strict mode raises naming the side and the
rule; warning mode warns the same and changes nothing either side sees.
"""

from __future__ import annotations

import asyncio
import runpy
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import pytest

from amgi_types import AMGIApplication, AMGIReceiveCallable, AMGISendCallable, Scope
from amgi_types.validate import ValidationError, ValidationWarning, validator

AMGI = {"version": "1.0", "spec_version": "1.0"}
RECEIVE = "receive"
Step = Union[str, dict[str, Any]]


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
) -> Run:
    record = Run()
    pending = list(server_events)

    async def receive() -> Any:
        if not pending:
            raise NoMoreEvents
        return pending.pop(0)

    async def send(event: Any) -> None:
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
        [],
        [],
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
        [RECEIVE],
        "server",
        """'received events are well-formed': receive event["headers"]: expected a sequence""",
    ),
    Scenario(
        "more_messages not a bool",
        message_scope(),
        [msg("1", more_messages="no")],
        [RECEIVE],
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
    # The application breaks the rule.
    Scenario(
        "malformed sent event",
        message_scope(),
        [],
        [BAD_HEADERS],
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
        [RECEIVE, nack("2")],
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
    ),
    Scenario(
        "lifespan event in a message scope",
        message_scope(),
        [],
        [STARTUP_COMPLETE],
        "application",
        "'only message events in a message scope': sent 'lifespan.startup.complete'",
    ),
    Scenario(
        "message event in a lifespan scope",
        LIFESPAN_SCOPE,
        [STARTUP],
        [RECEIVE, {"type": "message.send", "address": "a", "headers": []}],
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

BY_NAME = {f"{s.side}: {s.name}": s for s in SCENARIOS}


@pytest.mark.parametrize("name", BY_NAME)
def test_strict_mode_raises_naming_side_and_rule(name: str) -> None:
    scenario = BY_NAME[name]
    errors: list[ValidationError] = []

    def keep(app: AMGIApplication) -> AMGIApplication:
        async def catching(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
            try:
                await validator(app)(scope, receive, send)
            except ValidationError as exc:
                errors.append(exc)
                raise

        return catching

    outcome = run(scenario.scope, scenario.server, scenario.app, keep)
    assert outcome.raised is ValidationError
    (error,) = errors
    assert error.side == scenario.side
    assert f"{scenario.side} broke the rule {scenario.rule}" in str(error)


@pytest.mark.parametrize("name", BY_NAME)
def test_warning_mode_warns_and_changes_nothing(name: str) -> None:
    scenario = BY_NAME[name]
    bare = run(scenario.scope, scenario.server, scenario.app)
    with pytest.warns(ValidationWarning) as caught:
        lenient = run(
            scenario.scope, scenario.server, scenario.app, lambda app: validator(app, strict=False)
        )
    messages = [str(w.message) for w in caught]
    assert any(f"{scenario.side} broke the rule {scenario.rule}" in m for m in messages), messages
    assert lenient == bare


def test_warning_points_at_the_line_that_broke_the_rule() -> None:
    async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
        await send(BAD_HEADERS)  # type: ignore[arg-type]

    async def noop(*args: Any) -> Any:
        return None

    with pytest.warns(ValidationWarning) as caught:
        asyncio.run(validator(app, strict=False)(message_scope(), noop, noop))  # type: ignore[arg-type]
    (warning,) = caught
    assert warning.filename == __file__
    assert warning.lineno == app.__code__.co_firstlineno + 1


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
        [RECEIVE, RECEIVE, ack("1"), nack("2"), {"type": "message.send", "address": "a", "headers": ()}],
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
        [RECEIVE, {"type": "lifespan.startup.failed", "message": "no database"}],
    ),
]


@pytest.mark.parametrize(("scope", "server", "app"), [w[1:] for w in WELL_BEHAVED], ids=[w[0] for w in WELL_BEHAVED])
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

            async def receive() -> Any:
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
        try:
            await send(bad)  # type: ignore[arg-type]
        except ValidationError as exc:
            outcome_errors.append(exc)

    async def noop(*args: Any) -> Any:
        return None

    asyncio.run(validator(app)(message_scope(), noop, noop))  # type: ignore[arg-type]
    (error,) = outcome_errors
    assert len(error.errors) == 2
    assert all(line.startswith("application broke the rule 'sent events are well-formed'") for line in error.errors)


def test_docs_example_reports_the_slip_it_shows(capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(__file__).resolve().parents[1] / "docs" / "examples" / "validate_app.py"
    runpy.run_path(str(path), run_name="__main__")
    assert capsys.readouterr().out.splitlines() == [
        "application broke the rule 'every received id acked or nacked exactly once':"
        " the application returned without acking or nacking id 'm2'",
        """send event["headers"][0][0]: expected bytes, got str ('retry')""",
    ]
