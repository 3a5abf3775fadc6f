"""``send`` takes send events: echoing a received message back is rejected."""

from amgi_types import AMGIReceiveCallable, AMGISendCallable, Scope


async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    event = await receive()
    if event["type"] == "message.receive":
        await send(event)  # expect-error
