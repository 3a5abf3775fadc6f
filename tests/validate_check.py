"""Observe amgi_types.validate at run time on the interpreter running this file.

``tests/test_validate_interpreters.py`` calls :func:`observe` in its own
process, and runs this file as a script in a throwaway environment of each
CPython 3.10-3.13, which prints the same observations as JSON. The test
requires every interpreter to observe what its own process does, and judges
both by the same assertions; this file only observes.

Standard library only: the throwaway environment holds amgi_types and its own
dependencies and nothing else.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import enum
import io
import json
import pickle
import runpy
import sys
import types
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from amgi_types import validate
from amgi_types.validate import (
    ValidationError,
    check_receive_event,
    check_scope,
    check_send_event,
    validator,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
# The examples of docs/validate.rst, each with the output the page shows.
EXAMPLE_NAMES = ["validate_app.py", "validate_unknown_keys.py", "validate_collect.py"]


class Kind(str, enum.Enum):
    """A str enum: its members are str, whatever str() makes of them on
    each interpreter."""

    ACK = "message.ack"
    MESSAGE = "message"


class Id(str):
    def __str__(self) -> str:
        return "not the value"


AMGI = {"version": "1.0", "spec_version": "1.0"}
MESSAGE_SCOPE = {"type": "message", "amgi": AMGI, "address": "orders"}
OUT_OF_ORDER_SCOPE = {**MESSAGE_SCOPE, "extensions": {"message.ack.out_of_order": {}}}
LIFESPAN_SCOPE = {"type": "lifespan", "amgi": AMGI}
HEADERS = [(b"a", b"1"), (b"b", b"2"), (b"c", b"3")]

# Label -> value, for each check. Labels name what each value shows.
VALID: dict[str, tuple[Callable[[object], None], object]] = {
    "message scope": (check_scope, MESSAGE_SCOPE),
    "message scope with state and extensions": (
        check_scope,
        {**OUT_OF_ORDER_SCOPE, "state": {"db": object()}},
    ),
    "message scope typed by a str enum, extensions in a mapping proxy": (
        check_scope,
        {
            **MESSAGE_SCOPE,
            "type": Kind.MESSAGE,
            "extensions": types.MappingProxyType({"message.ack.out_of_order": {}}),
        },
    ),
    "ack typed by a str enum, id a str subclass": (
        check_send_event,
        {"type": Kind.ACK, "id": Id("1")},
    ),
    "send forwarding received kafka bindings": (
        check_send_event,
        {
            "type": "message.send",
            "address": "retry",
            "headers": [],
            "bindings": {"kafka": {"key": b"k", "partition": 0, "offset": 7, "timestamp": 1.5}},
        },
    ),
    "lifespan scope with state": (check_scope, {**LIFESPAN_SCOPE, "state": {}}),
    "receive with optional keys missing": (
        check_receive_event,
        {"type": "message.receive", "id": "1", "headers": []},
    ),
    "receive with every key": (
        check_receive_event,
        {
            "type": "message.receive",
            "id": "1",
            "headers": tuple(HEADERS),
            "payload": None,
            "more_messages": True,
            "bindings": {"kafka": {"key": None, "partition": 0, "offset": 7, "timestamp": 1}},
        },
    ),
    "lifespan.startup": (check_receive_event, {"type": "lifespan.startup"}),
    "lifespan.shutdown": (check_receive_event, {"type": "lifespan.shutdown"}),
    "message.ack": (check_send_event, {"type": "message.ack", "id": "1"}),
    "message.nack": (check_send_event, {"type": "message.nack", "id": "1", "message": "no"}),
    "message.send with bindings of several protocols": (
        check_send_event,
        {
            "type": "message.send",
            "address": "orders",
            "headers": HEADERS,
            "payload": b"x" * 1024,
            "bindings": {
                "kafka": {"key": b"k"},
                "amqp": {"delivery_mode": 2, "priority": 3, "expiration": None},
                "mqtt": {"qos": 1, "retain": False},
                "sqs": {"delay_seconds": 5},
            },
        },
    ),
    "lifespan.startup.complete": (check_send_event, {"type": "lifespan.startup.complete"}),
    "lifespan.shutdown.failed": (
        check_send_event,
        {"type": "lifespan.shutdown.failed", "message": "stuck"},
    ),
}

INVALID: dict[str, tuple[Callable[[object], None], object]] = {
    "scope amgi version": (check_scope, {**LIFESPAN_SCOPE, "amgi": {**AMGI, "version": "2.0"}}),
    "scope address missing": (check_scope, {"type": "message", "amgi": AMGI}),
    "scope type unknown": (check_scope, {"type": "http", "amgi": AMGI}),
    "scope extension not a dict": (
        check_scope,
        {**MESSAGE_SCOPE, "extensions": {"message.ack.out_of_order": True}},
    ),
    "receive several problems": (
        check_receive_event,
        {"type": "message.receive", "id": 1, "more_messages": "yes", "extra": None},
    ),
    "receive kafka key str": (
        check_receive_event,
        {"type": "message.receive", "id": "1", "headers": [], "bindings": {"kafka": {"key": "k"}}},
    ),
    "receive a send event": (check_receive_event, {"type": "message.ack", "id": "1"}),
    "receive bindings of two protocols": (
        check_receive_event,
        {
            "type": "message.receive",
            "id": "1",
            "headers": [],
            "bindings": {"kafka": {}, "amqp": {}},
        },
    ),
    "receive id a huge int": (
        check_receive_event,
        {"type": "message.receive", "id": 10**5000, "headers": []},
    ),
    "send headers an empty memoryview": (
        check_send_event,
        {"type": "message.send", "address": "a", "headers": memoryview(b"")},
    ),
    "send kafka key str": (
        check_send_event,
        {
            "type": "message.send",
            "address": "a",
            "headers": [],
            "bindings": {"kafka": {"key": "k"}},
        },
    ),
    "send header name str": (
        check_send_event,
        {"type": "message.send", "address": "a", "headers": [*HEADERS[:2], ("x", b"3")]},
    ),
    "send headers str": (check_send_event, {"type": "message.send", "address": "a", "headers": ""}),
    "send header pair of 3": (
        check_send_event,
        {"type": "message.send", "address": "a", "headers": [(b"a", b"b", b"c")]},
    ),
    "send payload bytearray": (
        check_send_event,
        {"type": "message.send", "address": "a", "headers": [], "payload": bytearray(b"x")},
    ),
    "send bool for int": (
        check_send_event,
        {
            "type": "message.send",
            "address": "a",
            "headers": [],
            "bindings": {"sqs": {"delay_seconds": True}},
        },
    ),
    "send literal of wrong class": (
        check_send_event,
        {"type": "message.send", "address": "a", "headers": [], "bindings": {"mqtt": {"qos": 1.0}}},
    ),
    "nack message missing": (check_send_event, {"type": "message.nack", "id": "1"}),
    "send type unknown": (check_send_event, {"type": "message.sent", "id": "1"}),
    "send not a dict": (check_send_event, ["message.ack", "1"]),
}


# Label -> value that passes with a warning of each unknown key in it.
UNKNOWN: dict[str, tuple[Callable[[object], None], object]] = {
    "scope route and amgi future": (
        check_scope,
        {**MESSAGE_SCOPE, "route": "/", "amgi": {**AMGI, "future": 1}},
    ),
    "lifespan.startup with a key": (check_receive_event, {"type": "lifespan.startup", "state": {}}),
    "unknown protocol and kafka field": (
        check_send_event,
        {
            "type": "message.send",
            "address": "a",
            "headers": [],
            "bindings": {"carrier-pigeon": {"leg": "left"}, "kafka": {"key": None, "acks": 1}},
        },
    ),
    "unknown extension and parameter": (
        check_scope,
        {**MESSAGE_SCOPE, "extensions": {"vendor.x": {}, "message.ack.out_of_order": {"n": 1}}},
    ),
}


def _outcome(check: Callable[[object], None], value: object) -> object:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            check(value)
        except ValidationError as error:
            return {"errors": list(error.errors), "message": str(error), "side": error.side}
        except Exception as error:  # recorded, so that the test shows which value crashed
            return {"crashed": f"{type(error).__name__}: {error}"}
    if caught:
        return {"warned": [[w.category.__name__, str(w.message)] for w in caught]}
    return "accepted"


def _pickled(check: Callable[[object], None], value: object) -> object:
    """A ValidationError through pickle: its errors and side."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            check(value)
    except ValidationError as error:
        copy = pickle.loads(pickle.dumps(error))
        return {"errors": list(copy.errors), "side": copy.side, "message": str(copy)}
    return "accepted"


def _message(message_id: str, more: bool = False) -> dict[str, Any]:
    event: dict[str, Any] = {"type": "message.receive", "id": message_id, "headers": []}
    if more:
        event["more_messages"] = True
    return event


def _ack(message_id: str) -> dict[str, Any]:
    return {"type": "message.ack", "id": message_id}


RECEIVE = "receive"
Step = str | dict[str, Any]

# Name -> (scope, what the fake server's receive() returns in turn, what the
# application does in turn: RECEIVE or an event to send). Each breaks one rule
# once, but the last, which breaks none.
SCENARIOS: dict[str, tuple[dict[str, Any], list[dict[str, Any]], list[Step]]] = {
    "ack out of order": (
        MESSAGE_SCOPE,
        [_message("m1", more=True), _message("m2")],
        [RECEIVE, RECEIVE, _ack("m2"), _ack("m1")],
    ),
    "ack an id never received": (
        MESSAGE_SCOPE,
        [_message("m1")],
        [RECEIVE, _ack("m9"), _ack("m1")],
    ),
    "receive after the last message": (
        MESSAGE_SCOPE,
        [_message("m1"), _message("m2")],
        [RECEIVE, _ack("m1"), RECEIVE, _ack("m2")],
    ),
    "id delivered twice": (
        MESSAGE_SCOPE,
        [_message("m1", more=True), _message("m1")],
        [RECEIVE, RECEIVE, _ack("m1")],
    ),
    "malformed ack": (
        MESSAGE_SCOPE,
        [_message("m1")],
        [RECEIVE, {"type": "message.ack", "id": 1}, _ack("m1")],
    ),
    "startup answered twice": (
        LIFESPAN_SCOPE,
        [{"type": "lifespan.startup"}],
        [RECEIVE, {"type": "lifespan.startup.complete"}, {"type": "lifespan.startup.complete"}],
    ),
    "returns before receiving the last message": (
        MESSAGE_SCOPE,
        [_message("m1", more=True), _message("m2")],
        [RECEIVE, _ack("m1")],
    ),
    "shutdown after startup failed": (
        LIFESPAN_SCOPE,
        [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}],
        [RECEIVE, {"type": "lifespan.startup.failed", "message": "db"}, RECEIVE],
    ),
    "bindings of two protocols received": (
        MESSAGE_SCOPE,
        [{**_message("m1"), "bindings": {"kafka": {}, "sqs": {}}}],
        [RECEIVE, _ack("m1")],
    ),
    "ack out of order with the extension": (
        OUT_OF_ORDER_SCOPE,
        [_message("m1", more=True), _message("m2")],
        [RECEIVE, RECEIVE, _ack("m2"), _ack("m1")],
    ),
    "str enum ack, str subclass id, extensions in an OrderedDict": (
        {
            **MESSAGE_SCOPE,
            "type": Kind.MESSAGE,
            "extensions": collections.OrderedDict([("message.ack.out_of_order", {})]),
        },
        [_message(Id("m1"), more=True), _message("m2")],
        [RECEIVE, RECEIVE, _ack("m2"), {"type": Kind.ACK, "id": "m1"}],
    ),
    "unknown keys in the scope and the events": (
        {**MESSAGE_SCOPE, "route": "/"},
        [{**_message("m1"), "priority": 1}],
        [RECEIVE, {**_ack("m1"), "reason": "ok"}],
    ),
}
# The scenario above that departs from a SHOULD: a warning in both modes.
RECOMMENDATIONS = {"ack out of order"}
# The scenarios above that break no rule.
CLEAN = {
    "ack out of order with the extension",
    "str enum ack, str subclass id, extensions in an OrderedDict",
    "unknown keys in the scope and the events",
}


def _run(
    scope: Any, server_events: list[dict[str, Any]], steps: list[Step], strict: bool
) -> dict[str, Any]:
    """One scenario under ``validator(app, strict=strict)``: what each side saw,
    what was raised and what was warned."""
    pending = list(server_events)
    received: list[dict[str, Any]] = []
    sent: list[object] = []

    async def receive() -> Any:
        return pending.pop(0)

    async def send(event: Any) -> None:
        sent.append(event)

    async def app(scope: Any, receive: Any, send: Any) -> None:
        for step in steps:
            if step == RECEIVE:
                received.append(await receive())
            else:
                await send(step)

    async def serve() -> None:
        await validator(app, strict=strict)(scope, receive, send)

    raised = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            asyncio.run(serve())
        except ValidationError as error:
            raised = {"side": error.side, "errors": list(error.errors)}
    return {
        "raised": raised,
        # Where a warning points: the application's line, in this file.
        "warned": [
            [
                warning.category.__name__,
                str(warning.message),
                Path(warning.filename).name,
                warning.lineno,
            ]
            for warning in caught
        ],
        "received": [str.__str__(event.get("id", event["type"])) for event in received],
        "sent": sent,
    }


def observe() -> dict[str, Any]:
    """What amgi_types.validate does on this interpreter, as JSON-friendly data."""
    return {
        "examples": {name: _example_output(name) for name in EXAMPLE_NAMES},
        "valid": {label: _outcome(*case) for label, case in VALID.items()},
        "invalid": {label: _outcome(*case) for label, case in INVALID.items()},
        "unknown": {label: _outcome(*case) for label, case in UNKNOWN.items()},
        "pickled": {label: _pickled(*case) for label, case in INVALID.items()},
        "middleware": {
            name: {mode: _run(*scenario, strict=mode == "strict") for mode in ("strict", "lenient")}
            for name, scenario in SCENARIOS.items()
        },
    }


def _example_output(name: str) -> list[str]:
    """What an example prints."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        runpy.run_path(str(EXAMPLES / name), run_name="__main__")
    return printed.getvalue().splitlines()


def main() -> None:
    print(
        json.dumps(
            {
                "version": list(sys.version_info[:2]),
                "validate_module": validate.__file__,
                "prefix": sys.prefix,
                "observations": observe(),
            }
        )
    )


if __name__ == "__main__":
    main()
