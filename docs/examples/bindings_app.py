"""Forward each order to a shipping address, keyed for Kafka and routed for AMQP alike."""

from amgi_types import AMGIReceiveCallable, AMGISendCallable, MessageSendEvent, Scope


async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    if scope["type"] != "message":
        raise NotImplementedError(f"no support for {scope['type']!r} scopes")
    more_messages = True
    while more_messages:
        event = await receive()
        if event["type"] != "message.receive":
            raise RuntimeError(f"unexpected {event['type']} event in a message batch")
        # Only a Kafka server fills these; under any other the key is None.
        key = event.get("bindings", {}).get("kafka", {}).get("key")
        forward: MessageSendEvent = {
            "type": "message.send",
            "address": "shipping",
            "headers": event["headers"],
            "payload": event.get("payload"),
            # Each server reads its own protocol's bindings and ignores the rest.
            "bindings": {
                "kafka": {"key": key},
                "amqp": {"routing_key": "shipping.orders", "delivery_mode": 2},
            },
        }
        await send(forward)
        await send({"type": "message.ack", "id": event["id"]})
        more_messages = event.get("more_messages", False)
