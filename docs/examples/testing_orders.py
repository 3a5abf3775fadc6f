"""Tests of an order-taking application, with amgi_types.testing.

In a project the application is imported from its package; here it is
written out first, so that the example is whole. Run the tests with
``pytest testing_orders.py`` (the async tests use anyio's pytest plugin).
"""

import json

import pytest

from amgi_types import AMGIReceiveCallable, AMGISendCallable, Scope
from amgi_types.testing import InMemoryServer, LifespanStartupFailed, Message, run


async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    """Prices each order, sends it on to "orders.priced" and acks it; nacks
    an order it cannot read."""
    if scope["type"] == "lifespan":
        await receive()
        if "state" not in scope:
            reason = "the prices need the lifespan state"
            await send({"type": "lifespan.startup.failed", "message": reason})
            return
        scope["state"]["prices"] = {"tea": 3, "cake": 5}
        await send({"type": "lifespan.startup.complete"})
        await receive()
        await send({"type": "lifespan.shutdown.complete"})
        return
    prices = scope.get("state", {}).get("prices", {})
    more_messages = True
    while more_messages:
        message = await receive()
        if message["type"] != "message.receive":
            raise RuntimeError(f"unexpected {message['type']!r} event in a message batch")
        more_messages = message.get("more_messages", False)
        try:
            order = json.loads(message.get("payload") or b"")
            price = prices[order["item"]] * order["quantity"]
        except (ValueError, KeyError, TypeError) as error:
            await send(
                {"type": "message.nack", "id": message["id"], "message": f"bad order: {error!r}"}
            )
            continue
        await send(
            {
                "type": "message.send",
                "address": "orders.priced",
                "headers": [(b"order-id", str(order["id"]).encode())],
                "payload": json.dumps({"id": order["id"], "price": price}).encode(),
            }
        )
        await send({"type": "message.ack", "id": message["id"]})


def test_an_order_is_priced_and_acked() -> None:
    result = run(app, "orders", [b'{"id": 1, "item": "tea", "quantity": 2}'])
    result.assert_acked()
    result.assert_sent("orders.priced", json={"id": 1, "price": 6}, headers=[(b"order-id", b"1")])


@pytest.mark.anyio
async def test_an_unreadable_order_is_nacked_and_the_batch_goes_on() -> None:
    async with InMemoryServer(app) as server:
        result = await server.deliver(
            "orders",
            [
                Message(b'{"id": 1, "item": "tea", "quantity": 1}', id="good"),
                Message(b"not json", id="garbled"),
                Message(b'{"id": 3, "item": "soup", "quantity": 1}', id="unknown"),
            ],
        )
    result.assert_acked("good")
    result.assert_nacked("garbled", match="JSONDecodeError")
    result.assert_nacked("unknown", match="'soup'")


@pytest.mark.anyio
async def test_prices_come_from_the_lifespan_state() -> None:
    async with InMemoryServer(app) as server:
        assert server.state["prices"]["cake"] == 5
        server.state["prices"]["cake"] = 4
        result = await server.deliver("orders", [b'{"id": 2, "item": "cake", "quantity": 1}'])
    result.assert_sent("orders.priced", json={"id": 2, "price": 4})


@pytest.mark.anyio
async def test_a_broker_failure_reaches_the_application() -> None:
    async with InMemoryServer(app) as server:
        server.fail_sends("orders.priced")
        with pytest.raises(OSError, match=r"orders\.priced"):
            await server.deliver("orders", [b'{"id": 4, "item": "tea", "quantity": 1}'])
        assert server.sent("orders.priced") == []


@pytest.mark.anyio
async def test_startup_fails_without_lifespan_state() -> None:
    async def without_state(
        scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable
    ) -> None:
        # As a server without state would call it.
        if scope["type"] == "lifespan":
            del scope["state"]
        await app(scope, receive, send)

    with pytest.raises(LifespanStartupFailed, match="need the lifespan state"):
        async with InMemoryServer(without_state):
            pass
