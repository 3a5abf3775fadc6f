"""The same forwarding, with each protocol's bindings typed: the opt-in style."""

from typing import cast

from amgi_types import (
    AMGIReceiveCallable,
    AMGISendCallable,
    AMQPMessageBindings,
    KafkaSendBindings,
    MessageReceiveBindings,
    MessageSendEvent,
    Scope,
)


async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    if scope["type"] != "message":
        raise NotImplementedError(f"no support for {scope['type']!r} scopes")
    more_messages = True
    while more_messages:
        event = await receive()
        if event["type"] != "message.receive":
            raise RuntimeError(f"unexpected {event['type']} event in a message batch")
        # Read through the reference of typed protocols: key is bytes | None.
        received = cast(MessageReceiveBindings, event.get("bindings", {}))
        key = received.get("kafka", {}).get("key")
        # Built as their protocols' TypedDicts, so a checker rejects a wrong
        # field or value here; they fit into the event without a cast.
        kafka: KafkaSendBindings = {"key": key}
        amqp: AMQPMessageBindings = {"routing_key": "shipping.orders", "delivery_mode": 2}
        forward: MessageSendEvent = {
            "type": "message.send",
            "address": "shipping",
            "headers": event["headers"],
            "payload": event.get("payload"),
            "bindings": {"kafka": kafka, "amqp": amqp},
        }
        await send(forward)
        await send({"type": "message.ack", "id": event["id"]})
        more_messages = event.get("more_messages", False)
