"""The Message format specification's example application, annotated with amgi_types."""

import logging
from collections.abc import Mapping, Sequence

from amgi_types import AMGIReceiveCallable, AMGISendCallable, Scope

logger = logging.getLogger(__name__)


async def handle_message(
    headers: Sequence[tuple[bytes, bytes]],
    payload: bytes | None,
    bindings: Mapping[str, object],
) -> None:
    """Do some message handling here! This one logs the payload as UTF-8 text."""
    text = "" if payload is None else payload.decode()
    logger.info("%d headers, bindings for %s: %s", len(headers), sorted(bindings), text)


async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    if scope["type"] == "message":
        more_messages = True
        while more_messages:
            message = await receive()
            # A message batch only ever receives messages; narrowing on the
            # type gives access to the message's keys.
            if message["type"] != "message.receive":
                raise RuntimeError(f"unexpected {message['type']!r} event in a message batch")
            message_id = message["id"]
            try:
                headers = message["headers"]
                payload = message.get("payload")
                bindings = message.get("bindings", {})
                await handle_message(headers, payload, bindings)
                await send(
                    {
                        "type": "message.ack",
                        "id": message_id,
                    }
                )
            except Exception as e:
                await send(
                    {
                        "type": "message.nack",
                        "id": message_id,
                        "message": str(e),
                    }
                )
            more_messages = message.get("more_messages", False)
    else:
        # Handle other types; raising for one it does not handle tells the
        # server so (under lifespan: this application does not use it).
        raise NotImplementedError(f"no support for {scope['type']!r} scopes")
