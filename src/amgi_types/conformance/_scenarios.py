"""The scenarios: each plays one rule of the specification against a server and judges it.

A scenario is a coroutine given a :class:`Context`: it starts the server with
an application of its own, publishes, watches what the application saw, and
raises :class:`Failure` when the server broke the rule, or
:class:`NotApplicable` when the harness or the server lacks what the rule
needs. Everything the applications see is written to the context's
:class:`Trace`, with the time, from whichever thread the server runs them in.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from amgi_types import (
    AMGIApplication,
    AMGIReceiveCallable,
    AMGISendCallable,
    MessageReceiveEvent,
    Scope,
)
from amgi_types.conformance._harness import Capabilities, Harness, Message

OUT_OF_ORDER = "message.ack.out_of_order"

# How long a scenario waits for something the server should do soon, and how
# long it watches for something the server must not do. Generous for a
# loaded machine; the runner's time limit per scenario is above their sum.
_SOON = 4.0
_QUIET = 2.0


class Failure(Exception):
    """The server broke the scenario's rule; the text says how."""


class NotApplicable(Exception):
    """The rule cannot be tried on this harness or server; the text says why."""


@dataclass(frozen=True)
class Entry:
    """One thing an application saw or did, at ``at`` (``time.monotonic()``)."""

    at: float
    kind: str
    data: dict[str, Any]


class Trace:
    """What the scenario's applications saw and did, in order; safe to add to from any thread."""

    def __init__(self) -> None:
        self._entries: list[Entry] = []
        self._lock = threading.Lock()

    def add(self, kind: str, **data: Any) -> Entry:
        entry = Entry(time.monotonic(), kind, data)
        with self._lock:
            self._entries.append(entry)
        return entry

    def all(self, kind: str) -> list[Entry]:
        with self._lock:
            return [entry for entry in self._entries if entry.kind == kind]

    def first(self, kind: str) -> Entry | None:
        found = self.all(kind)
        return found[0] if found else None


@dataclass
class Context:
    """What a scenario works with: the harness, its addresses, and the trace."""

    harness: Harness
    #: The address the server consumes from, and the one the application sends to.
    address: str
    out: str
    #: Wraps each application the scenario starts (the runner's checks).
    wrap: Callable[[AMGIApplication], AMGIApplication]
    trace: Trace = field(default_factory=Trace)
    started: bool = False
    stopped: bool = False

    @property
    def capabilities(self) -> Capabilities:
        return self.harness.capabilities

    async def start(self, app: AMGIApplication) -> None:
        self.started = True
        await self.harness.start(self.wrap(app), consume=[self.address], watch=[self.out])

    async def stop(self) -> None:
        self.stopped = True
        await self.harness.stop()

    async def publish(self, *messages: Message) -> None:
        await self.harness.publish(self.address, messages)

    async def publish_tolerating(self, *messages: Message) -> BaseException | None:
        """Publish, keeping what the publication raised (a serverless invocation that failed)."""
        try:
            await self.publish(*messages)
        except Exception as exception:
            self.trace.add("publish.raised", exception=exception)
            return exception
        return None

    async def until(self, ready: Callable[[], bool], what: str, seconds: float = _SOON) -> None:
        """Wait for ``ready()``; fail saying ``what`` did not happen."""
        deadline = time.monotonic() + seconds
        while not ready():
            if time.monotonic() > deadline:
                raised = self.trace.first("receive.raised")
                if raised is not None:
                    exception = raised.data["exception"]
                    what += f" (receive() raised {type(exception).__name__}: {exception})"
                raise Failure(f"{what} within {seconds:g} s")
            await asyncio.sleep(0.01)

    async def batches(self, count: int, seconds: float = _SOON) -> list[Entry]:
        """The first ``count`` finished batches, waited for."""
        await self.until(
            lambda: len(self.trace.all("batch")) >= count,
            f"the server did not deliver {count} batch{'es' if count > 1 else ''}",
            seconds,
        )
        return self.trace.all("batch")[:count]

    async def messages(self, count: int, seconds: float = _SOON) -> list[Entry]:
        """The finished batches that hold the first ``count`` messages, waited for."""

        def received() -> int:
            return sum(len(entry.data["events"]) for entry in self.trace.all("batch"))

        await self.until(
            lambda: received() >= count,
            f"the application did not receive the {count} published messages",
            seconds,
        )
        return self.trace.all("batch")


@dataclass(frozen=True)
class Scenario:
    """A rule of the specification and the play that tries it against a server."""

    #: Stable: reports and tests name the scenario by it.
    id: str
    #: ``"MUST"`` or ``"SHOULD"``: the strength the rule has.
    level: str
    #: True when the rule is this project's, not AMGI 1.0's.
    addition: bool
    #: The page of the specification that states the rule, and the label of its section.
    page: str
    section: str
    #: What the scenario checks, in one line.
    title: str
    play: Callable[[Context], Awaitable[None]]


# --- The applications' building blocks ----------------------------------------------------


async def _lifespan(
    scope: Scope,
    receive: AMGIReceiveCallable,
    send: AMGISendCallable,
    trace: Trace,
    *,
    startup: Callable[[dict[str, Any] | None], Awaitable[None]] | None = None,
    fail: str | None = None,
) -> None:
    """The lifespan protocol, played correctly, every step traced."""
    trace.add("lifespan", scope=dict(scope))
    while True:
        event = await receive()
        trace.add(event["type"])
        if event["type"] == "lifespan.startup":
            if startup is not None:
                await startup(scope.get("state"))
            if fail is not None:
                trace.add("lifespan.startup.failed")
                await send({"type": "lifespan.startup.failed", "message": fail})
                return
            # Traced before the send: the server may start a batch before send() returns.
            trace.add("lifespan.startup.complete")
            await send({"type": "lifespan.startup.complete"})
        elif event["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def _receive_all(receive: AMGIReceiveCallable, limit: int) -> list[MessageReceiveEvent]:
    """The messages of the batch, up to ``limit`` of them (a server may never say the last)."""
    events: list[MessageReceiveEvent] = []
    while len(events) < limit:
        event = await receive()
        if event["type"] != "message.receive":
            break
        events.append(event)
        if not event.get("more_messages", False):
            break
    return events


Handler = Callable[[Scope, list[MessageReceiveEvent], AMGISendCallable, Trace], Awaitable[None]]


async def _ack_all(
    scope: Scope, events: list[MessageReceiveEvent], send: AMGISendCallable, trace: Trace
) -> None:
    for event in events:
        await send({"type": "message.ack", "id": event["id"]})


def _application(
    trace: Trace,
    *,
    handle: Handler = _ack_all,
    startup: Callable[[dict[str, Any] | None], Awaitable[None]] | None = None,
    fail: str | None = None,
    lifespan: bool = True,
    limit: int = 4,
) -> AMGIApplication:
    """An application that traces each batch it is given and lets ``handle`` answer it."""

    async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
        if scope["type"] == "lifespan":
            if not lifespan:
                raise RuntimeError("this application does not support the lifespan protocol")
            await _lifespan(scope, receive, send, trace, startup=startup, fail=fail)
            return
        start = trace.add("batch.start", scope=dict(scope))
        try:
            events = await _receive_all(receive, limit)
        except Exception as exception:
            trace.add("receive.raised", exception=exception)
            raise
        try:
            await handle(scope, events, send, trace)
        finally:
            trace.add("batch", scope=start.data["scope"], events=events, start=start.at)

    return app


def _payloads(batches: Sequence[Entry]) -> list[bytes | None]:
    return [event.get("payload") for entry in batches for event in entry.data["events"]]


# --- The scenarios ---------------------------------------------------------------------------


async def _startup_before_first_batch(ctx: Context) -> None:
    async def slow_startup(state: dict[str, Any] | None) -> None:
        await asyncio.sleep(1.0)

    await ctx.start(_application(ctx.trace, startup=slow_startup))
    await ctx.publish(Message(b"published during startup"))
    (batch,) = await ctx.batches(1)
    complete = ctx.trace.first("lifespan.startup.complete")
    if ctx.trace.first("lifespan.startup") is None:
        raise NotApplicable("the server never sent lifespan.startup")
    if complete is None or batch.data["start"] < complete.at:
        raise Failure("a batch began before the application completed lifespan.startup")


async def _state_copied(ctx: Context) -> None:
    shared = object()

    async def fill(state: dict[str, Any] | None) -> None:
        if state is not None:
            state["shared"] = shared

    async def rebind(
        scope: Scope, events: list[MessageReceiveEvent], send: AMGISendCallable, trace: Trace
    ) -> None:
        state = scope.get("state")
        trace.add("state", seen=None if state is None else dict(state))
        if state is not None:
            state["shared"] = "rebound by a batch"
            state["leaked"] = "added by a batch"
        await _ack_all(scope, events, send, trace)

    await ctx.start(_application(ctx.trace, startup=fill, handle=rebind))
    await ctx.publish(Message(b"first"))
    await ctx.batches(1)
    await ctx.publish(Message(b"second"))
    await ctx.batches(2)
    lifespan = ctx.trace.first("lifespan")
    lifespan_state = None if lifespan is None else lifespan.data["scope"].get("state")
    first, second = (entry.data["seen"] for entry in ctx.trace.all("state")[:2])
    if lifespan_state is None:
        if first is not None or second is not None:
            raise Failure("the message scopes hold state but the lifespan scope has none")
        raise NotApplicable("the server does not support state")
    for seen in (first, second):
        if seen is None:
            raise Failure("a message scope has no state though the lifespan scope had one")
        if seen.get("shared") is not shared:
            raise Failure(
                "a message scope's state does not hold the object the lifespan startup stored"
            )
        if "leaked" in seen:
            raise Failure("a key one batch added to its state was in the next batch's state")


async def _startup_failed(ctx: Context) -> None:
    try:
        await ctx.start(_application(ctx.trace, fail="the conformance suite fails this startup"))
    except Exception as exception:
        ctx.trace.add("start.raised", exception=exception)
    await ctx.publish_tolerating(Message(b"after a failed startup"))
    await asyncio.sleep(0.2)
    await ctx.publish_tolerating(Message(b"after a failed startup, again"))
    await asyncio.sleep(_QUIET)
    if ctx.trace.first("lifespan.startup") is None:
        raise NotApplicable("the server never sent lifespan.startup")
    if ctx.trace.first("batch.start") is not None:
        raise Failure("a batch was delivered after the application sent lifespan.startup.failed")


async def _without_lifespan(ctx: Context) -> None:
    await ctx.start(_application(ctx.trace, lifespan=False))
    await ctx.publish(Message(b"to an application without lifespan"))
    await ctx.batches(1)


async def _scope_keys(ctx: Context) -> None:
    await ctx.start(_application(ctx.trace))
    await ctx.publish(Message(b"look at the scope"))
    (batch,) = await ctx.batches(1)
    scope = batch.data["scope"]
    if scope.get("type") != "message":
        raise Failure(f'scope["type"] is {scope.get("type")!r}, not "message"')
    amgi: Any = scope.get("amgi")
    try:
        version, spec_version = amgi["version"], amgi["spec_version"]
    except (TypeError, KeyError):
        raise Failure(f'scope["amgi"] is {amgi!r}, not the two versions') from None
    if version != "1.0":
        raise Failure(f'scope["amgi"]["version"] is {version!r}, not "1.0"')
    if spec_version != "1.0":
        raise Failure(f'scope["amgi"]["spec_version"] is {spec_version!r}, not "1.0"')
    if scope.get("address") != ctx.address:
        raise Failure(
            f'scope["address"] is {scope.get("address")!r}, not the address published to '
            f"({ctx.address!r})"
        )


async def _payload(ctx: Context) -> None:
    published = "AMGI conformance: ünïcode ✓".encode()
    await ctx.start(_application(ctx.trace))
    await ctx.publish(Message(published))
    batches = await ctx.messages(1)
    received = _payloads(batches)[0]
    if received != published:
        raise Failure(f"the payload arrived as {received!r}, published as {published!r}")


async def _headers(ctx: Context) -> None:
    if not ctx.capabilities.headers:
        raise NotApplicable("the broker carries no headers")
    published = ((b"x-amgi-first", b"1"), (b"x-amgi-second", "ü".encode()))
    await ctx.start(_application(ctx.trace))
    await ctx.publish(Message(b"with headers", headers=published))
    (batch, *_) = await ctx.messages(1)
    received = [tuple(pair) for pair in batch.data["events"][0]["headers"]]
    if sorted(received) != sorted(published):
        raise Failure(f"the headers arrived as {received!r}, published as {list(published)!r}")


async def _ids_and_more_messages(ctx: Context) -> None:
    published = [Message(b"one"), Message(b"two"), Message(b"three")]
    await ctx.start(_application(ctx.trace, limit=len(published) + 1))
    await ctx.publish(*published)
    batches = await ctx.messages(len(published))
    for entry in batches:
        events = entry.data["events"]
        ids = [event["id"] for event in events]
        if len(set(ids)) != len(ids):
            raise Failure(f"the ids within a batch repeat: {ids!r}")
        more = [event.get("more_messages", False) for event in events]
        if more[-1] or not all(more[:-1]):
            raise Failure(
                f"more_messages was {more!r} in a batch of {len(events)}: true on each message "
                "but the last, false on the last"
            )
    if sorted(_payloads(batches), key=repr) != sorted(
        (message.payload for message in published), key=repr
    ):
        raise Failure(f"the batches held {_payloads(batches)!r}, not the published messages")
    if ctx.capabilities.batches and len(batches) != 1:
        raise Failure(f"the messages of one publication came in {len(batches)} batches, not one")


async def _answer(
    send: AMGISendCallable, event: MessageReceiveEvent, trace: Trace, *, nack: bool
) -> None:
    """Ack or nack ``event``, tracing what ``send()`` raised."""
    answer: Any = (
        {"type": "message.nack", "id": event["id"], "message": "the conformance suite nacks this"}
        if nack
        else {"type": "message.ack", "id": event["id"]}
    )
    try:
        await send(answer)
    except Exception as exception:
        trace.add("answer.raised", answer=answer["type"], exception=exception)


def _answer_raised(trace: Trace) -> None:
    raised = trace.first("answer.raised")
    if raised is not None:
        exception = raised.data["exception"]
        raise Failure(
            f'send() raised {type(exception).__name__}: {exception} for a "{raised.data["answer"]}"'
        )


async def _acks_in_order(ctx: Context) -> None:
    async def ack_and_nack(
        scope: Scope, events: list[MessageReceiveEvent], send: AMGISendCallable, trace: Trace
    ) -> None:
        for event in events:
            await _answer(send, event, trace, nack=event.get("payload") == b"nack me")

    published = [Message(b"ack me"), Message(b"nack me"), Message(b"ack me too")]
    await ctx.start(_application(ctx.trace, handle=ack_and_nack))
    await ctx.publish(*published)
    await ctx.messages(len(published))
    _answer_raised(ctx.trace)
    await asyncio.sleep(0.2)
    forwarded = await ctx.harness.sent(ctx.out)
    if forwarded:
        raise Failure(f"acks or nacks reached the broker as messages: {list(forwarded)!r}")


async def _acks_out_of_order(ctx: Context) -> None:
    if not ctx.capabilities.batches:
        raise NotApplicable("the broker delivers batches of one, where every order is the same")

    async def reverse(
        scope: Scope, events: list[MessageReceiveEvent], send: AMGISendCallable, trace: Trace
    ) -> None:
        extensions: Any = scope.get("extensions") or {}
        if OUT_OF_ORDER not in extensions:
            trace.add("no extension")
            await _ack_all(scope, events, send, trace)
            return
        for index, event in reversed(list(enumerate(events))):
            await _answer(send, event, trace, nack=index == 1)

    published = [Message(b"first"), Message(b"second"), Message(b"third")]
    await ctx.start(_application(ctx.trace, handle=reverse))
    await ctx.publish(*published)
    await ctx.messages(len(published))
    if ctx.trace.first("no extension") is not None:
        raise NotApplicable(f'the server does not advertise "{OUT_OF_ORDER}"')
    _answer_raised(ctx.trace)


async def _raise_mid_batch(ctx: Context) -> None:
    calls = 0

    async def fail_first(
        scope: Scope, events: list[MessageReceiveEvent], send: AMGISendCallable, trace: Trace
    ) -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            await send({"type": "message.ack", "id": events[0]["id"]})
            trace.add("raising")
            raise RuntimeError("the conformance suite's application fails this batch")
        await _ack_all(scope, events, send, trace)

    await ctx.start(_application(ctx.trace, handle=fail_first))
    first = [Message(b"before the failure"), Message(b"in the failing batch")]
    await ctx.publish_tolerating(*(first if ctx.capabilities.batches else first[:1]))
    await ctx.until(
        lambda: ctx.trace.first("raising") is not None, "the server did not deliver the batch"
    )
    await asyncio.sleep(0.2)
    await ctx.publish_tolerating(Message(b"after the failure"))
    await ctx.until(
        lambda: b"after the failure" in _payloads(ctx.trace.all("batch")),
        "after the application raised, the next message was not delivered",
    )


async def _send_reaches_broker(ctx: Context) -> None:
    headers = ((b"x-amgi-sent", b"by the application"),)
    payload = "sent by the application ✓".encode()

    async def send_one(
        scope: Scope, events: list[MessageReceiveEvent], send: AMGISendCallable, trace: Trace
    ) -> None:
        try:
            await send(
                {"type": "message.send", "address": ctx.out, "headers": headers, "payload": payload}
            )
        except Exception as exception:
            trace.add("send.raised", exception=exception)
        await _ack_all(scope, events, send, trace)

    await ctx.start(_application(ctx.trace, handle=send_one))
    await ctx.publish(Message(b"send something"))
    await ctx.batches(1)
    found: Sequence[Message] = ()

    async def arrived() -> None:
        nonlocal found
        deadline = time.monotonic() + _SOON
        while not found and time.monotonic() < deadline:
            found = await ctx.harness.sent(ctx.out)
            await asyncio.sleep(0.02)

    await arrived()
    raised = ctx.trace.first("send.raised")
    if raised is not None:
        exception = raised.data["exception"]
        raise Failure(f"send() raised {type(exception).__name__}: {exception}")
    if not found:
        raise Failure(f"nothing reached the broker at {ctx.out!r}")
    (message, *more) = found
    if more:
        raise Failure(f"{len(found)} messages reached the broker for one message.send")
    if message.payload != payload:
        raise Failure(f"the payload reached the broker as {message.payload!r}, sent as {payload!r}")
    if ctx.capabilities.headers and sorted(message.headers) != sorted(headers):
        raise Failure(f"the headers reached the broker as {message.headers!r}, sent as {headers!r}")


async def _failed_send_raises_oserror(ctx: Context) -> None:
    refused = ctx.capabilities.refused_address
    if refused is None:
        raise NotApplicable("the harness has no way to make a send fail")

    async def send_refused(
        scope: Scope, events: list[MessageReceiveEvent], send: AMGISendCallable, trace: Trace
    ) -> None:
        try:
            # Asks for the broker's confirmation where the protocol makes it a choice; the
            # bindings of other protocols are ignored.
            await send(
                {
                    "type": "message.send",
                    "address": refused,
                    "headers": [],
                    "payload": b"refused",
                    "bindings": {"mqtt": {"qos": 1}},
                }
            )
        except Exception as exception:
            trace.add("send.raised", exception=exception)
        else:
            trace.add("send.returned")
        await _ack_all(scope, events, send, trace)

    await ctx.start(_application(ctx.trace, handle=send_refused))
    await ctx.publish(Message(b"send to a refused address"))
    await ctx.batches(1, seconds=_SOON * 2)
    raised = ctx.trace.first("send.raised")
    if raised is None:
        raise Failure("send() returned for a message the broker refused")
    exception = raised.data["exception"]
    if not isinstance(exception, OSError):
        raise Failure(
            f"a failed send raised {type(exception).__module__}.{type(exception).__qualname__}"
            f" ({exception}), not a subclass of OSError"
        )


async def _shutdown_waits(ctx: Context) -> None:
    async def slow(
        scope: Scope, events: list[MessageReceiveEvent], send: AMGISendCallable, trace: Trace
    ) -> None:
        await asyncio.sleep(0.5)
        await _ack_all(scope, events, send, trace)

    await ctx.start(_application(ctx.trace, handle=slow))
    publishing = asyncio.ensure_future(ctx.publish(Message(b"a slow batch")))
    await ctx.until(
        lambda: ctx.trace.first("batch.start") is not None, "the server did not deliver the batch"
    )
    await ctx.stop()
    await publishing
    batch = ctx.trace.first("batch")
    if batch is None:
        raise Failure("the server stopped before the running batch returned")
    shutdown = ctx.trace.first("lifespan.shutdown")
    if shutdown is None:
        raise Failure("the server stopped without sending lifespan.shutdown")
    if shutdown.at < batch.at:
        raise Failure("lifespan.shutdown was sent while a batch was still running")


async def _unacked_not_acked(ctx: Context) -> None:
    if not ctx.capabilities.redelivery:
        raise NotApplicable("the broker does not deliver a message again")

    async def nack_first(
        scope: Scope, events: list[MessageReceiveEvent], send: AMGISendCallable, trace: Trace
    ) -> None:
        for event in events:
            await _answer(send, event, trace, nack=len(trace.all("batch")) == 0)

    await ctx.start(_application(ctx.trace, handle=nack_first))
    await ctx.publish(Message(b"nacked, then delivered again"))
    await ctx.messages(2, seconds=_SOON * 2)


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "lifespan.startup.before-first-batch",
        "MUST",
        False,
        "lifespan",
        "lifespan-order",
        "No batch before the application completed lifespan.startup",
        _startup_before_first_batch,
    ),
    Scenario(
        "lifespan.state.copied",
        "MUST",
        False,
        "lifespan",
        "lifespan-state",
        "Each message scope holds a copy of the lifespan state; one batch's changes stay its own",
        _state_copied,
    ),
    Scenario(
        "lifespan.startup.failed",
        "MUST",
        False,
        "lifespan",
        "lifespan-startup-failed",
        "After lifespan.startup.failed, no batch is delivered",
        _startup_failed,
    ),
    Scenario(
        "lifespan.unsupported",
        "MUST",
        False,
        "lifespan",
        "lifespan-unsupported",
        "An application that raises on the lifespan scope still gets its messages",
        _without_lifespan,
    ),
    Scenario(
        "message.scope",
        "MUST",
        False,
        "message",
        "message-scope",
        'The scope: type "message", amgi versions "1.0", the address published to',
        _scope_keys,
    ),
    Scenario(
        "message.receive.payload",
        "MUST",
        False,
        "message",
        "message-receive",
        "The payload arrives as published",
        _payload,
    ),
    Scenario(
        "message.receive.headers",
        "MUST",
        False,
        "message",
        "headers",
        "The headers arrive as published, as pairs of bytes",
        _headers,
    ),
    Scenario(
        "message.batch.ids-more-messages",
        "MUST",
        False,
        "message",
        "batches",
        "Ids unique within a batch; more_messages true on all but the last message",
        _ids_and_more_messages,
    ),
    Scenario(
        "message.ack.delivery-order",
        "MUST",
        False,
        "message",
        "batches",
        "Acks and nacks in delivery order are accepted, and do not reach the broker as messages",
        _acks_in_order,
    ),
    Scenario(
        "message.ack.out-of-order",
        "MUST",
        False,
        "extensions",
        "ext-ack-out-of-order",
        "With the out-of-order extension, acks and nacks in any order are accepted",
        _acks_out_of_order,
    ),
    Scenario(
        "message.batch.application-raises",
        "MUST",
        True,
        "message",
        "batch-end",
        "An application raising mid-batch ends the batch, not the server",
        _raise_mid_batch,
    ),
    Scenario(
        "message.batch.unacked-redelivered",
        "MUST",
        True,
        "message",
        "batch-end",
        "A nacked message is not acked at the broker: it is delivered again",
        _unacked_not_acked,
    ),
    Scenario(
        "message.send",
        "MUST",
        False,
        "message",
        "message-send",
        "message.send reaches the broker with its payload and headers",
        _send_reaches_broker,
    ),
    Scenario(
        "message.send.failure-oserror",
        "SHOULD",
        False,
        "message",
        "send-returns",
        "A send the broker refuses raises a subclass of OSError",
        _failed_send_raises_oserror,
    ),
    Scenario(
        "lifespan.shutdown.waits",
        "MUST",
        True,
        "lifespan",
        "lifespan-order",
        "Shutdown waits for the running batch before lifespan.shutdown",
        _shutdown_waits,
    ),
)
