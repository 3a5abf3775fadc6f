"""Warning mode follows the protocol whatever else is wrong with the scope,
as long as its type can be read: one fault, one report, on either side."""

from __future__ import annotations

import asyncio
import warnings
from typing import Any

import pytest

from amgi_types.validate import ValidationError, collect, validator


def msg(message_id: str, more: bool) -> dict[str, Any]:
    return {"type": "message.receive", "id": message_id, "headers": [], "more_messages": more}


def ack(message_id: str) -> dict[str, Any]:
    return {"type": "message.ack", "id": message_id}


DEFECTIVE_SCOPES = {
    "spec_version missing": {"type": "message", "amgi": {"version": "1.0"}, "address": "a"},
    "address as bytes": {
        "type": "message",
        "amgi": {"version": "1.0", "spec_version": "1.0"},
        "address": b"a",
    },
}


async def five_faults(scope: Any, receive: Any, send: Any) -> None:
    for _ in range(3):
        await receive()
    await send(ack("m2"))  # before m1
    await send(ack("m1"))
    await send(ack("m2"))  # twice
    await send(ack("zz"))  # never received
    # m3 left unanswered, m4 never received


def run(scope: dict[str, Any], strict: bool) -> list[tuple[str, str]]:
    pending = [msg("m1", True), msg("m2", True), msg("m3", True), msg("m4", False)]

    async def receive() -> Any:
        return pending.pop(0)

    async def send(event: Any) -> None:
        pass

    with warnings.catch_warnings(), collect() as violations:
        warnings.simplefilter("ignore")
        try:
            asyncio.run(validator(five_faults, strict=strict)(scope, receive, send))
        except ValidationError:
            assert strict
    return [(v.side or "", v.rule) for v in violations]


@pytest.mark.parametrize("name", DEFECTIVE_SCOPES)
def test_warning_mode_follows_a_batch_whose_scope_has_a_defect(name: str) -> None:
    assert run(DEFECTIVE_SCOPES[name], strict=False) == [
        ("server", "scope.well_formed"),
        ("application", "message.ack.order"),
        ("application", "message.answer.once"),
        ("application", "message.answer.received"),
        ("application", "message.receive.all"),
        ("application", "message.answer.once"),
    ]


@pytest.mark.parametrize("name", DEFECTIVE_SCOPES)
def test_strict_mode_stops_at_the_scope(name: str) -> None:
    assert run(DEFECTIVE_SCOPES[name], strict=True) == [("server", "scope.well_formed")]


def test_a_scope_whose_type_cannot_be_read_checks_each_event_on_its_own() -> None:
    scope = {"type": 1, "amgi": {"version": "1.0", "spec_version": "1.0"}, "address": "a"}
    assert run(scope, strict=False) == [("server", "scope.well_formed")]
