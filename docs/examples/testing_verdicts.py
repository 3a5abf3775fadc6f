"""What amgi_types.testing says of an application that breaks the protocol."""

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


def main() -> None:
    try:
        run(forgetful, "orders", [b"first", b"last"])
    except ValidationError as error:
        print(error)


if __name__ == "__main__":
    main()
