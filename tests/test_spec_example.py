"""The specification's example application and middleware run under a fake server.

``docs/examples/message_app.py`` handles a message by decoding its payload as
UTF-8, so a payload that is not UTF-8 is a message whose processing raises.
``docs/examples/middleware.py`` wraps it: gzip-encoded payloads reach the
application decompressed, and nacks are logged on their way to the server.
"""

from __future__ import annotations

import asyncio
import gzip
import importlib.util
import logging
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import pytest

from amgi_types import (
    AMGIApplication,
    AMGIReceiveCallable,
    AMGIReceiveEvent,
    AMGISendCallable,
    AMGISendEvent,
    LifespanScope,
    MessageReceiveEvent,
    MessageScope,
    Scope,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
EXAMPLE = EXAMPLES / "message_app.py"

NOT_UTF8 = b"\xff"


def load_example(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def message_app() -> ModuleType:
    return load_example("message_app")


@pytest.fixture(scope="module")
def middleware() -> ModuleType:
    return load_example("middleware")


class FakeServer:
    """Delivers queued events to ``receive()`` and records what ``send()`` gets."""

    def __init__(self, events: Sequence[AMGIReceiveEvent]) -> None:
        self.pending = list(events)
        self.received: list[AMGIReceiveEvent] = []
        self.sent: list[AMGISendEvent] = []

    async def receive(self) -> AMGIReceiveEvent:
        event = self.pending.pop(0)
        self.received.append(event)
        return event

    async def send(self, event: AMGISendEvent) -> None:
        self.sent.append(event)

    def run(self, app: ModuleType, scope: Scope) -> None:
        self.run_application(app.app, scope)

    def run_application(self, application: AMGIApplication, scope: Scope) -> None:
        async def call() -> None:
            await application(scope, self.receive, self.send)

        asyncio.run(call())


def message_scope() -> MessageScope:
    return {
        "type": "message",
        "amgi": {"version": "1.0", "spec_version": "1.0"},
        "address": "orders",
    }


def message(id: str, payload: bytes, more_messages: bool) -> MessageReceiveEvent:
    return {
        "type": "message.receive",
        "id": id,
        "headers": [(b"content-type", b"text/plain")],
        "payload": payload,
        "more_messages": more_messages,
    }


def decode_error_text(payload: bytes) -> str:
    with pytest.raises(UnicodeDecodeError) as raised:
        payload.decode()
    return str(raised.value)


def test_batch_with_failing_second_message_gets_ack_nack_ack(message_app: ModuleType) -> None:
    server = FakeServer(
        [
            message("m-1", b"first", more_messages=True),
            message("m-2", NOT_UTF8, more_messages=True),
            message("m-3", b"third", more_messages=False),
        ]
    )

    server.run(message_app, message_scope())

    assert [(event["type"], event.get("id")) for event in server.sent] == [
        ("message.ack", "m-1"),
        ("message.nack", "m-2"),
        ("message.ack", "m-3"),
    ]


def test_nack_message_is_the_exception_text(message_app: ModuleType) -> None:
    server = FakeServer([message("bad", NOT_UTF8, more_messages=False)])

    server.run(message_app, message_scope())

    assert server.sent == [
        {"type": "message.nack", "id": "bad", "message": decode_error_text(NOT_UTF8)}
    ]


def test_receive_is_not_called_after_more_messages_is_false(message_app: ModuleType) -> None:
    beyond_the_batch = message("next-batch", b"later", more_messages=False)
    server = FakeServer(
        [
            message("m-1", b"first", more_messages=True),
            message("m-2", b"last", more_messages=False),
            beyond_the_batch,
        ]
    )

    server.run(message_app, message_scope())

    assert [event.get("id") for event in server.received] == ["m-1", "m-2"]
    assert server.pending == [beyond_the_batch]


def test_batch_of_one_without_more_messages_is_acked_once(message_app: ModuleType) -> None:
    only: MessageReceiveEvent = {"type": "message.receive", "id": "only", "headers": []}
    server = FakeServer([only, message("next-batch", b"later", more_messages=False)])

    server.run(message_app, message_scope())

    assert server.received == [only]
    assert server.sent == [{"type": "message.ack", "id": "only"}]


def test_lifespan_scope_raises_before_receiving_anything(message_app: ModuleType) -> None:
    # Raising at once is how an application opts out of the lifespan protocol.
    scope: LifespanScope = {"type": "lifespan", "amgi": {"version": "1.0", "spec_version": "1.0"}}
    server = FakeServer([{"type": "lifespan.startup"}])

    with pytest.raises(NotImplementedError, match="'lifespan'"):
        server.run(message_app, scope)

    assert server.received == []
    assert server.sent == []


def test_middleware_hands_the_application_a_decompressed_copy(
    message_app: ModuleType, middleware: ModuleType
) -> None:
    compressed: MessageReceiveEvent = {
        "type": "message.receive",
        "id": "gz",
        "headers": [(b"content-encoding", b"gzip"), (b"content-type", b"text/plain")],
        "payload": gzip.compress(b"hello"),
        "bindings": {"kafka": {"key": b"k"}},
        "more_messages": False,
    }
    original = dict(compressed)
    seen: list[AMGIReceiveEvent] = []

    async def recording_app(
        scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable
    ) -> None:
        async def recording_receive() -> AMGIReceiveEvent:
            seen.append(await receive())
            return seen[-1]

        await message_app.app(scope, recording_receive, send)

    server = FakeServer([compressed])
    server.run_application(middleware.wrap(recording_app), message_scope())

    assert seen == [
        {
            "type": "message.receive",
            "id": "gz",
            "headers": [(b"content-type", b"text/plain")],
            "payload": b"hello",
            "bindings": {"kafka": {"key": b"k"}},
            "more_messages": False,
        }
    ]
    assert compressed == original  # the server's own event is left as it was
    assert server.sent == [{"type": "message.ack", "id": "gz"}]


def test_middleware_logs_each_nack_and_passes_it_on(
    message_app: ModuleType, middleware: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    server = FakeServer([message("bad", NOT_UTF8, more_messages=False)])

    with caplog.at_level(logging.WARNING, logger="middleware"):
        server.run_application(middleware.wrap(message_app.app), message_scope())

    assert server.sent == [
        {"type": "message.nack", "id": "bad", "message": decode_error_text(NOT_UTF8)}
    ]
    assert [record.getMessage() for record in caplog.records] == [
        f"orders: message bad nacked: {decode_error_text(NOT_UTF8)}"
    ]


def test_middleware_passes_a_lifespan_scope_straight_through(
    message_app: ModuleType, middleware: ModuleType
) -> None:
    scope: LifespanScope = {"type": "lifespan", "amgi": {"version": "1.0", "spec_version": "1.0"}}
    server = FakeServer([{"type": "lifespan.startup"}])

    with pytest.raises(NotImplementedError, match="'lifespan'"):
        server.run_application(middleware.wrap(message_app.app), scope)


@pytest.mark.parametrize("name", ["bindings_app", "bindings_typed_app"])
def test_both_styles_of_bindings_forward_the_kafka_key_and_amqp_routing(name: str) -> None:
    example = load_example(name)
    kafka_record = message("k-1", b"order", more_messages=True)
    kafka_record["bindings"] = {"kafka": {"key": b"customer-7", "partition": 3, "offset": 41}}
    amqp_delivery = message("a-1", b"order", more_messages=False)
    amqp_delivery["bindings"] = {"amqp": {"routing_key": "orders.new"}}
    server = FakeServer([kafka_record, amqp_delivery])

    server.run(example, message_scope())

    routing = {"routing_key": "shipping.orders", "delivery_mode": 2}
    assert server.sent == [
        {
            "type": "message.send",
            "address": "shipping",
            "headers": [(b"content-type", b"text/plain")],
            "payload": b"order",
            "bindings": {"kafka": {"key": b"customer-7"}, "amqp": routing},
        },
        {"type": "message.ack", "id": "k-1"},
        {
            "type": "message.send",
            "address": "shipping",
            "headers": [(b"content-type", b"text/plain")],
            "payload": b"order",
            # Received under AMQP: no Kafka key to forward.
            "bindings": {"kafka": {"key": None}, "amqp": routing},
        },
        {"type": "message.ack", "id": "a-1"},
    ]
