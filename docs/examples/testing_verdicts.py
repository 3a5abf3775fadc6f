"""What amgi_types.testing says of applications that break the protocol."""

from typing import Any

from amgi_types import AMGIReceiveCallable, AMGISendCallable, Scope
from amgi_types.testing import run
from amgi_types.validate import ValidationError


async def forgetful(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    """Acks every message of a batch but the last."""
    if scope["type"] != "message":
        raise NotImplementedError("no lifespan")
    more_messages = True
    while more_messages:
        message = await receive()
        if message["type"] != "message.receive":
            raise RuntimeError(f"unexpected {message['type']!r} event in a message batch")
        more_messages = message.get("more_messages", False)
        if more_messages:
            await send({"type": "message.ack", "id": message["id"]})


async def forgiving(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    """Copies each message to "audit", and nacks a message whenever that
    raises, as the specification's own example does."""
    if scope["type"] != "message":
        raise NotImplementedError("no lifespan")
    more_messages = True
    while more_messages:
        message = await receive()
        if message["type"] != "message.receive":
            raise RuntimeError(f"unexpected {message['type']!r} event in a message batch")
        more_messages = message.get("more_messages", False)
        try:
            # Built where no type checker looks, with a [name, value] list.
            copy: Any = {"type": "message.send", "address": "audit", "headers": [[b"from", b"x"]]}
            await send(copy)
            await send({"type": "message.ack", "id": message["id"]})
        except Exception as error:
            await send({"type": "message.nack", "id": message["id"], "message": str(error)})


def main() -> None:
    for app in (forgetful, forgiving):
        try:
            run(app, "orders", [b"first", b"last"])
        except ValidationError as error:
            print(f"{error.rule}: {error}")


if __name__ == "__main__":
    main()
