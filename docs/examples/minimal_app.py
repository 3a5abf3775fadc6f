"""A minimal AMGI application: print every message and acknowledge it."""

from amgi_types import AMGIReceiveCallable, AMGISendCallable, Scope


async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    if scope["type"] == "lifespan":
        # Nothing to set up or tear down, but the server waits for the complete events.
        while True:
            event = await receive()
            if event["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif event["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    else:
        # The scope is now a MessageScope: one call per batch of messages.
        more_messages = True
        while more_messages:
            event = await receive()
            if event["type"] != "message.receive":
                raise RuntimeError(f"unexpected {event['type']} event in a message batch")
            print(scope["address"], event["id"], event.get("payload"))
            await send({"type": "message.ack", "id": event["id"]})
            more_messages = event.get("more_messages", False)
