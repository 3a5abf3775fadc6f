"""The batched era's framework, asyncfast 0.34.0 from the package index, driven
through InMemoryServer: its features, each verdict asserted.

asyncfast runs on asyncio only (it calls asyncio.gather and
asyncio.get_event_loop), so these tests do too.
"""

# No `from __future__ import annotations`: asyncfast reads the annotations
# of handlers and messages as objects.

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated

import pytest

asyncfast = pytest.importorskip(
    "asyncfast", reason="asyncfast 0.34.0 is installed by `make .venv/.installed-stamp`"
)
pydantic = pytest.importorskip("pydantic", reason="asyncfast needs pydantic (the test extra)")

from asyncfast import AsyncFast, Depends, Header, Message, MessageSender  # noqa: E402
from asyncfast.bindings import KafkaKey  # noqa: E402

from amgi_types.testing import InMemoryServer  # noqa: E402
from amgi_types.testing import Message as Delivered  # noqa: E402
from amgi_types.validate import ValidationError  # noqa: E402

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Order(pydantic.BaseModel):
    id: int
    item: str


@dataclass
class OrderPlaced(Message, address="orders.placed"):
    order: Order
    trace: Annotated[str, Header(alias="x-trace")]


def test_asyncfast_is_the_batched_era_release() -> None:
    from importlib.metadata import version

    assert version("asyncfast") == "0.34.0"


async def test_a_typed_json_payload_is_parsed_and_a_bad_one_nacked() -> None:
    app = AsyncFast()
    received: list[Order] = []

    @app.channel("orders")
    async def handle(order: Order) -> None:
        received.append(order)

    async with InMemoryServer(app) as server:
        good = await server.deliver("orders", [b'{"id": 1, "item": "tea"}'])
        bad = await server.deliver("orders", [Delivered(b'{"id": "one"}', id="bad")])
    good.assert_acked()
    assert received == [Order(id=1, item="tea")]
    bad.assert_nacked("bad", match=r"2 validation errors for Order\nid\n")


async def test_header_parameters_are_read_and_a_missing_required_one_nacks() -> None:
    app = AsyncFast()
    seen: list[tuple[str, int]] = []

    @app.channel("orders")
    async def handle(
        tenant: Annotated[str, Header()], retry_count: Annotated[int, Header()] = 0
    ) -> None:
        seen.append((tenant, retry_count))

    async with InMemoryServer(app) as server:
        result = await server.deliver(
            "orders",
            [
                Delivered(headers=[(b"tenant", b"acme"), (b"retry-count", b"2")]),
                Delivered(headers=[(b"tenant", b"umbrella")]),
                Delivered(headers=[(b"retry-count", b"1")], id="no-tenant"),
            ],
        )
    result.assert_acked(*result.ids[:2])
    result.assert_nacked("no-tenant", match="tenant")
    assert seen == [("acme", 2), ("umbrella", 0)]


async def test_a_message_sender_sends_typed_messages_to_their_address() -> None:
    app = AsyncFast()

    @app.channel("orders")
    async def handle(order: Order, sender: MessageSender[OrderPlaced]) -> None:
        await sender.send(OrderPlaced(order=order, trace=f"t-{order.id}"))

    async with InMemoryServer(app) as server:
        result = await server.deliver("orders", [b'{"id": 7, "item": "tea"}'])
    result.assert_acked()
    result.assert_sent(
        "orders.placed", json={"id": 7, "item": "tea"}, headers=[(b"x-trace", b"t-7")]
    )
    assert len(server.sent("orders.placed")) == 1


async def test_an_async_generator_handler_sends_what_it_yields() -> None:
    app = AsyncFast()

    @app.channel("orders")
    async def handle(order: Order) -> AsyncIterator[OrderPlaced]:
        yield OrderPlaced(order=order, trace="a")
        yield OrderPlaced(order=order, trace="b")

    async with InMemoryServer(app) as server:
        result = await server.deliver("orders", [b'{"id": 3, "item": "tea"}'])
    result.assert_acked()
    assert [dict(event["headers"]) for event in result.sent] == [
        {b"x-trace": b"a"},
        {b"x-trace": b"b"},
    ]


async def test_a_handler_that_raises_nacks_its_message_and_the_batch_goes_on() -> None:
    app = AsyncFast()

    @app.channel("orders")
    async def handle(order: Order) -> None:
        if order.item == "poison":
            raise ValueError(f"order {order.id} cannot be fulfilled")

    async with InMemoryServer(app) as server:
        result = await server.deliver(
            "orders",
            [
                Delivered(b'{"id": 1, "item": "tea"}', id="first"),
                Delivered(b'{"id": 2, "item": "poison"}', id="second"),
                Delivered(b'{"id": 3, "item": "tea"}', id="third"),
            ],
        )
    result.assert_acked("first", "third")
    result.assert_nacked("second", match="order 2 cannot be fulfilled")
    assert result.acked == ("first", "third")


async def test_a_failed_send_reaches_the_handler_as_an_oserror_and_nacks() -> None:
    app = AsyncFast()

    @app.channel("orders")
    async def handle(order: Order, sender: MessageSender[OrderPlaced]) -> None:
        await sender.send(OrderPlaced(order=order, trace="t"))

    async with InMemoryServer(app) as server:
        server.fail_sends("orders.placed")
        result = await server.deliver("orders", [b'{"id": 1, "item": "tea"}'])
    result.assert_nacked(match="'orders.placed' failed")
    assert server.sent("orders.placed") == []


async def test_the_lifespan_context_runs_at_startup_and_shutdown() -> None:
    log: list[str] = []

    @asynccontextmanager
    async def lifespan(app: AsyncFast) -> AsyncIterator[None]:
        log.append("started")
        yield
        log.append("stopped")

    app = AsyncFast(lifespan=lifespan)

    @app.channel("orders")
    async def handle(order: Order) -> None:
        log.append(f"order {order.id}")

    async with InMemoryServer(app) as server:
        assert log == ["started"]
        (await server.deliver("orders", [b'{"id": 1, "item": "tea"}'])).assert_acked()
    assert log == ["started", "order 1", "stopped"]


async def test_a_kafka_key_binding_is_read_from_the_received_message() -> None:
    app = AsyncFast()
    keys: list[bytes | None] = []

    @app.channel("orders")
    async def handle(key: Annotated[bytes | None, KafkaKey()] = None) -> None:
        keys.append(key)

    async with InMemoryServer(app) as server:
        result = await server.deliver(
            "orders",
            [Delivered(bindings={"kafka": {"key": b"customer-9"}}), Delivered(bindings=None)],
        )
    result.assert_acked()
    assert keys == [b"customer-9", None]


async def test_the_bindings_of_a_sent_message_are_dropped_by_asyncfast() -> None:
    """A defect of asyncfast 0.34.0 that InMemoryServer shows: its
    ``send_message`` builds the ``message.send`` event without ``bindings``."""

    @dataclass
    class Keyed(Message, address="keyed"):
        key: Annotated[bytes, KafkaKey()]

    app = AsyncFast()

    @app.channel("orders")
    async def handle(sender: MessageSender[Keyed]) -> None:
        await sender.send(Keyed(key=b"k"))

    async with InMemoryServer(app) as server:
        result = await server.deliver("orders", [b"null"])
    assert dict(Keyed(key=b"k"))["bindings"] == {"kafka": {"key": b"k"}}
    with pytest.raises(AssertionError, match="the application sent: to 'keyed' payload=None"):
        result.assert_sent("keyed", bindings={"kafka": {"key": b"k"}})


async def test_address_parameters_and_dependencies_are_resolved() -> None:
    app = AsyncFast()
    seen: list[tuple[str, str]] = []
    closed: list[str] = []

    def database() -> Iterator[str]:
        yield "db"
        closed.append("db")

    @app.channel("orders.{region}")
    async def handle(region: str, db: Annotated[str, Depends(database)]) -> None:
        seen.append((region, db))

    async with InMemoryServer(app) as server:
        (await server.deliver("orders.eu", [b"null"])).assert_acked()
    assert seen == [("eu", "db")]
    assert closed == ["db"]


async def test_out_of_order_acks_are_accepted_with_the_extension() -> None:
    app = AsyncFast()

    @app.channel("orders")
    async def handle(order: Order) -> None:
        # The later orders finish first under asyncio.gather.
        import asyncio

        await asyncio.sleep(0.01 * (3 - order.id))

    batch = [f'{{"id": {n}, "item": "tea"}}'.encode() for n in (1, 2, 3)]
    async with InMemoryServer(app, extensions={"message.ack.out_of_order": {}}) as server:
        result = await server.deliver("orders", batch)
    result.assert_acked()
    assert result.acked == tuple(reversed(result.ids))


async def test_a_message_it_sends_without_an_address_fails_the_test_though_asyncfast_nacks_it() -> (
    None
):
    @dataclass
    class Unaddressed(Message):
        order: Order

    app = AsyncFast()

    @app.channel("orders")
    async def handle(order: Order, sender: MessageSender[Unaddressed]) -> None:
        await sender.send(Unaddressed(order=order))

    async with InMemoryServer(app) as server:
        with pytest.raises(ValidationError) as raised:
            await server.deliver("orders", [b'{"id": 1, "item": "tea"}'])
    assert raised.value.rule == "send.well_formed"
    assert raised.value.path == 'send event["address"]'
    # Unchecked, the message without an address goes out, and the batch is acked.
    async with InMemoryServer(app, validate=False) as server:
        result = await server.deliver("orders", [b'{"id": 1, "item": "tea"}'])
    result.assert_acked()
    assert result.sent[0]["address"] is None


async def test_an_address_without_a_channel_raises_through_the_server() -> None:
    app = AsyncFast()
    async with InMemoryServer(app) as server:
        with pytest.raises(asyncfast.ChannelNotFoundError, match="nowhere"):
            await server.deliver("nowhere", [b"null"])
