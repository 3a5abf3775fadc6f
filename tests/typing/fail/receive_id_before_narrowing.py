"""``receive()`` may return a lifespan event, which has no ``id``: narrow first."""

from amgi_types import AMGIReceiveCallable, AMGISendCallable, Scope


async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    event = await receive()
    message_id = event["id"]  # expect-error
    await send({"type": "message.ack", "id": message_id})
