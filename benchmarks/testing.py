"""Cost per message of InMemoryServer.deliver() beside validator(app) and the bare app.

One process, interleaved rounds, a batch of 100 messages (3 headers, a 1 KiB
payload) received and acked by a trivial application. Three contenders:

- the bare application, called with the smallest ``receive`` and ``send``
  there are (the next prebuilt event; a ``send`` that does nothing);
- ``validator(app)`` called the same way: the checking alone;
- ``server.deliver()`` of a started ``InMemoryServer`` (validation on, the
  default): the checking, plus what a server does per batch: building the
  scope and the receive events from the ``Message`` values, generating the
  ids, recording the acks, returning the ``BatchResult``.

Each is printed as the median time per message, and as a ratio: deliver()
to validator(app), the target being at most 1.5x.

Nothing here suspends, so each call is run to its end with one ``send()``
into its coroutine, without an event loop's own cost in the figures.

Run: .venv/bin/python benchmarks/testing.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable, Coroutine
from typing import Any

from amgi_types.testing import InMemoryServer, Message
from amgi_types.validate import validator

ROUNDS = 25
BATCHES = 50
SIZE = 100
TARGET = 1.5

HEADERS = [(b"content-type", b"application/json"), (b"trace", b"abc123"), (b"retry", b"0")]
PAYLOAD = b"x" * 1024
SCOPE = {
    "type": "message",
    "amgi": {"version": "1.0", "spec_version": "1.0"},
    "address": "orders",
    "state": {},
}


async def app(scope: Any, receive: Any, send: Any) -> None:
    """Receives each message of the batch and acks it; no lifespan."""
    if scope["type"] != "message":
        raise NotImplementedError("no lifespan")
    more = True
    while more:
        message = await receive()
        await send({"type": "message.ack", "id": message["id"]})
        more = message.get("more_messages", False)


def finish(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Run a coroutine that never suspends; return its result."""
    try:
        coroutine.send(None)
    except StopIteration as stop:
        return stop.value
    raise RuntimeError("the coroutine suspended")


def call_with(application: Any, batch: list[dict[str, Any]]) -> Callable[[], None]:
    def run() -> None:
        pending = iter(batch)

        async def receive() -> Any:
            return next(pending)

        async def send(event: Any) -> None:
            pass

        finish(application(SCOPE, receive, send))

    return run


def main() -> None:
    batch = [
        {
            "type": "message.receive",
            "id": str(i),
            "headers": HEADERS,
            "payload": PAYLOAD,
            "more_messages": i < SIZE - 1,
        }
        for i in range(SIZE)
    ]
    messages = [Message(PAYLOAD, HEADERS) for _ in range(SIZE)]
    server = InMemoryServer(app)
    finish(server.__aenter__())

    def deliver() -> None:
        finish(server.deliver("orders", messages)).assert_acked()

    contenders = {
        "bare app": call_with(app, batch),
        "validator(app)": call_with(validator(app), batch),
        "server.deliver()": deliver,
    }
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(ROUNDS):
        for name, run in contenders.items():
            start = time.perf_counter_ns()
            for _ in range(BATCHES):
                run()
            samples[name].append((time.perf_counter_ns() - start) / (BATCHES * SIZE))
    finish(server.__aexit__(None, None, None))

    medians = {name: statistics.median(values) for name, values in samples.items()}
    ratio = statistics.median(
        d / v for d, v in zip(samples["server.deliver()"], samples["validator(app)"], strict=True)
    )
    print(f"Python {sys.version.split()[0]}; median of {ROUNDS} interleaved rounds")
    print(f"per message, a batch of {SIZE} received and acked by a trivial app")
    for name, median in medians.items():
        print(f"  {name:18} {median:7.0f} ns   {median / medians['bare app']:5.2f}x bare")
    verdict = "within" if ratio <= TARGET else "OVER"
    print(f"  deliver() / validator(app): {ratio:.2f}x ({verdict} the {TARGET}x target)")


if __name__ == "__main__":
    main()
