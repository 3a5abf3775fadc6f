"""InMemoryServer holds the application and itself to the specification: its
own side passes the validator with every kind of batch, and a protocol
fault of the application fails the test with the rule named."""

from __future__ import annotations

import asyncio
import contextlib
import warnings
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amgi_types import AMGIReceiveCallable, AMGISendCallable, Scope
from amgi_types.testing import InMemoryServer, Message
from amgi_types.validate import ValidationError, collect

pytestmark = pytest.mark.anyio


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

    with warnings.catch_warnings(), collect() as violations:
        # Not even an unknown key on the server's side, nor a SHOULD.
        warnings.simplefilter("error")
        asyncio.run(serve())
    assert violations == []


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


async def test_a_violation_the_application_swallows_still_fails_the_test_naming_the_rule() -> None:
    async def seed_pattern(
        scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable
    ) -> None:
        """The seed's example: every exception of a message's handling nacks it."""
        if scope["type"] != "message":
            raise NotImplementedError("no lifespan")
        more = True
        while more:
            message: Any = await receive()
            try:
                await send(
                    {
                        "type": "message.send",
                        "address": "audit",
                        "headers": [[b"source", b"orders"]],  # type: ignore[list-item]
                    }
                )
                await send({"type": "message.ack", "id": message["id"]})
            except Exception as error:
                await send({"type": "message.nack", "id": message["id"], "message": str(error)})
            more = message.get("more_messages", False)

    async with InMemoryServer(seed_pattern) as server:
        with pytest.raises(ValidationError) as raised:
            await server.deliver("orders", [b"1", b"2"])
        # Nothing reached the broker: a check never lets the bad event through.
        assert server.sent("audit") == []
    assert raised.value.rule == "send.well_formed"
    assert raised.value.side == "application"
    assert [violation.path for violation in raised.value.violations] == [
        'send event["headers"][0]',
        'send event["headers"][0]',
    ]


async def test_an_exception_of_the_application_wins_and_carries_what_it_swallowed() -> None:
    failure = LookupError("no handler")

    async def swallow_then_raise(
        scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable
    ) -> None:
        if scope["type"] != "message":
            raise NotImplementedError("no lifespan")
        await receive()
        with contextlib.suppress(ValidationError):
            await send({"type": "message.ack", "id": "never received"})
        raise failure

    async with InMemoryServer(swallow_then_raise) as server:
        with pytest.raises(LookupError) as raised:
            await server.deliver("orders", [b""])
        # Reported once: the next batch does not raise it again.
        with pytest.raises(LookupError):
            await server.deliver("orders", [b""])
    assert raised.value is failure
    assert any("never received" in note for note in getattr(failure, "__notes__", []))


async def test_a_violation_swallowed_during_startup_fails_entering_the_server() -> None:
    async def swallowing_startup(
        scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable
    ) -> None:
        await receive()
        with contextlib.suppress(ValidationError):
            await send({"type": "lifespan.shutdown.complete"})
        await send({"type": "lifespan.startup.complete"})
        await receive()
        await send({"type": "lifespan.shutdown.complete"})

    with pytest.raises(ValidationError) as raised:
        async with InMemoryServer(swallowing_startup):
            pytest.fail("the body ran after a protocol fault in startup")
    assert raised.value.rule == "lifespan.application.order"


async def test_a_violation_of_a_task_that_outlived_its_call_fails_the_next_step() -> None:
    leftover: list[Any] = []

    async def leaves_a_sender(
        scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable
    ) -> None:
        if scope["type"] != "message":
            raise NotImplementedError("no lifespan")
        message: Any = await receive()
        await send({"type": "message.ack", "id": message["id"]})
        leftover.append(send)

    async with InMemoryServer(leaves_a_sender) as server:
        (await server.deliver("orders", [b""])).assert_acked()
        # Swallowed, as the exception of a task nobody awaits would be.
        with contextlib.suppress(ValidationError):
            await leftover[0]({"type": "message.send", "address": "late", "headers": []})
        with pytest.raises(ValidationError) as raised:
            await server.deliver("orders", [b""])
    assert raised.value.rule == "call.ended"


async def test_the_servers_side_breaks_no_rule_not_even_a_should() -> None:
    async with InMemoryServer(echo) as server:
        server.fail_sends("out")
        with collect() as violations, pytest.raises(OSError, match="fail_sends"):
            await server.deliver("in", [Message(b"x", [(b"h", b"v")], {"kafka": {"key": None}})])
    assert violations == []
