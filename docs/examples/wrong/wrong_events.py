"""Wrong events: a type checker rejects each before any server sees it."""

from amgi_types import AMGIReceiveCallable, AMGISendCallable, MessageAckEvent, MessageNackEvent, MessageSendEvent, Scope


async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    if scope["type"] != "message":
        return
    event = await receive()
    if event["type"] == "message.receive":
        ack: MessageAckEvent = {"type": "message.ack"}
        nack: MessageNackEvent = {"type": "message.nack", "id": event["id"], "reason": "unreadable"}
        reply: MessageSendEvent = {"type": "message.send", "address": "replies", "headers": [], "payload": "pong"}
        await send({"type": "message.ack", "id": 42})
        await send(ack)
        await send(nack)
        await send(reply)
