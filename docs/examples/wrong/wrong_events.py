"""Wrong events: a type checker rejects each before any server sees it."""

from amgi_types import (
    AMGISendCallable,
    MessageAckEvent,
    MessageNackEvent,
    MessageSendEvent,
)

ack: MessageAckEvent = {"type": "message.ack"}
nack: MessageNackEvent = {"type": "message.nack", "id": "m1", "reason": "unreadable"}
reply: MessageSendEvent = {
    "type": "message.send",
    "address": "replies",
    "headers": [],
    "payload": "pong",
}


async def answer(send: AMGISendCallable) -> None:
    await send({"type": "message.ack", "id": 42})
