"""Time per check of amgi_types.validate beside library peers and a floor.

One process, the same two events for every contender, interleaved rounds:
a typical ``message.send`` (3 headers, a 1 KiB payload, kafka bindings) and a
``message.ack``. Contenders: this module; pydantic's ``TypeAdapter`` (strict)
on the same TypedDict; ``typeguard.check_type``; beartype's ``is_bearable``;
and a hand-written ``isinstance`` chain for that one event, the floor. Each is
printed as the median time per check and as a ratio to the floor. Targets:
every peer slower than this module, this module within 1.3x of the floor.
A second floor also looks at the key objects, as this module must (a key
that compares like ``"id"`` but is not a str must not pass): it shows what
that care costs a hand-written check.

Then the cost per message of ``validator(app)`` around a trivial application
(receive, ack) against the bare application, as a ratio: the target is 4x.
Then the cost of one forward-compatible key in every message, its
``UnknownKeyWarning`` ignored, against the same batch without it: the target
is 2x. Then memory: the peak that tracemalloc measures during one
batch of 100,000 messages, under ``validator(app)`` and bare. The batch's
bookkeeping may grow with the batch; that nothing of it is kept once the
call returns is a test (tests/test_validate_middleware.py), not a figure.

Run: .venv/bin/python benchmarks/validate.py
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
import typing
import warnings
from collections.abc import Callable
from typing import Any

import typing_extensions
from beartype.door import is_bearable
from pydantic import TypeAdapter
from typeguard import check_type

from amgi_types import MessageAckEvent, MessageSendEvent
from amgi_types.validate import UnknownKeyWarning, check_send_event, validator

ROUNDS = 25
CALLS = 2_000

SEND = {
    "type": "message.send",
    "address": "orders",
    "headers": [(b"content-type", b"application/json"), (b"trace", b"abc123"), (b"retry", b"0")],
    "payload": b"x" * 1024,
    "bindings": {"kafka": {"key": b"order-17"}},
}
ACK = {"type": "message.ack", "id": "m-17"}
# Each contender is also asked about a malformed event of the same kind: a
# check that accepts it is shallower than the others, whatever its speed.
BAD_SEND = {**SEND, "payload": 1024}
BAD_ACK = {"type": "message.ack", "id": 17}


def floor_send(event: Any) -> None:
    """What a careful author would write by hand for this one event: only
    the kafka bindings are looked at, and unknown keys are found by count."""
    if not isinstance(event, dict) or event.get("type") != "message.send":
        raise ValueError("type")
    if not isinstance(event.get("address"), str):
        raise ValueError("address")
    headers = event.get("headers")
    if not isinstance(headers, (list, tuple)):
        raise ValueError("headers")
    for pair in headers:
        if not (
            isinstance(pair, tuple)
            and len(pair) == 2
            and isinstance(pair[0], bytes)
            and isinstance(pair[1], bytes)
        ):
            raise ValueError("header")
    present = 3
    if "payload" in event:
        present += 1
        payload = event["payload"]
        if payload is not None and not isinstance(payload, bytes):
            raise ValueError("payload")
    if "bindings" in event:
        present += 1
        bindings = event["bindings"]
        if not isinstance(bindings, dict):
            raise ValueError("bindings")
        kafka = bindings.get("kafka")
        if kafka is not None:
            if not isinstance(kafka, dict) or len(kafka) != ("key" in kafka):
                raise ValueError("kafka")
            key = kafka.get("key")
            if key is not None and not isinstance(key, bytes):
                raise ValueError("key")
    if len(event) != present:
        raise ValueError("unknown key")


def floor_ack(event: Any) -> None:
    if not (
        isinstance(event, dict)
        and len(event) == 2
        and event.get("type") == "message.ack"
        and isinstance(event.get("id"), str)
    ):
        raise ValueError("ack")


def with_exact_keys(floor: Callable[[Any], None]) -> Callable[[Any], None]:
    """The floor made as careful as this module's fast path about keys: an
    object that hashes and compares like ``"id"`` but is not a str is found
    by ``event["id"]``, so a sound check also looks at the key objects."""

    def check(event: Any) -> None:
        floor(event)
        for key in event:
            if type(key) is not str:
                raise ValueError("key")

    return check


def for_pydantic(tp: Any) -> Any:
    """The same TypedDict rebuilt with typing_extensions.TypedDict, which
    pydantic requires before Python 3.12; keys, totality and hints unchanged."""
    if typing_extensions.is_typeddict(tp):
        hints = typing.get_type_hints(tp, include_extras=True)
        fields = {key: for_pydantic(hint) for key, hint in hints.items()}
        return typing_extensions.TypedDict(tp.__name__, fields, total=tp.__total__)  # type: ignore[operator]
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is None or not args:
        return tp
    converted = tuple(for_pydantic(a) for a in args)
    if origin in (typing.Union, __import__("types").UnionType):
        return typing.Union[converted]  # noqa: UP007 (members known only at run time)
    if typing_extensions.get_origin(tp) in (
        typing_extensions.NotRequired,
        typing_extensions.Required,
    ):
        return typing_extensions.get_origin(tp)[converted[0]]
    if origin is typing.Literal:
        return tp
    return tp.copy_with(converted) if hasattr(tp, "copy_with") else origin[converted]


def contenders(tp: Any, floor: Callable[[Any], None]) -> dict[str, Callable[[Any], object]]:
    adapter = TypeAdapter(for_pydantic(tp))
    return {
        "floor (isinstance chain)": floor,
        "floor, exact str keys": with_exact_keys(floor),
        "amgi_types.validate": check_send_event,
        "pydantic TypeAdapter": lambda e: adapter.validate_python(e, strict=True),
        "typeguard.check_type": lambda e: check_type(e, tp),
        "beartype is_bearable": lambda e: is_bearable(e, tp),
    }


def rejects(function: Callable[[Any], object], value: Any) -> bool:
    try:
        result = function(value)
    except Exception:
        return True
    return result is False


def per_call(function: Callable[[Any], object], value: Any) -> float:
    start = time.perf_counter_ns()
    for _ in range(CALLS):
        function(value)
    return (time.perf_counter_ns() - start) / CALLS


def compare(title: str, event: Any, bad: Any, tp: Any, floor: Callable[[Any], None]) -> None:
    runners = contenders(tp, floor)
    for run in runners.values():
        run(event)  # each accepts the event before it is timed
    samples: dict[str, list[float]] = {name: [] for name in runners}
    for _ in range(ROUNDS):
        for name, run in runners.items():
            samples[name].append(per_call(run, event))
    floor_times = samples["floor (isinstance chain)"]
    print(f"\n{title}")
    for name, times in samples.items():
        # The ratio is taken within each round, so load that comes and goes
        # on the machine weighs on both sides of it alike.
        ratio = statistics.median(t / f for t, f in zip(times, floor_times, strict=True))
        verdict = "rejects" if rejects(runners[name], bad) else "ACCEPTS"
        print(
            f"  {name:26} {statistics.median(times):9.0f} ns   {ratio:6.2f}x floor"
            f"   {verdict} the malformed one"
        )


SCOPE = {"type": "message", "amgi": {"version": "1.0", "spec_version": "1.0"}, "address": "orders"}


def make_batch(size: int) -> list[dict[str, Any]]:
    return [
        {
            "type": "message.receive",
            "id": str(i),
            "headers": SEND["headers"],
            "payload": SEND["payload"],
            "more_messages": i < size - 1,
        }
        for i in range(size)
    ]


async def app(scope: Any, receive: Any, send: Any) -> None:
    """Receives each message of the batch and acks it."""
    more = True
    while more:
        message = await receive()
        await send({"type": "message.ack", "id": message["id"]})
        more = message.get("more_messages", False)


def run_batch(application: Any, batch: list[dict[str, Any]]) -> None:
    pending = iter(batch)

    async def receive() -> Any:
        return next(pending)

    async def send(event: Any) -> None:
        pass

    # Nothing here suspends, so one send() runs the batch to its end
    # without an event loop's own cost in the figure.
    try:  # noqa: SIM105 (contextlib.suppress would add its own cost to the timed call)
        application(SCOPE, receive, send).send(None)
    except StopIteration:
        pass


def middleware_cost() -> None:
    batch = make_batch(100)
    wrapped = validator(app)
    runs = {"bare app": app, "validator(app)": wrapped}
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(ROUNDS):
        for name, application in runs.items():
            start = time.perf_counter_ns()
            for _ in range(50):
                run_batch(application, batch)
            samples[name].append((time.perf_counter_ns() - start) / (50 * len(batch)))
    bare = statistics.median(samples["bare app"])
    checked = statistics.median(samples["validator(app)"])
    ratio = statistics.median(
        c / b for c, b in zip(samples["validator(app)"], samples["bare app"], strict=True)
    )
    print("\nper message, a batch of 100 received and acked by a trivial app")
    print(f"  bare app                   {bare:9.0f} ns")
    print(
        f"  validator(app)             {checked:9.0f} ns   {ratio:6.2f}x bare"
        f"   (+{checked - bare:.0f} ns per message)"
    )


def unknown_key_cost() -> None:
    """One forward-compatible key in each message, UnknownKeyWarning ignored,
    against the same batch without it, both under validator(app)."""
    plain = make_batch(100)
    extended = [{**message, "priority": 1} for message in plain]
    wrapped = validator(app)
    samples: dict[str, list[float]] = {"without": [], "with": []}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnknownKeyWarning)
        for _ in range(ROUNDS):
            for name, batch in (("without", plain), ("with", extended)):
                start = time.perf_counter_ns()
                for _ in range(50):
                    run_batch(wrapped, batch)
                samples[name].append((time.perf_counter_ns() - start) / (50 * len(batch)))
    ratio = statistics.median(
        w / p for w, p in zip(samples["with"], samples["without"], strict=True)
    )
    print("\nper message under validator(app), one unknown key per message, the warning ignored")
    print(f"  without the key            {statistics.median(samples['without']):9.0f} ns")
    print(
        f"  with the key               {statistics.median(samples['with']):9.0f} ns"
        f"   {ratio:6.2f}x without"
    )


def middleware_memory() -> None:
    batch = make_batch(100_000)
    print("\nmemory, the tracemalloc peak during one batch of 100,000 messages")
    for name, application in {"bare app": app, "validator(app)": validator(app)}.items():
        tracemalloc.start()
        run_batch(application, batch)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"  {name:26} {peak / 2**20:9.1f} MiB   ({peak / len(batch):.0f} bytes per message)")


def main() -> None:
    print(
        f"Python {sys.version.split()[0]}; median of {ROUNDS} interleaved rounds of {CALLS} calls"
    )
    compare(
        "message.send (3 headers, 1 KiB payload, kafka bindings)",
        SEND,
        BAD_SEND,
        MessageSendEvent,
        floor_send,
    )
    compare("message.ack", ACK, BAD_ACK, MessageAckEvent, floor_ack)
    middleware_cost()
    unknown_key_cost()
    middleware_memory()


if __name__ == "__main__":
    main()
