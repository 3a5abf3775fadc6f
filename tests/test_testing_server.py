"""InMemoryServer.deliver with hand-written applications, under asyncio and trio:
each verdict of the issue asserted, and the server's own side of each batch."""

from __future__ import annotations

import warnings
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from amgi_types import AMGIReceiveCallable, AMGISendCallable, Scope
from amgi_types.testing import BatchResult, InMemoryServer, Message, MessageSendError, run
from amgi_types.validate import RecommendationWarning, ValidationError

pytestmark = pytest.mark.anyio

App = Callable[[Scope, AMGIReceiveCallable, AMGISendCallable], Awaitable[None]]
Handler = Callable[[dict[str, Any], AMGISendCallable], Awaitable[None]]


def consumer(handle: Handler) -> App:
    """An application without lifespan support that passes each message of a
    batch to ``handle``."""

    async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
        if scope["type"] != "message":
            raise RuntimeError("lifespan is not supported")
        more = True
        while more:
            message: Any = await receive()
            await handle(message, send)
            more = message.get("more_messages", False)

    return app


async def ack(message: dict[str, Any], send: AMGISendCallable) -> None:
    await send({"type": "message.ack", "id": message["id"]})


async def deliver(app: App, messages: list[bytes | Message], **options: Any) -> BatchResult:
    extensions = options.pop("extensions", None)
    async with InMemoryServer(app, **options) as server:
        return await server.deliver("orders", messages, extensions=extensions)


async def test_an_application_that_acks_all_passes_assert_acked() -> None:
    result = await deliver(consumer(ack), [b"1", b"2", Message(b"3", id="third")])
    result.assert_acked()
    result.assert_acked("third")
    assert result.acked == result.ids
    assert result.ids[2] == "third"
    assert result.nacked == {}
    assert result.sent == ()


async def test_a_forgotten_ack_fails_with_the_rule_named() -> None:
    async def ack_all_but_the_last(message: dict[str, Any], send: AMGISendCallable) -> None:
        if message.get("more_messages"):
            await ack(message, send)

    with pytest.raises(ValidationError, match="every received id acked or nacked exactly once"):
        await deliver(consumer(ack_all_but_the_last), [b"1", b"2"])
    # Unchecked, the result tells the same.
    result = await deliver(
        consumer(ack_all_but_the_last), [b"1", Message(id="last")], validate=False
    )
    with pytest.raises(AssertionError, match="'last' was neither acked nor nacked"):
        result.assert_acked()


async def test_an_ack_sent_twice_is_reported() -> None:
    async def ack_twice(message: dict[str, Any], send: AMGISendCallable) -> None:
        await ack(message, send)
        await ack(message, send)

    with pytest.raises(ValidationError, match="already acked or nacked") as raised:
        await deliver(consumer(ack_twice), [b"1"])
    assert raised.value.side == "application"


async def test_a_nack_with_its_reason_passes_assert_nacked() -> None:
    async def nack(message: dict[str, Any], send: AMGISendCallable) -> None:
        reason = f"cannot parse {message['payload']!r}"
        await send({"type": "message.nack", "id": message["id"], "message": reason})

    result = await deliver(consumer(nack), [Message(b"x", id="a"), Message(b"y", id="b")])
    result.assert_nacked()
    result.assert_nacked("b", match=r"parse b'y'")
    assert result.nacked == {"a": "cannot parse b'x'", "b": "cannot parse b'y'"}
    with pytest.raises(AssertionError, match=r"'a' was nacked with \"cannot parse b'x'\""):
        result.assert_nacked(match="b'y'")
    with pytest.raises(AssertionError, match="'a' was nacked: \"cannot parse b'x'\""):
        result.assert_acked()


async def test_a_message_sent_to_another_address_is_recorded_in_order() -> None:
    async def forward(message: dict[str, Any], send: AMGISendCallable) -> None:
        await send(
            {
                "type": "message.send",
                "address": "audit",
                "headers": [(b"source", b"orders")],
                "payload": message["payload"],
                "bindings": {"kafka": {"key": b"k"}, "amqp": {"priority": 1}},
            }
        )
        await ack(message, send)

    async with InMemoryServer(consumer(forward)) as server:
        first = await server.deliver("orders", [b'{"n": 1}'])
        second = await server.deliver("orders", [b'{"n": 2}', b'{"n": 3}'])
    sent = second.assert_sent("audit", json={"n": 3}, headers=[(b"source", b"orders")])
    assert sent is second.sent[1]
    first.assert_sent(
        "audit", payload=b'{"n": 1}', bindings={"kafka": {"key": b"k"}, "amqp": {"priority": 1}}
    )
    assert [event["payload"] for event in server.sent("audit")] == [
        b'{"n": 1}',
        b'{"n": 2}',
        b'{"n": 3}',
    ]
    assert server.sent("orders") == []
    with pytest.raises(AssertionError, match=r"to 'audit' payload=b'\{\"n\": 2\}'"):
        second.assert_sent("audit", json={"n": 4})
    with pytest.raises(AssertionError, match=r"a message\.send to 'orders'"):
        second.assert_sent("orders")


async def test_acks_out_of_order_warn_without_the_extension_and_pass_with_it() -> None:
    async def ack_in_reverse(
        scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable
    ) -> None:
        if scope["type"] != "message":
            raise RuntimeError("lifespan is not supported")
        ids = []
        more = True
        while more:
            message: Any = await receive()
            ids.append(message["id"])
            more = message.get("more_messages", False)
        for message_id in reversed(ids):
            await send({"type": "message.ack", "id": message_id})

    # Without the extension, delivery order is what the original says an
    # application SHOULD assume: a departure is a warning, not a failure.
    with pytest.warns(RecommendationWarning, match="acks and nacks in delivery order"):
        result = await deliver(ack_in_reverse, [b"1", b"2", b"3"])
    result.assert_acked()
    extension = {"message.ack.out_of_order": {}}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = await deliver(ack_in_reverse, [b"1", b"2", b"3"], extensions=extension)
        result.assert_acked()
        assert result.acked == tuple(reversed(result.ids))
        # The server's extensions hold for every batch...
        async with InMemoryServer(ack_in_reverse, extensions=extension) as server:
            (await server.deliver("orders", [b"1", b"2"])).assert_acked()
            # ...unless a batch is given its own.
            with pytest.warns(RecommendationWarning, match="delivery order"):
                await server.deliver("orders", [b"1", b"2"], extensions={})


async def test_an_exception_in_the_middle_of_a_batch_reaches_the_test_as_the_same_object() -> None:
    failure = KeyError("the second message")

    async def fail_on_the_second(message: dict[str, Any], send: AMGISendCallable) -> None:
        if message["payload"] == b"2":
            raise failure
        await ack(message, send)

    for validate in (True, False):
        with pytest.raises(KeyError) as raised:
            await deliver(consumer(fail_on_the_second), [b"1", b"2", b"3"], validate=validate)
        assert raised.value is failure


async def test_fail_sends_makes_send_raise_an_oserror_subclass_or_the_given_error() -> None:
    seen: list[BaseException] = []

    async def publish(message: dict[str, Any], send: AMGISendCallable) -> None:
        try:
            await send({"type": "message.send", "address": "out", "headers": []})
        except OSError as error:
            seen.append(error)
            await send({"type": "message.nack", "id": message["id"], "message": str(error)})
        else:
            await ack(message, send)

    async with InMemoryServer(consumer(publish)) as server:
        (await server.deliver("in", [b"1"])).assert_acked()
        server.fail_sends("out")
        result = await server.deliver("in", [b"2", b"3"])
        result.assert_nacked(match="'out'")
        assert [type(error) for error in seen] == [MessageSendError, MessageSendError]
        assert issubclass(MessageSendError, OSError)
        assert seen[0] is not seen[1]
        mine = ConnectionResetError("broker gone")
        server.fail_sends("out", mine)
        (await server.deliver("in", [b"4"])).assert_nacked(match="broker gone")
        assert seen[-1] is mine
        assert len(server.sent("out")) == 1
        assert result.sent == ()


async def test_two_applications_chained_through_sent() -> None:
    async def double(message: dict[str, Any], send: AMGISendCallable) -> None:
        number = int(message["payload"])
        await send(
            {
                "type": "message.send",
                "address": "doubled",
                "headers": message["headers"],
                "payload": str(number * 2).encode(),
            }
        )
        await ack(message, send)

    totals: list[int] = []

    async def total(message: dict[str, Any], send: AMGISendCallable) -> None:
        totals.append(int(message["payload"]))
        await ack(message, send)

    async with InMemoryServer(consumer(double)) as first, InMemoryServer(consumer(total)) as second:
        await first.deliver("numbers", [Message(b"1", headers=[(b"trace", b"t1")]), b"20"])
        forwarded = [
            Message(payload=event.get("payload"), headers=event["headers"])
            for event in first.sent("doubled")
        ]
        result = await second.deliver("doubled", forwarded)
    result.assert_acked()
    assert totals == [2, 40]


async def test_each_batch_is_one_call_whose_last_message_alone_ends_the_batch() -> None:
    received: list[dict[str, Any]] = []
    scopes: list[Any] = []

    async def record(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
        if scope["type"] != "message":
            raise RuntimeError("lifespan is not supported")
        scopes.append(scope)
        more = True
        while more:
            message: Any = await receive()
            received.append(message)
            await ack(message, send)
            more = message.get("more_messages", False)

    bindings = {"mqtt": {"qos": 1}}
    await deliver(record, [b"a", Message(None, [(b"h", b"1"), (b"h", b"2")], bindings, "x"), b""])
    assert [message["more_messages"] for message in received] == [True, True, False]
    assert received[1] == {
        "type": "message.receive",
        "id": "x",
        "headers": ((b"h", b"1"), (b"h", b"2")),
        "payload": None,
        "more_messages": True,
        "bindings": bindings,
    }
    assert received[2]["payload"] == b""
    assert len({message["id"] for message in received}) == 3
    assert scopes == [
        {
            "type": "message",
            "amgi": {"version": "1.0", "spec_version": "1.0"},
            "address": "orders",
            "state": {},
        }
    ]


async def test_generated_ids_never_collide_with_given_ones() -> None:
    async with InMemoryServer(consumer(ack)) as server:
        result = await server.deliver("q", [b"x", Message(id="m2"), Message(id="m3"), b"y"])
        again = await server.deliver("q", [b"z"])
    assert len(set(result.ids)) == 4
    assert result.ids[1:3] == ("m2", "m3")
    assert again.ids[0] not in result.ids
    # However many of the next generated ids a batch takes for itself.
    taken = [Message(id=f"m{n}") for n in range(5000)]
    async with InMemoryServer(consumer(ack), validate=False) as server:
        crowded = await server.deliver("q", [*taken, b"x"])
    assert crowded.ids[-1] == "m5000"


async def test_a_batch_given_wrongly_is_refused_naming_the_message() -> None:
    async with InMemoryServer(consumer(ack)) as server:
        with pytest.raises(TypeError, match=r"messages\[1\]: expected bytes or Message, got str"):
            await server.deliver("q", [b"x", "y"])  # type: ignore[list-item]
        with pytest.raises(TypeError, match="put it in a list"):
            await server.deliver("q", b"x")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match=r"messages\[2\]: id 'a' is already in the batch"):
            await server.deliver("q", [Message(id="a"), b"", Message(id="a")])
        with pytest.raises(ValueError, match="at least one message"):
            await server.deliver("q", [])
        with pytest.raises(TypeError, match="address: expected str, got bytes"):
            await server.deliver(b"q", [b""])  # type: ignore[arg-type]


def test_a_message_with_a_value_of_the_wrong_type_is_refused_when_built() -> None:
    with pytest.raises(TypeError, match="Message payload: expected bytes or None, got str"):
        Message("text")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Message id: expected str or None, got int"):
        Message(id=7)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"Message headers\[1\]: expected a \(bytes, bytes\) tuple"):
        Message(headers=[(b"a", b"1"), [b"b", b"2"]])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"headers\[0\]"):
        Message(headers=[(b"a", "1")])  # type: ignore[list-item]
    assert Message(headers=[(b"a", b"1")]).headers == ((b"a", b"1"),)


async def test_deliver_outside_a_started_server_is_refused() -> None:
    server = InMemoryServer(consumer(ack))
    with pytest.raises(RuntimeError, match="inside `async with InMemoryServer"):
        await server.deliver("q", [b""])
    async with server:
        pass
    with pytest.raises(RuntimeError, match="started server"):
        await server.deliver("q", [b""])
    with pytest.raises(RuntimeError, match="entered once"):
        await server.__aenter__()


async def test_receive_after_the_last_message_is_refused_with_or_without_checks() -> None:
    async def receive_once_too_often(
        scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable
    ) -> None:
        if scope["type"] != "message":
            raise RuntimeError("lifespan is not supported")
        message: Any = await receive()
        await ack(message, send)
        await receive()

    with pytest.raises(ValidationError, match="no receive\\(\\) after the last message"):
        await deliver(receive_once_too_often, [b""])
    with pytest.raises(RuntimeError, match="after the last message of the batch"):
        await deliver(receive_once_too_often, [b""], validate=False)


async def test_an_unknown_key_in_a_sent_event_warns_and_is_recorded_as_sent() -> None:
    async def ack_with_extra(message: dict[str, Any], send: AMGISendCallable) -> None:
        await send({"type": "message.ack", "id": message["id"], "trace": "t"})  # type: ignore[typeddict-unknown-key]

    with pytest.warns(UserWarning, match='"trace"'):
        result = await deliver(consumer(ack_with_extra), [b""])
    result.assert_acked()


async def test_an_application_that_sends_a_lifespan_event_in_a_message_scope_is_refused() -> None:
    async def wrong(message: dict[str, Any], send: AMGISendCallable) -> None:
        await send({"type": "lifespan.startup.complete"})

    with pytest.raises(ValidationError, match="only message events in a message scope"):
        await deliver(consumer(wrong), [b""])
    with pytest.raises(ValueError, match=r"'lifespan\.startup\.complete' event in a message scope"):
        await deliver(consumer(wrong), [b""], validate=False)


def test_run_delivers_one_batch_with_lifespan_on_its_own_loop() -> None:
    calls: list[str] = []

    async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
        calls.append(scope["type"])
        if scope["type"] == "lifespan":
            await receive()
            await send({"type": "lifespan.startup.complete"})
            await receive()
            await send({"type": "lifespan.shutdown.complete"})
            return
        await ack(dict(await receive()), send)

    run(app, "orders", [b"{}"]).assert_acked()
    assert calls == ["lifespan", "message"]
    with pytest.raises(ValidationError):
        run(consumer(lambda message, send: send({"type": "message.ack", "id": "nope"})), "q", [b""])


async def test_what_an_application_changes_in_its_scope_stays_in_its_batch() -> None:
    scopes: list[Any] = []

    async def vandal(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
        if scope["type"] != "message":
            raise RuntimeError("lifespan is not supported")
        scopes.append(scope)
        scope["amgi"]["version"] = "9.9"  # type: ignore[typeddict-item]
        scope.get("extensions", {})["message.ack.out_of_order"]["changed"] = True  # type: ignore[index]
        del scope["extensions"]["message.ack.out_of_order"]  # type: ignore[attr-defined]
        await consumer(ack)(scope, receive, send)

    async with InMemoryServer(vandal, extensions={"message.ack.out_of_order": {}}) as server:
        with warnings.catch_warnings():
            # The second batch's scope is whole again: no unknown key in it.
            warnings.simplefilter("error")
            await server.deliver("q", [b""])
            await server.deliver("q", [b""])
    assert scopes[1]["amgi"] is not scopes[0]["amgi"]
    assert scopes[1]["extensions"] is not scopes[0]["extensions"]
