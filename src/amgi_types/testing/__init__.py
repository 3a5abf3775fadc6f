"""Test an AMGI application in memory, every call checked against the specification.

:class:`InMemoryServer` is a reference AMGI server without a broker: it runs
the lifespan protocol when entered and left, calls the application once per
batch given to :meth:`~InMemoryServer.deliver`, and records what the
application acked, nacked and sent in a :class:`BatchResult`. By default the
application runs inside :func:`amgi_types.validate.validator`, strict, so any
protocol fault fails the test with a :class:`~amgi_types.validate.ValidationError`
naming the rule. :func:`run` does the same for one batch in one call.

It uses the standard library only, runs under asyncio, trio or any other
async library, and ``import amgi_types`` does not import it.
"""

from __future__ import annotations

import asyncio
import enum
import json as _json
import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

from amgi_types import (
    AMGIApplication,
    AMGIReceiveEvent,
    AMGISendEvent,
    AMGIVersions,
    LifespanScope,
    MessageReceiveEvent,
    MessageScope,
    MessageSendEvent,
)
from amgi_types.testing._lifespan import LifespanCall
from amgi_types.validate import ValidationError, Violation, validator

if TYPE_CHECKING:
    # Annotations only: nothing is imported at run time.
    from typing_extensions import Self

__all__ = [
    "BatchResult",
    "InMemoryServer",
    "LifespanShutdownFailed",
    "LifespanStartupFailed",
    "Message",
    "MessageSendError",
    "run",
]

_logger = logging.getLogger(__name__)


def _amgi() -> AMGIVersions:
    # A new dict for each scope: an application may change its own.
    return {"version": "1.0", "spec_version": "1.0"}


class MessageSendError(OSError):
    """The in-memory server failed to send a message: what
    :meth:`InMemoryServer.fail_sends` makes ``send()`` raise by default, the
    server-specific subclass of :py:exc:`OSError` the specification asks for."""


class LifespanStartupFailed(Exception):
    """The application answered ``lifespan.startup`` with
    ``lifespan.startup.failed``: the server delivers no message.

    :ivar message: The ``message`` of the application's event.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class LifespanShutdownFailed(Exception):
    """The application answered ``lifespan.shutdown`` with
    ``lifespan.shutdown.failed``.

    :ivar message: The ``message`` of the application's event.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Message:
    """A message to deliver, for when a bare ``bytes`` payload is not enough.

    :param payload: The message's body.
    :param headers: ``(name, value)`` byte-string pairs, kept as a tuple.
    :param bindings: The bindings of one protocol, such as
        ``{"kafka": {"key": b"order-17"}}``, as a received message carries them.
    :param id: The message's id; generated when not given.
    :raises TypeError: when a value has the wrong type, naming it.
    """

    payload: bytes | None = None
    headers: Sequence[tuple[bytes, bytes]] = ()
    bindings: Mapping[str, Mapping[str, Any]] | None = None
    id: str | None = None

    def __post_init__(self) -> None:
        # Read as plain objects: the annotations say what a caller should
        # pass, not what an untyped caller did.
        _require("Message payload", self.payload, bytes, optional=True)
        _require("Message id", self.id, str, optional=True)
        headers: tuple[object, ...] = tuple(self.headers)
        for index, pair in enumerate(headers):
            if not _is_header(pair):
                raise TypeError(
                    f"Message headers[{index}]: expected a (bytes, bytes) tuple, got {pair!r}"
                )
        object.__setattr__(self, "headers", headers)


class _Unset(enum.Enum):
    """The default of an :meth:`BatchResult.assert_sent` argument not given."""

    UNSET = enum.auto()


_UNSET = _Unset.UNSET


@dataclass(frozen=True)
class BatchResult:
    """What the application did with one batch.

    :ivar ids: The ids of the batch's messages, in delivery order.
    :ivar acked: The ids the application acked, in the order it acked them.
    :ivar nacked: Each id the application nacked, mapped to its reason.
    :ivar sent: The ``message.send`` events the application sent, in order:
        the very objects it gave to ``send()``.
    """

    ids: tuple[str, ...]
    acked: tuple[str, ...]
    nacked: Mapping[str, str]
    sent: tuple[MessageSendEvent, ...]

    def assert_acked(self, *ids: str) -> None:
        """Assert that every message, or each id given, was acked.

        :raises AssertionError: saying what became of each message that was
            not acked.
        """
        expected = ids or self.ids
        acked = set(self.acked)
        missing = [message_id for message_id in expected if message_id not in acked]
        if missing:
            raise AssertionError(f"expected {_ids(expected)} acked, but {self._fates(missing)}")

    def assert_nacked(self, *ids: str, match: str | None = None) -> None:
        """Assert that every message, or each id given, was nacked, and with
        ``match``, that ``re.search(match, reason)`` finds it in each reason.

        :raises AssertionError: saying what became of each message that was
            not nacked, or which reason does not match.
        """
        expected = ids or self.ids
        missing = [message_id for message_id in expected if message_id not in self.nacked]
        if missing:
            raise AssertionError(f"expected {_ids(expected)} nacked, but {self._fates(missing)}")
        if match is not None:
            unmatched = [
                f"{message_id!r} was nacked with {self.nacked[message_id]!r}"
                for message_id in expected
                if re.search(match, self.nacked[message_id]) is None
            ]
            if unmatched:
                raise AssertionError(
                    f"expected nack reasons matching {match!r}, but " + "; ".join(unmatched)
                )

    def assert_sent(
        self,
        address: str,
        *,
        payload: bytes | _Unset | None = _UNSET,
        json: object = _UNSET,
        headers: Iterable[tuple[bytes, bytes]] | _Unset = _UNSET,
        bindings: Mapping[str, Mapping[str, Any]] | _Unset | None = _UNSET,
    ) -> MessageSendEvent:
        """Assert that the application sent a message to ``address`` with
        each value given: the ``payload`` bytes, a payload that decodes as
        the JSON value ``json``, the ``headers`` pairs in order, the
        ``bindings``. Returns the first such ``message.send`` event.

        :raises AssertionError: listing what was sent, and where.
        """
        wanted: dict[str, object] = {}
        if payload is not _UNSET:
            wanted["payload"] = payload
        if json is not _UNSET:
            wanted["json"] = json
        if headers is not _UNSET:
            wanted["headers"] = list(headers)
        if bindings is not _UNSET:
            wanted["bindings"] = bindings
        for event in self.sent:
            if event["address"] == address and all(
                _sent_value(event, name) == value for name, value in wanted.items()
            ):
                return event
        described = ", ".join(f"{name}={value!r}" for name, value in wanted.items())
        raise AssertionError(
            f"expected a message.send to {address!r}"
            + (f" with {described}" if described else "")
            + ", but "
            + (
                "the application sent: " + "; ".join(_describe(event) for event in self.sent)
                if self.sent
                else "the application sent nothing"
            )
        )

    def _fates(self, ids: Iterable[str]) -> str:
        """What became of each id, for an assertion's message."""
        fates: list[str] = []
        for message_id in ids:
            if message_id in self.nacked:
                fates.append(f"{message_id!r} was nacked: {self.nacked[message_id]!r}")
            elif message_id in self.acked:
                fates.append(f"{message_id!r} was acked")
            elif message_id in self.ids:
                fates.append(f"{message_id!r} was neither acked nor nacked")
            else:
                fates.append(f"{message_id!r} is not in the batch (ids: {_ids(self.ids)})")
        return "; ".join(fates)


class InMemoryServer:
    """A reference AMGI server that lives in memory, for tests.

    Use it as an async context manager: entering runs the lifespan protocol
    up to ``lifespan.startup.complete``, leaving sends ``lifespan.shutdown``.
    In between, each :meth:`deliver` is one call of the application::

        async with InMemoryServer(app) as server:
            result = await server.deliver("orders", [b'{"id": 1}'])
        result.assert_acked()

    :param app: The application under test.
    :param validate: Run the application inside
        :func:`amgi_types.validate.validator`, strict (the default): a
        protocol fault of either side raises
        :class:`~amgi_types.validate.ValidationError`.
    :param extensions: The ``extensions`` of every message scope, such as
        ``{"message.ack.out_of_order": {}}``; none when ``None``.

    :ivar state: The lifespan state: what the application put in the
        lifespan scope's ``state``. Each batch's scope holds a shallow copy.
    """

    def __init__(
        self,
        app: AMGIApplication,
        *,
        validate: bool = True,
        extensions: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        self.state: dict[str, Any] = {}
        # The violations of every call, from whichever task or context, since
        # the last report to the test: a MUST broken that no exception
        # brought to the test is raised by the server itself (see
        # _raise_unreported).
        self._violations: list[Violation] = []
        self._app = validator(app, on_violation=self._violations.append) if validate else app
        self._extensions = extensions
        self._lifespan: LifespanCall | None = None
        # "new", then "running" once started, then "closed".
        self._phase = "new"
        self._sent: dict[str, list[MessageSendEvent]] = {}
        self._failing: dict[str, BaseException | None] = {}
        self._last_id = 0

    # ---- lifespan

    async def __aenter__(self) -> Self:
        if self._phase != "new":
            raise RuntimeError("an InMemoryServer is entered once")
        self._phase = "closed"
        scope: LifespanScope = {"type": "lifespan", "amgi": _amgi(), "state": self.state}
        call = LifespanCall(self._app, scope)
        try:
            await call.step()
        except Exception as error:
            self._started(call, error)
        except BaseException:
            self._violations.clear()
            raise
        else:
            self._started(call, None)
        self._phase = "running"
        return self

    def _started(self, call: LifespanCall, error: Exception | None) -> None:
        """Judge the lifespan call's first step, as the Lifespan page says."""
        if isinstance(error, ValidationError):
            # A protocol fault is neither opting out nor a failure to log.
            self._violations.clear()
            raise error
        try:
            self._raise_unreported()
        except ValidationError as fault:
            call.stop()
            raise fault from error
        failure = _failure(call, "lifespan.startup.")
        if failure is not None:
            call.stop()
            raise LifespanStartupFailed(failure) from error
        if call.answer("lifespan.startup.") is None:
            if not call.ended:
                call.stop()
                raise RuntimeError(
                    "the application awaited receive() again without answering lifespan.startup"
                ) from error
            # Raising or returning before startup completes: the
            # application does not take part in the lifespan protocol.
            if error is not None:
                _logger.info("the application does not support lifespan", exc_info=error)
            self.state = {}
            return
        if call.ended:
            if error is not None:
                _logger.error(
                    "the lifespan call raised after lifespan.startup.complete", exc_info=error
                )
            return
        self._lifespan = call

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._phase = "closed"
        call, self._lifespan = self._lifespan, None
        if call is not None:
            try:
                await call.step({"type": "lifespan.shutdown"})
            except Exception:
                self._violations.clear()
                if exc is None:
                    raise
                # The test's own exception is the one to see.
                _logger.exception("the lifespan call raised during shutdown")
                return
            if not call.ended:
                call.stop()
                if exc is None:
                    raise RuntimeError("the application awaited receive() after lifespan.shutdown")
        failure = _failure(call, "lifespan.shutdown.") if call is not None else None
        if exc is not None:
            if failure is not None:
                _logger.error("lifespan.shutdown.failed: %s", failure)
            return
        self._raise_unreported()
        if failure is not None:
            raise LifespanShutdownFailed(failure)

    def _raise_unreported(self) -> None:
        """Raise, as one ValidationError, every MUST broken since the last
        report that no exception brought to the test: one an application
        swallowed in a lifespan call that has not ended, or one of a task
        that outlived its call."""
        unreported = [violation for violation in self._violations if violation.level == "MUST"]
        self._violations.clear()
        if unreported:
            raise ValidationError(
                [violation.text for violation in unreported],
                unreported[0].side,
                violations=unreported,
            )

    # ---- messages

    async def deliver(
        self,
        address: str,
        messages: Iterable[bytes | Message],
        *,
        extensions: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> BatchResult:
        """Call the application once with a batch of ``messages`` for ``address``.

        :param messages: ``bytes`` payloads or :class:`Message` values; ids
            not given are generated, unique within the batch.
        :param extensions: The scope's ``extensions`` for this batch, in
            place of the server's.
        :returns: What the application acked, nacked and sent.
        :raises: Whatever the application raises, the very same object; a
            :class:`~amgi_types.validate.ValidationError` for a protocol fault.
        """
        if self._phase != "running":
            raise RuntimeError(
                "deliver() needs a started server: call it inside"
                " `async with InMemoryServer(app) as server:`"
            )
        _require("address", address, str)
        events = self._receive_events(messages)
        scope: MessageScope = {
            "type": "message",
            "amgi": _amgi(),
            "address": address,
            "state": dict(self.state),
        }
        chosen = self._extensions if extensions is None else extensions
        if chosen is not None:
            scope["extensions"] = {name: dict(value) for name, value in chosen.items()}
        batch = _Batch(events, self._send)
        try:
            await self._app(scope, batch.receive, batch.send)
        except BaseException:
            # What the validator found travels with this exception.
            self._violations.clear()
            raise
        self._raise_unreported()
        return BatchResult(
            tuple(event["id"] for event in events),
            tuple(batch.acked),
            batch.nacked,
            tuple(batch.sent),
        )

    def _receive_events(self, messages: Iterable[bytes | Message]) -> list[MessageReceiveEvent]:
        if isinstance(messages, (bytes, Message)):
            raise TypeError(
                f"messages: expected an iterable of bytes or Message values, got one"
                f" {_type(messages)}; put it in a list"
            )
        items: list[object] = list(messages)
        if not items:
            raise ValueError("messages: a batch holds at least one message")
        chosen = [item.id for item in items if isinstance(item, Message) and item.id is not None]
        given = set(chosen)
        if len(given) < len(chosen):
            _refuse_repeated_ids(items)
        events: list[MessageReceiveEvent] = []
        for index, item in enumerate(items):
            event: MessageReceiveEvent
            if isinstance(item, bytes):
                event = {
                    "type": "message.receive",
                    "id": self._new_id(given),
                    "headers": (),
                    "payload": item,
                    "more_messages": True,
                }
            elif isinstance(item, Message):
                event = {
                    "type": "message.receive",
                    "id": self._new_id(given) if item.id is None else item.id,
                    "headers": item.headers,
                    "payload": item.payload,
                    "more_messages": True,
                }
                if item.bindings is not None:
                    event["bindings"] = item.bindings
            else:
                raise TypeError(f"messages[{index}]: expected bytes or Message, got {_type(item)}")
            events.append(event)
        events[-1]["more_messages"] = False
        return events

    def _new_id(self, given: set[str]) -> str:
        while True:
            self._last_id += 1
            message_id = f"m{self._last_id}"
            if message_id not in given:
                return message_id

    def sent(self, address: str) -> list[MessageSendEvent]:
        """Every ``message.send`` event the application sent to ``address``,
        across batches, in order."""
        return list(self._sent.get(address, ()))

    def fail_sends(self, address: str, error: BaseException | None = None) -> None:
        """From now on, make ``send()`` of a ``message.send`` to ``address``
        raise ``error``, by default a new :class:`MessageSendError` each time."""
        self._failing[address] = error

    def _send(self, event: MessageSendEvent) -> None:
        address = event["address"]
        if address in self._failing:
            error = self._failing[address]
            if error is None:
                error = MessageSendError(f"message.send to {address!r} failed (fail_sends)")
            raise error
        self._sent.setdefault(address, []).append(event)


def _refuse_repeated_ids(items: list[object]) -> None:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if isinstance(item, Message) and item.id is not None:
            if item.id in seen:
                raise ValueError(f"messages[{index}]: id {item.id!r} is already in the batch")
            seen.add(item.id)


def _failure(call: LifespanCall, answers: str) -> str | None:
    """The message of the application's ``*.failed`` answer, if it sent one."""
    answer = call.answer(answers)
    if answer is not None and answer["type"] in (
        "lifespan.startup.failed",
        "lifespan.shutdown.failed",
    ):
        message: str = answer.get("message", "")
        return message
    return None


class _Batch:
    """The ``receive`` and ``send`` of one call of the application."""

    __slots__ = ("acked", "nacked", "pending", "publish", "sent")

    def __init__(
        self,
        events: list[MessageReceiveEvent],
        publish: Callable[[MessageSendEvent], None],
    ) -> None:
        self.publish = publish
        self.pending = iter(events)
        self.acked: list[str] = []
        self.nacked: dict[str, str] = {}
        self.sent: list[MessageSendEvent] = []

    async def receive(self) -> AMGIReceiveEvent:
        event = next(self.pending, None)
        if event is None:
            raise RuntimeError("receive() was called after the last message of the batch")
        return event

    async def send(self, event: AMGISendEvent, /) -> None:
        # Compared on the event itself, which narrows its type.
        if event["type"] == "message.ack":
            self.acked.append(event["id"])
        elif event["type"] == "message.nack":
            self.nacked[event["id"]] = event["message"]
        elif event["type"] == "message.send":
            self.publish(event)
            self.sent.append(event)
        else:
            raise ValueError(f"send() got a {event['type']!r} event in a message scope")


def run(app: AMGIApplication, address: str, messages: Iterable[bytes | Message]) -> BatchResult:
    """Start ``app`` in an :class:`InMemoryServer` with validation, deliver
    one batch, shut it down, on an event loop of its own; for scripts and
    doctests.

    >>> run(app, "orders", [b"{}"]).assert_acked()  # doctest: +SKIP
    """

    async def one_batch() -> BatchResult:
        async with InMemoryServer(app) as server:
            return await server.deliver(address, messages)

    return asyncio.run(one_batch())


def _sent_value(event: MessageSendEvent, name: str) -> object:
    if name == "json":
        try:
            return _json.loads(event.get("payload") or b"")
        except ValueError:
            return _UNSET
    if name == "headers":
        return list(event["headers"])
    return event.get(name)


def _describe(event: MessageSendEvent) -> str:
    text = f"to {event['address']!r} payload={event.get('payload')!r}"
    text += f" headers={list(event['headers'])!r}"
    if "bindings" in event:
        text += f" bindings={event['bindings']!r}"
    return text


def _is_header(pair: object) -> bool:
    if not isinstance(pair, tuple):
        return False
    items = cast("tuple[object, ...]", pair)
    return len(items) == 2 and isinstance(items[0], bytes) and isinstance(items[1], bytes)


def _require(where: str, value: object, expected: type, *, optional: bool = False) -> None:
    """Refuse a value of another type than its annotation says, naming it."""
    if not (isinstance(value, expected) or (optional and value is None)):
        either = " or None" if optional else ""
        raise TypeError(f"{where}: expected {expected.__name__}{either}, got {_type(value)}")


def _ids(ids: Iterable[str]) -> str:
    return ", ".join(repr(message_id) for message_id in ids)


def _type(value: object) -> str:
    return type(value).__name__
