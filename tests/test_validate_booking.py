"""An ack or a nack counts once the server's send() returned, not when
send() was called: what the server never got, or refused, is not booked."""

from __future__ import annotations

import asyncio
import contextlib
import warnings
from typing import Any

import pytest

from amgi_types.validate import ValidationError, Violation, collect, validator

AMGI = {"version": "1.0", "spec_version": "1.0"}
SCOPE = {"type": "message", "amgi": AMGI, "address": "orders"}
MODES = pytest.mark.parametrize("strict", [True, False], ids=["strict", "warning mode"])


def msg(message_id: str, more: bool = False) -> dict[str, Any]:
    return {"type": "message.receive", "id": message_id, "headers": [], "more_messages": more}


def ack(message_id: str) -> dict[str, Any]:
    return {"type": "message.ack", "id": message_id}


def nack(message_id: str) -> dict[str, Any]:
    return {"type": "message.nack", "id": message_id, "message": "broker refused the ack"}


def run(
    app: Any, batch: list[dict[str, Any]], strict: bool, send_fails: Any = None
) -> tuple[list[Any], list[Violation], BaseException | None]:
    """What reached the server, every violation, and what the call raised."""
    pending = list(batch)
    sent: list[Any] = []

    async def receive() -> Any:
        return pending.pop(0)

    async def send(event: Any) -> None:
        if send_fails is not None and send_fails(event):
            raise ConnectionResetError("broker")
        sent.append(event)

    raised: BaseException | None = None
    with warnings.catch_warnings(), collect() as violations:
        warnings.simplefilter("ignore")
        try:
            asyncio.run(validator(app, strict=strict)(SCOPE, receive, send))
        except Exception as exc:
            raised = exc
    return sent, violations, raised


@MODES
def test_an_ack_never_awaited_is_not_counted(strict: bool) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        message = await receive()
        send(ack(message["id"])).close()  # the coroutine, never awaited

    sent, violations, raised = run(app, [msg("1")], strict)
    assert sent == []
    assert [(v.rule, v.message_id) for v in violations] == [("message.answer.once", "1")]
    assert (type(raised) is ValidationError) is strict


@MODES
def test_acks_awaited_in_reverse_order_are_out_of_order(strict: bool) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await receive()
        await receive()
        first, second = send(ack("1")), send(ack("2"))
        await second
        await first

    sent, violations, raised = run(app, [msg("1", more=True), msg("2")], strict)
    # The server got them in the order they were awaited; a SHOULD, so both
    # reach it and nothing is raised, in either mode.
    assert sent == [ack("2"), ack("1")] and raised is None
    assert [(v.rule, v.level, v.message_id) for v in violations] == [
        ("message.ack.order", "SHOULD", "2")
    ]


@MODES
def test_an_ack_the_server_failed_to_send_may_be_nacked(strict: bool) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        message = await receive()
        try:
            await send(ack(message["id"]))
        except OSError:
            await send(nack(message["id"]))

    sent, violations, raised = run(
        app, [msg("1")], strict, send_fails=lambda e: e["type"] == "message.ack"
    )
    assert sent == [nack("1")] and violations == [] and raised is None


@MODES
def test_an_ack_the_server_failed_to_send_may_be_sent_again(strict: bool) -> None:
    attempts: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await receive()
        await receive()
        for message_id in ("1", "2"):
            try:
                await send(ack(message_id))
            except OSError:
                attempts.append(message_id)
                await send(ack(message_id))

    once = iter([True])
    sent, violations, raised = run(
        app,
        [msg("1", more=True), msg("2")],
        strict,
        send_fails=lambda e: e == ack("1") and next(once, False),
    )
    assert attempts == ["1"] and sent == [ack("1"), ack("2")]
    assert violations == [] and raised is None


@MODES
def test_an_ack_that_failed_leaves_its_message_unanswered(strict: bool) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        message = await receive()
        with contextlib.suppress(OSError):  # and neither acks again nor nacks
            await send(ack(message["id"]))

    sent, violations, raised = run(app, [msg("1")], strict, send_fails=lambda e: True)
    assert sent == []
    assert [(v.rule, v.text) for v in violations] == [
        (
            "message.answer.once",
            (
                "application broke the rule 'every received id acked or nacked exactly once':"
                " the application returned without acking or nacking id '1'"
            ),
        )
    ]
    assert (type(raised) is ValidationError) is strict


@MODES
def test_a_second_ack_while_the_first_is_being_sent_is_reported(strict: bool) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        message = await receive()
        await asyncio.gather(send(ack(message["id"])), send(ack(message["id"])))

    pending = [msg("1")]
    sent: list[Any] = []

    async def receive() -> Any:
        return pending.pop(0)

    async def send(event: Any) -> None:
        await asyncio.sleep(0)
        sent.append(event)

    with warnings.catch_warnings(), collect() as violations:
        warnings.simplefilter("ignore")
        try:
            asyncio.run(validator(app, strict=strict)(SCOPE, receive, send))
        except ValidationError:
            assert strict
    assert [v.text for v in violations] == [
        (
            "application broke the rule 'every received id acked or nacked exactly once':"
            " message.ack for id '1', which is being acked or nacked"
        )
    ]
    assert len(sent) == (1 if strict else 2)
