"""A user's test module written against amgi_types.testing, as its users write one."""

import asyncio

from amgi_types import AMGIReceiveCallable, AMGISendCallable, MessageSendEvent, Scope
from amgi_types.testing import (
    BatchResult,
    InMemoryServer,
    LifespanStartupFailed,
    Message,
    MessageSendError,
    run,
)
from amgi_types.validate import ValidationError


async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    if scope["type"] == "lifespan":
        return
    more_messages = True
    while more_messages:
        message = await receive()
        if message["type"] != "message.receive":
            return
        more_messages = message.get("more_messages", False)
        await send({"type": "message.ack", "id": message["id"]})


def test_run() -> None:
    result: BatchResult = run(app, "orders", [b"{}", Message(b"{}", id="second")])
    result.assert_acked()
    result.assert_acked("second")
    acked: tuple[str, ...] = result.acked
    nacked_reason: str | None = result.nacked.get("second")
    assert acked and nacked_reason is None


async def test_server() -> None:
    async with InMemoryServer(app, extensions={"message.ack.out_of_order": {}}) as server:
        server.state["answer"] = 42
        result = await server.deliver(
            "orders",
            [
                Message(
                    payload=None,
                    headers=[(b"content-type", b"application/json")],
                    bindings={"kafka": {"key": b"k"}},
                    id="m1",
                ),
                b"payload",
            ],
            extensions={},
        )
        result.assert_nacked(match="no handler")
        sent: MessageSendEvent = result.assert_sent(
            "audit", payload=b"x", json={"a": 1}, headers=[(b"h", b"v")], bindings=None
        )
        assert sent["address"] == "audit"
        forwarded = [
            Message(payload=event.get("payload"), headers=event["headers"])
            for event in server.sent("audit")
        ]
        await server.deliver("next", forwarded)
        server.fail_sends("audit")
        server.fail_sends("audit", ConnectionResetError("gone"))
    unchecked = InMemoryServer(app, validate=False)
    async with unchecked:
        pass


def test_errors() -> None:
    errors: list[type[Exception]] = [LifespanStartupFailed, MessageSendError, ValidationError]
    failure = LifespanStartupFailed("no database")
    message: str = failure.message
    assert errors and message
    asyncio.run(test_server())
