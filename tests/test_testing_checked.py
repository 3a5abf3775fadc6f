"""InMemoryServer holds the application and itself to the specification: its
own side passes the validator with every kind of batch, and a protocol
fault of the application fails the test with the rule named."""

from __future__ import annotations

import asyncio
import warnings
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amgi_types import AMGIReceiveCallable, AMGISendCallable, Scope
from amgi_types.testing import InMemoryServer, Message
from amgi_types.validate import ValidationError

pytestmark = pytest.mark.anyio


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    if request.param == "trio":
        pytest.importorskip(
            "trio", reason="trio is a pinned test dependency: pip install -e .[test]"
        )
    return str(request.param)


names = st.binary(max_size=8)
headers = st.lists(st.tuples(names, st.binary(max_size=16)), max_size=4)
# A received message carries the bindings of one protocol only.
bindings = st.one_of(
    st.none(),
    st.builds(lambda key: {"kafka": {"key": key}}, st.one_of(st.none(), st.binary(max_size=8))),
    st.just({"mqtt": {"qos": 1, "retain": False}}),
    st.just({"amqp": {"priority": 5, "content_type": "application/json"}}),
)
messages = st.one_of(
    st.binary(max_size=32),
    st.builds(
        Message,
        payload=st.one_of(st.none(), st.binary(max_size=32)),
        headers=headers,
        bindings=bindings,
        id=st.one_of(st.none(), st.text(max_size=6)),
    ),
)


def unique_ids(batch: list[bytes | Message]) -> bool:
    ids = [item.id for item in batch if isinstance(item, Message) and item.id is not None]
    return len(ids) == len(set(ids))


async def echo(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    """Takes part in the lifespan, and acks every message after sending its
    payload on: every kind of event the server handles."""
    if scope["type"] == "lifespan":
        await receive()
        scope["state"]["ready"] = True
        await send({"type": "lifespan.startup.complete"})
        await receive()
        await send({"type": "lifespan.shutdown.complete"})
        return
    more = True
    while more:
        message: Any = await receive()
        await send(
            {
                "type": "message.send",
                "address": "out",
                "headers": message["headers"],
                "payload": message.get("payload"),
            }
        )
        await send({"type": "message.ack", "id": message["id"]})
        more = message.get("more_messages", False)


@settings(max_examples=150, deadline=None)
@given(
    batches=st.lists(
        st.lists(messages, min_size=1, max_size=6).filter(unique_ids), min_size=1, max_size=3
    ),
    out_of_order=st.booleans(),
)
def test_the_servers_side_passes_the_validator_with_every_kind_of_batch(
    batches: list[list[bytes | Message]], out_of_order: bool
) -> None:
    extensions = {"message.ack.out_of_order": {}} if out_of_order else None

    async def serve() -> None:
        async with InMemoryServer(echo, extensions=extensions) as server:
            for batch in batches:
                result = await server.deliver("in", batch)
                result.assert_acked()
                assert len(result.ids) == len(set(result.ids)) == len(batch)
        assert len(server.sent("out")) == sum(map(len, batches))

    with warnings.catch_warnings():
        # Not even an unknown key on the server's side.
        warnings.simplefilter("error")
        asyncio.run(serve())


async def test_a_malformed_binding_given_by_the_test_is_caught_as_the_servers_fault() -> None:
    # Bindings are passed as given: the validator holds the test's input to
    # the rule that a received message carries one protocol's bindings.
    two_protocols = Message(bindings={"kafka": {"key": b"k"}, "mqtt": {"qos": 1}})
    with pytest.raises(ValidationError, match="one protocol") as raised:
        async with InMemoryServer(echo) as server:
            await server.deliver("in", [two_protocols])
    assert raised.value.side == "server"


async def test_without_validation_a_fault_goes_unchecked_and_the_result_tells() -> None:
    async def ack_twice(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
        if scope["type"] != "message":
            raise NotImplementedError("no lifespan")
        message: Any = await receive()
        await send({"type": "message.ack", "id": message["id"]})
        await send({"type": "message.ack", "id": message["id"]})

    async with InMemoryServer(ack_twice, validate=False) as server:
        result = await server.deliver("in", [b""])
    assert result.acked == (result.ids[0], result.ids[0])
    async with InMemoryServer(ack_twice) as server:
        with pytest.raises(ValidationError, match="already acked or nacked"):
            await server.deliver("in", [b""])
