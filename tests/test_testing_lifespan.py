"""InMemoryServer runs the lifespan protocol as the Lifespan page says, under
asyncio and trio: state, startup failed, applications without lifespan, and
a lifespan call that keeps working (sleeps, background tasks) across the test."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import pytest

from amgi_types import AMGIReceiveCallable, AMGISendCallable, Scope
from amgi_types.testing import InMemoryServer, LifespanShutdownFailed, LifespanStartupFailed
from amgi_types.validate import ValidationError

pytestmark = pytest.mark.anyio

App = Callable[[Scope, AMGIReceiveCallable, AMGISendCallable], Awaitable[None]]


async def handle_batch(scope: Any, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    more = True
    while more:
        message: Any = await receive()
        await send({"type": "message.ack", "id": message["id"]})
        more = message.get("more_messages", False)


def with_lifespan(
    startup: Callable[[dict[str, Any]], Awaitable[None]] | None = None,
    *,
    startup_answer: dict[str, Any] | None = None,
    shutdown_answer: dict[str, Any] | None = None,
    log: list[str] | None = None,
) -> App:
    """An application whose lifespan runs ``startup`` on the state, then
    answers with the events given (complete by default)."""
    events = log if log is not None else []

    async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
        if scope["type"] == "message":
            events.append(f"batch sees {sorted(scope.get('state', {}))}")
            await handle_batch(scope, receive, send)
            return
        event = await receive()
        events.append(event["type"])
        if startup is not None:
            await startup(scope["state"])
        await send(startup_answer or {"type": "lifespan.startup.complete"})  # type: ignore[arg-type]
        event = await receive()
        events.append(event["type"])
        await send(shutdown_answer or {"type": "lifespan.shutdown.complete"})  # type: ignore[arg-type]

    return app


async def test_lifespan_state_is_seen_as_a_shallow_copy_in_every_message_scope() -> None:
    connection = object()
    seen: list[dict[str, Any]] = []

    async def open_connection(state: dict[str, Any]) -> None:
        await anyio.sleep(0.01)
        state["connection"] = connection

    inner = with_lifespan(open_connection)

    async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
        if scope["type"] == "message":
            state = scope["state"]
            seen.append(state)
            state["batch"] = len(seen)  # rebinding a key of its copy only
        await inner(scope, receive, send)

    async with InMemoryServer(app) as server:
        assert server.state == {"connection": connection}
        (await server.deliver("q", [b""])).assert_acked()
        (await server.deliver("q", [b""])).assert_acked()
    assert seen[0] is not seen[1] and seen[0] is not server.state
    assert [state["connection"] for state in seen] == [connection, connection]
    assert [state["batch"] for state in seen] == [1, 2]
    assert "batch" not in server.state


async def test_entering_and_leaving_send_startup_then_shutdown_around_the_batches() -> None:
    log: list[str] = []
    async with InMemoryServer(with_lifespan(log=log)) as server:
        assert log == ["lifespan.startup"]
        await server.deliver("q", [b""])
    assert log == ["lifespan.startup", "batch sees []", "lifespan.shutdown"]


async def test_startup_failed_raises_with_its_message_and_no_batch_is_delivered() -> None:
    log: list[str] = []
    app = with_lifespan(
        startup_answer={"type": "lifespan.startup.failed", "message": "no database"}, log=log
    )
    server = InMemoryServer(app)
    with pytest.raises(LifespanStartupFailed, match="no database") as raised:
        async with server:
            pytest.fail("the body ran after a failed startup")
    assert raised.value.message == "no database"
    with pytest.raises(RuntimeError, match="started server"):
        await server.deliver("q", [b""])
    # The application was stopped where it waited: it never saw a shutdown.
    assert log == ["lifespan.startup"]


async def test_an_application_that_raises_for_the_lifespan_scope_gets_its_batches() -> None:
    calls: list[str] = []

    async def no_lifespan(
        scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable
    ) -> None:
        calls.append(scope["type"])
        if scope["type"] != "message":
            raise NotImplementedError(f"unsupported scope type {scope['type']!r}")
        await handle_batch(scope, receive, send)

    async with InMemoryServer(no_lifespan) as server:
        (await server.deliver("q", [b"1", b"2"])).assert_acked()
        assert server.state == {}
    # No lifespan.shutdown: the lifespan call was over at startup.
    assert calls == ["lifespan", "message"]


async def test_an_application_that_raises_after_receiving_startup_gets_its_batches() -> None:
    async def fill_then_raise(state: dict[str, Any]) -> None:
        state["half"] = "made"
        raise OSError("database unreachable")

    async with InMemoryServer(with_lifespan(fill_then_raise)) as server:
        (await server.deliver("q", [b""])).assert_acked()
        # A batch gets an empty state without lifespan, not a half-made one.
        assert server.state == {}


async def test_an_application_that_returns_before_completing_startup_opts_out() -> None:
    async def return_at_once(
        scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable
    ) -> None:
        if scope["type"] == "message":
            await handle_batch(scope, receive, send)

    async with InMemoryServer(return_at_once, validate=False) as server:
        (await server.deliver("q", [b""])).assert_acked()


async def test_a_protocol_fault_during_startup_is_not_taken_for_opting_out() -> None:
    app = with_lifespan(startup_answer={"type": "lifespan.startup.failed"})
    with pytest.raises(ValidationError, match='"message"'):
        async with InMemoryServer(app):
            pytest.fail("the body ran after a malformed startup answer")


async def test_raising_after_startup_complete_is_logged_and_batches_go_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    failure = RuntimeError("lifespan task died")

    async def complete_then_raise(
        scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable
    ) -> None:
        if scope["type"] == "message":
            await handle_batch(scope, receive, send)
            return
        await receive()
        await send({"type": "lifespan.startup.complete"})
        raise failure

    with caplog.at_level(logging.ERROR, logger="amgi_types.testing"):
        async with InMemoryServer(complete_then_raise) as server:
            (await server.deliver("q", [b""])).assert_acked()
    assert [record.exc_info[1] for record in caplog.records if record.exc_info] == [failure]


async def test_shutdown_failed_raises_with_its_message() -> None:
    app = with_lifespan(
        shutdown_answer={"type": "lifespan.shutdown.failed", "message": "flush lost"}
    )
    with pytest.raises(LifespanShutdownFailed, match="flush lost") as raised:
        async with InMemoryServer(app):
            pass
    assert raised.value.message == "flush lost"


async def test_an_exception_raised_during_shutdown_reaches_the_test_as_the_same_object() -> None:
    failure = ConnectionError("close failed")

    async def raise_at_shutdown(
        scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable
    ) -> None:
        await receive()
        await send({"type": "lifespan.startup.complete"})
        await receive()
        raise failure

    with pytest.raises(ConnectionError) as raised:
        async with InMemoryServer(raise_at_shutdown):
            pass
    assert raised.value is failure


async def test_the_tests_own_exception_wins_over_a_failed_shutdown(
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = with_lifespan(shutdown_answer={"type": "lifespan.shutdown.failed", "message": "x"})
    mine = AssertionError("the test failed")
    with pytest.raises(AssertionError) as raised:
        async with InMemoryServer(app):
            raise mine
    assert raised.value is mine
    assert "lifespan.shutdown.failed: x" in caplog.text


async def test_awaiting_receive_again_without_answering_startup_is_an_error_not_a_hang() -> None:
    async def wait_twice(
        scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable
    ) -> None:
        await receive()
        await receive()

    with pytest.raises(RuntimeError, match=r"without answering lifespan\.startup"):
        async with InMemoryServer(wait_twice, validate=False):
            pass


async def test_a_background_task_of_the_lifespan_runs_while_the_test_runs() -> None:
    ticks: list[int] = []

    async def tick() -> None:
        while True:
            ticks.append(len(ticks))
            await anyio.sleep(0.001)

    async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
        if scope["type"] == "message":
            await handle_batch(scope, receive, send)
            return
        async with anyio.create_task_group() as group:
            await receive()
            group.start_soon(tick)
            await send({"type": "lifespan.startup.complete"})
            await receive()
            group.cancel_scope.cancel()
        await send({"type": "lifespan.shutdown.complete"})

    async with InMemoryServer(app) as server:
        before = len(ticks)
        with anyio.fail_after(5):
            while len(ticks) < before + 3:
                await anyio.sleep(0.001)
        (await server.deliver("q", [b""])).assert_acked()
    stopped = len(ticks)
    await anyio.sleep(0.01)
    assert len(ticks) == stopped


async def test_a_lifespan_call_cancelled_with_the_test_is_not_left_running() -> None:
    log: list[str] = []

    async def slow_start(state: dict[str, Any]) -> None:
        await anyio.sleep(10)

    with anyio.move_on_after(0.01) as scope:
        async with InMemoryServer(with_lifespan(slow_start, log=log)):
            pytest.fail("the body ran before startup completed")
    assert scope.cancelled_caught
    assert log == ["lifespan.startup"]


async def test_a_protocol_fault_after_startup_complete_is_raised_not_logged() -> None:
    async def complete_twice(
        scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable
    ) -> None:
        await receive()
        await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.startup.complete"})

    with pytest.raises(ValidationError, match="lifespan events in a legal order"):
        async with InMemoryServer(complete_twice):
            pytest.fail("the body ran after a protocol fault")
