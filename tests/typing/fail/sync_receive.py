"""``receive`` is awaited: a plain function returning an event is not a receive callable."""

from amgi_types import AMGIReceiveCallable, AMGIReceiveEvent


def receive() -> AMGIReceiveEvent:
    return {"type": "lifespan.shutdown"}


receiver: AMGIReceiveCallable = receive  # expect-error
