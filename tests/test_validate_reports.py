"""How a report reads and where a warning points: one line per problem, the
message id named, the application's or the server's code pointed at, and
nothing kept of the warnings once a call is over."""

from __future__ import annotations

import asyncio
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
import trio

from amgi_types.validate import (
    UnknownKeyWarning,
    ValidationError,
    ValidationWarning,
    check_send_event,
    validator,
)

SCOPE = {"type": "message", "amgi": {"version": "1.0", "spec_version": "1.0"}, "address": "a"}
MODES = pytest.mark.parametrize("strict", [True, False], ids=["strict", "warning mode"])


def msg(message_id: str, **extra: Any) -> dict[str, Any]:
    return {"type": "message.receive", "id": message_id, "headers": [], **extra}


async def unanswering(scope: Any, receive: Any, send: Any) -> None:
    await receive()  # and returns without acking


def test_a_key_with_a_newline_stays_on_one_line() -> None:
    with (
        pytest.raises(ValidationError) as info,
        pytest.warns(UnknownKeyWarning, match=r'\["bad\\nkey\\x00"\]'),
    ):
        check_send_event({"type": "message.ack", "id": "1", "bad\nkey\x00": 1, 2: 3})
    (line,) = info.value.errors
    assert line == "send event[<key of type int>]: keys must be str"
    with pytest.warns(UnknownKeyWarning) as caught:
        check_send_event({"type": "message.ack", "id": "1", 'a\n"b\\\u2028': 1})
    assert [str(w.message) for w in caught] == [
        'send event["a\\n\\"b\\\\\\u2028"]: unknown key (MessageAckEvent has type, id)'
    ]
    assert "\n" not in str(caught[0].message)


@MODES
def test_an_events_error_names_the_message_id(strict: bool) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await receive()
        await send({"type": "message.nack", "id": "m7"})  # without its message

    pending = [msg("m7", headers=[[b"k", b"v"]])]

    async def receive() -> Any:
        return pending.pop(0)

    async def send(event: Any) -> None:
        pass

    seen: list[Any] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            asyncio.run(
                validator(app, strict=strict, on_violation=seen.append)(SCOPE, receive, send)
            )
        except ValidationError:
            assert strict
    # In strict mode the malformed message never reaches the application.
    expected = [
        (
            "receive.well_formed",
            "m7",
            'receive event["headers"][0]',
            (
                "server broke the rule 'received events are well-formed': receive"
                ' event["headers"][0]: expected a tuple of 2 items (bytes, bytes), got list'
                " (id 'm7')"
            ),
        )
    ]
    if not strict:
        expected.append(
            (
                "send.well_formed",
                "m7",
                'send event["message"]',
                (
                    "application broke the rule 'sent events are well-formed': send"
                    """ event["message"]: required key missing (id 'm7')"""
                ),
            )
        )
    assert [(v.rule, v.message_id, v.path, v.text) for v in seen] == expected


def run_in_task(app: Any) -> None:
    """A server that runs each call in a task, as servers do."""

    async def serve() -> None:
        pending = [msg("1")]

        async def receive() -> Any:
            return pending.pop(0)

        async def send(event: Any) -> None:
            pass

        await asyncio.create_task(app(SCOPE, receive, send))

    asyncio.run(serve())


def test_an_end_of_call_warning_in_a_task_points_at_the_application() -> None:
    with pytest.warns(ValidationWarning) as caught:
        run_in_task(validator(unanswering, strict=False))
    (warning,) = caught
    assert warning.filename == __file__
    assert warning.lineno == unanswering.__code__.co_firstlineno


def test_an_end_of_call_warning_under_trio_points_at_the_application() -> None:
    async def serve() -> None:
        pending = [msg("1")]

        async def receive() -> Any:
            return pending.pop(0)

        async def send(event: Any) -> None:
            pass

        async with trio.open_nursery() as nursery:
            nursery.start_soon(validator(unanswering, strict=False), SCOPE, receive, send)

    with pytest.warns(ValidationWarning) as caught:
        trio.run(serve)
    (warning,) = caught
    assert (warning.filename, warning.lineno) == (__file__, unanswering.__code__.co_firstlineno)


def test_a_warning_of_a_call_the_server_awaits_points_at_the_servers_call() -> None:
    async def serve() -> None:
        pending = [msg("1")]

        async def receive() -> Any:
            return pending.pop(0)

        async def send(event: Any) -> None:
            pass

        await validator(unanswering, strict=False)(SCOPE, receive, send)  # the call

    with pytest.warns(ValidationWarning) as caught:
        asyncio.run(serve())
    (warning,) = caught
    source = Path(__file__).read_text(encoding="utf-8").splitlines()
    assert warning.filename == __file__
    assert source[warning.lineno - 1].endswith("# the call")


def registries() -> int:
    return sum(
        len(getattr(module, "__dict__", {}).get("__warningregistry__", {}))
        for module in list(sys.modules.values())
    )


def test_warnings_leave_no_memory_behind_however_many_batches() -> None:
    wrapped = validator(unanswering, strict=False)
    before = registries()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        for index in range(200):
            pending = [msg(f"m{index}")]

            async def receive(pending: list[Any] = pending) -> Any:
                return pending.pop(0)

            async def send(event: Any) -> None:
                pass

            asyncio.run(wrapped(SCOPE, receive, send))
    # Every report shown: each names its own id.
    assert len(caught) == 200
    # A registry may gain its version entry, never one entry per batch.
    assert registries() - before <= 2
