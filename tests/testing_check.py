"""Observe amgi_types.testing at run time on the interpreter running this file.

``tests/test_testing_interpreters.py`` calls :func:`observe` in its own
process and runs this file as a script in a throwaway environment of each
CPython 3.10-3.13, which prints the same observations as JSON; both are
judged by the same assertions. The scenarios are those whose mechanics
differ most between interpreters: the lifespan call stepped through the
event loop (sleeps, a background task, cancellation, exceptions thrown in),
a batch's verdicts, and failed sends.

Standard library only: the throwaway environment holds amgi_types and its own
dependencies and nothing else.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from amgi_types import AMGIReceiveCallable, AMGISendCallable, Scope
from amgi_types.testing import (
    InMemoryServer,
    LifespanShutdownFailed,
    LifespanStartupFailed,
    Message,
    MessageSendError,
)
from amgi_types.validate import ValidationError


async def consume(scope: Any, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    more = True
    while more:
        message: Any = await receive()
        if message["payload"] == b"send":
            try:
                await send({"type": "message.send", "address": "out", "headers": []})
            except OSError as error:
                await send({"type": "message.nack", "id": message["id"], "message": str(error)})
                more = message.get("more_messages", False)
                continue
        if message["payload"] != b"forget":
            await send({"type": "message.ack", "id": message["id"]})
        more = message.get("more_messages", False)


def lifespan_app(log: list[str], shutdown: str = "complete") -> Any:
    async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
        if scope["type"] == "message":
            await consume(scope, receive, send)
            return
        ticker: asyncio.Task[None] | None = None

        async def tick() -> None:
            while True:
                log.append("tick")
                await asyncio.sleep(0.001)

        await receive()
        await asyncio.sleep(0.001)
        scope["state"]["ready"] = True
        ticker = asyncio.ensure_future(tick())
        await send({"type": "lifespan.startup.complete"})
        await receive()
        ticker.cancel()
        log.append("shutdown")
        if shutdown == "complete":
            await send({"type": "lifespan.shutdown.complete"})
        else:
            await send({"type": "lifespan.shutdown.failed", "message": shutdown})

    return app


async def scenarios() -> dict[str, Any]:
    observed: dict[str, Any] = {}
    log: list[str] = []
    async with InMemoryServer(lifespan_app(log)) as server:
        observed["state"] = server.state
        await asyncio.sleep(0.01)
        result = await server.deliver("in", [b"a", Message(b"send", id="s")])
        observed["verdict"] = [list(result.ids), list(result.acked), dict(result.nacked)]
        server.fail_sends("out")
        failed = await server.deliver("in", [Message(b"send", id="f")])
        observed["failed send"] = dict(failed.nacked)
        try:
            await server.deliver("in", [b"a", b"forget"])
        except ValidationError as error:
            observed["forgotten ack"] = str(error)
    observed["background task ran"] = log.count("tick") >= 3
    observed["shutdown"] = log[-1]

    try:
        async with InMemoryServer(lifespan_app([], shutdown="flush lost")):
            pass
    except LifespanShutdownFailed as error:
        observed["shutdown failed"] = error.message

    async def fail_startup(
        scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable
    ) -> None:
        await receive()
        await send({"type": "lifespan.startup.failed", "message": "no database"})
        await receive()

    try:
        async with InMemoryServer(fail_startup):
            observed["delivered after failed startup"] = True
    except LifespanStartupFailed as error:
        observed["startup failed"] = error.message

    async def slow_startup(
        scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable
    ) -> None:
        await receive()
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            observed["cancellation reached the lifespan call"] = True
            raise

    try:
        await asyncio.wait_for(InMemoryServer(slow_startup).__aenter__(), 0.01)
    except asyncio.TimeoutError:
        observed["timed out"] = True

    observed["is an OSError"] = issubclass(MessageSendError, OSError)
    return observed


def observe() -> dict[str, Any]:
    return asyncio.run(scenarios())


if __name__ == "__main__":
    import amgi_types.testing

    print(
        json.dumps(
            {
                "version": list(sys.version_info[:2]),
                "prefix": sys.prefix,
                "testing_module": amgi_types.testing.__file__,
                "observations": observe(),
            }
        )
    )
