"""The message-format specification's example application, fully annotated.

Two changes make it type-check: ``receive()``'s result is narrowed to a
``message.receive`` event before its keys are read, and ``more_messages`` is
read with the spec's default (missing means ``False``).
"""

from collections.abc import Mapping, Sequence

from amgi_types import (
    AMGIApplication,
    AMGIReceiveCallable,
    AMGISendCallable,
    Scope,
)


def handle(
    headers: Sequence[tuple[bytes, bytes]],
    payload: bytes | None,
    bindings: Mapping[str, object],
) -> None:
    if payload is None and not headers and not bindings:
        raise ValueError("empty message")


async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    if scope["type"] == "message":
        more_messages = True
        while more_messages:
            message = await receive()
            assert message["type"] == "message.receive"
            message_id = message["id"]
            try:
                headers = message["headers"]
                payload = message.get("payload")
                bindings = message.get("bindings", {})
                handle(headers, payload, bindings)
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
        pass  # Handle other types


application: AMGIApplication = app
