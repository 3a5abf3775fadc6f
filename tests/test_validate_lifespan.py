"""The lifespan rules as the Lifespan page states them: returning without
answering lifespan.startup is opting out; nothing after the shutdown answer."""

from __future__ import annotations

import asyncio
import warnings
from typing import Any

import pytest

from amgi_types.validate import ValidationError, collect, validator

SCOPE = {"type": "lifespan", "amgi": {"version": "1.0", "spec_version": "1.0"}}
STARTUP = {"type": "lifespan.startup"}
SHUTDOWN = {"type": "lifespan.shutdown"}
MODES = pytest.mark.parametrize("strict", [True, False], ids=["strict", "warning mode"])


def run(app: Any, events: list[Any], strict: bool) -> tuple[list[str], list[Any], bool]:
    """The rules broken, what the server got, and whether the call raised."""
    pending = list(events)
    sent: list[Any] = []

    async def receive() -> Any:
        return pending.pop(0)

    async def send(event: Any) -> None:
        sent.append(event)

    raised = False
    with warnings.catch_warnings(), collect() as violations:
        warnings.simplefilter("ignore")
        try:
            asyncio.run(validator(app, strict=strict)(SCOPE, receive, send))
        except ValidationError:
            raised = True
    return [v.rule for v in violations], sent, raised


@MODES
def test_returning_after_receiving_startup_is_opting_out(strict: bool) -> None:
    # A framework that reads the first event of any scope and returns for a
    # protocol it does not implement: the server cannot tell it from an
    # application without lifespan, and carries on without it.
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await receive()

    assert run(app, [STARTUP], strict) == ([], [], False)


@MODES
def test_a_receive_after_the_shutdown_answer_is_the_applications_fault(strict: bool) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await receive()
        await send({"type": "lifespan.startup.complete"})
        await receive()
        await send({"type": "lifespan.shutdown.complete"})
        await receive()

    # The server answers the late receive() with one more shutdown: not its
    # fault, the application should not have asked.
    rules, sent, raised = run(app, [STARTUP, SHUTDOWN, SHUTDOWN], strict)
    assert rules == ["lifespan.receive.after_shutdown"] and raised is strict
    assert [event["type"] for event in sent] == [
        "lifespan.startup.complete",
        "lifespan.shutdown.complete",
    ]
