"""Run-time conformance checks for AMGI servers and applications.

What :mod:`wsgiref.validate` is to WSGI: :func:`check_scope`,
:func:`check_receive_event` and :func:`check_send_event` check one value
against the package's TypedDicts, and :func:`validator` wraps an application
so that both the server and the application are held to the specification
while they talk.

The checks themselves are compiled from the TypedDicts in
:mod:`amgi_types.validate._checks`; this module holds the exceptions, the warnings and
the rules of the conversation. Keys the specification does not know never
raise (forward compatibility, as in ASGI): each is reported as an
:class:`UnknownKeyWarning`.

This module uses the standard library only; ``import amgi_types`` does not
import it.
"""

from __future__ import annotations

import warnings
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from amgi_types import (
    AMGIApplication,
    AMGIReceiveCallable,
    AMGIReceiveEvent,
    AMGISendCallable,
    AMGISendEvent,
    Scope,
)
from amgi_types.validate import _checks
from amgi_types.validate._checks import Checker, Found, mapping_items, plain_str, quoted, read_key

__all__ = [
    "ValidationError",
    "ValidationWarning",
    "UnknownKeyWarning",
    "check_scope",
    "check_receive_event",
    "check_send_event",
    "validator",
]


class ValidationError(ValueError):
    """A scope or event breaks the AMGI specification.

    A subclass of :class:`ValueError`: the value has the wrong shape or
    arrives at the wrong moment, which is not always a matter of types. It
    survives ``pickle`` and ``copy`` with its attributes, so it crosses
    process pools.

    :ivar errors: Every problem found, one line each, such as
        ``send event["headers"][2][0]: expected bytes, got str ('x')``.
        The message of the exception is these lines, the first
        twenty of them when there are more.
    :ivar side: ``"server"`` or ``"application"`` when raised by
        :func:`validator`, naming who broke the rule; ``None`` when raised by
        a ``check_*`` function.
    """

    def __init__(self, errors: Iterable[str], side: str | None = None) -> None:
        self.errors: tuple[str, ...] = tuple(errors)
        self.side = side
        if len(self.errors) == 1:
            text = self.errors[0]
        else:
            shown = self.errors[:_SHOWN_ERRORS]
            text = f"{len(self.errors)} problems:\n" + "\n".join(shown)
            if len(self.errors) > len(shown):
                text += f"\n... and {len(self.errors) - len(shown)} more in .errors"
        super().__init__(text)

    def __reduce__(self) -> tuple[Any, ...]:
        # The default rebuilds from the message, one error per character.
        return (type(self), (self.errors, self.side), self.__dict__)


_SHOWN_ERRORS = 20


class ValidationWarning(UserWarning):
    """A protocol violation reported by ``validator(app, strict=False)``.

    The message is the same text a :class:`ValidationError` would carry.
    """


class UnknownKeyWarning(ValidationWarning):
    """A key the specification does not define, in a scope, an event, a
    protocol's bindings or the extensions.

    Never an error, in any mode: a newer server or application may send keys
    an older one does not know. The message names the key's path and the
    keys known there, such as ``scope["route"]: unknown key (MessageScope has
    type, amgi, address, state, extensions)``, which tells a typo.
    """


def _outside() -> int:
    """The stack level of the nearest caller outside amgi_types' checks: a
    warning then points at the line that called a check, or at the
    application's ``send()`` or ``receive()``, or the server's call of the
    application."""
    # Imported here: only a warning needs it.
    import inspect

    level = 0
    frame = inspect.currentframe()
    while frame is not None and frame.f_globals.get("__name__") in _OWN_MODULES:
        frame = frame.f_back
        level += 1
    return level


_OWN_MODULES = (__name__, _checks.__name__)


def _warn_unknown(lines: Iterable[str]) -> None:
    for line in lines:
        warnings.warn(line, UnknownKeyWarning, stacklevel=_outside())


def _judge(checker: Checker, value: object) -> None:
    """Warn of every unknown key of a value the fast tests turned away, and
    raise if it holds a problem."""
    found = checker.thorough(value)
    _warn_unknown(found.unknown)
    if found.errors:
        raise ValidationError(found.errors)


def _public_check(
    checker: Checker, name: str, parameter: str, doc: str
) -> Callable[[object], None]:
    function = _checks.generate(checker, name, parameter, _judge, __name__)
    function.__doc__ = doc
    return function


check_scope = _public_check(
    _checks.scope_checker,
    "check_scope",
    "scope",
    """Check that ``scope`` is a well-formed :data:`amgi_types.Scope`.

    :raises ValidationError: listing every problem found.

    Each key the specification does not define is reported as an
    :class:`UnknownKeyWarning`.
    """,
)

check_receive_event = _public_check(
    _checks.receive_checker,
    "check_receive_event",
    "event",
    """Check that ``event`` is a well-formed :data:`amgi_types.AMGIReceiveEvent`.

    :raises ValidationError: listing every problem found.

    Each key the specification does not define is reported as an
    :class:`UnknownKeyWarning`.
    """,
)

check_send_event = _public_check(
    _checks.send_checker,
    "check_send_event",
    "event",
    """Check that ``event`` is a well-formed :data:`amgi_types.AMGISendEvent`.

    :raises ValidationError: listing every problem found, such as
        ``send event["headers"][2][0]: expected bytes, got str ('x')``.

    Each key the specification does not define is reported as an
    :class:`UnknownKeyWarning`.
    """,
)


# --------------------------------------------------------------------------
# The validating middleware: the rules of the conversation.

_OUT_OF_ORDER = "message.ack.out_of_order"
_SERVER = "server"
_APPLICATION = "application"
_STARTUP_ANSWERS = ("lifespan.startup.complete", "lifespan.startup.failed")

# The checks of the events of each scope type: events of a protocol are named
# after its scope type (``message.receive`` in a ``message`` scope).
_SCOPE_CHECKERS = {
    scope_type: (
        _checks.receive_checker.subset(scope_type + "."),
        _checks.send_checker.subset(scope_type + "."),
    )
    for scope_type in _checks.scope_checker.tags()
}


class _Call:
    """One call of the wrapped application.

    Its ``receive`` and ``send`` are the callables the application is given;
    they check each event, follow the protocol, and pass the very same
    objects on. What a batch needs to remember grows with the batch and is
    dropped when the call ends.
    """

    def __init__(
        self, scope: object, receive: AMGIReceiveCallable, send: AMGISendCallable, strict: bool
    ) -> None:
        self.strict = strict
        self.server_receive = receive
        self.server_send = send
        self.ended = False
        # Whether a receive() is out of turn: the call has ended, or the last
        # message of the batch was received.
        self.closed = False
        found = _checks.scope_checker.examine(scope)
        scope_type: str | None = None
        extensions: list[str | None] = []
        if found is None:
            # Exact dicts with exact str keys: read as they are.
            well_formed: Any = scope
            scope_type = well_formed["type"]
            extensions = list(well_formed.get("extensions", ()))
        else:
            self.report(_SERVER, "the scope is well-formed", found)
            if not found.errors:
                scope_type = plain_str(read_key(scope, "type"))
                extensions = _names(read_key(scope, "extensions"))
            # The protocol is followed only for a well-formed scope; for
            # another, events are still checked, each on its own.
        self.message_scope = scope_type == "message"
        # Whether acks are counted: a message scope, and the call not ended.
        self.counting = self.message_scope
        self.lifespan_scope = scope_type == "lifespan"
        self.scope_type = scope_type
        if scope_type is not None:
            self.receive_checker, self.send_checker = _SCOPE_CHECKERS[scope_type]
        else:
            self.receive_checker, self.send_checker = _checks.receive_checker, _checks.send_checker
        self.receive_fast = self.receive_checker.fast
        self.send_fast = self.send_checker.fast
        self.out_of_order = self.message_scope and _OUT_OF_ORDER in extensions
        # message scope: whether the last message was received: False, True,
        # or None when the server's events left it unknown.
        self.batch_over: bool | None = False
        self.position: dict[str, int] = {}  # id -> index in order
        self.order: list[str] = []  # ids in delivery order
        self.next = 0  # index in order of the oldest unanswered id
        self.early: set[int] = set()  # indexes answered ahead of next
        self.duplicated: set[str] = set()
        self.bad_ids: list[object] = []  # ids the server gave that are not str
        # lifespan scope
        self.received_startup = False
        self.received_shutdown = False
        self.startup_answer: str | None = None
        self.shutdown_answer: str | None = None

    # ---- reporting

    def violation(
        self, side: str, rule: str, details: Iterable[str], cause: BaseException | None = None
    ) -> None:
        lines = [f"{side} broke the rule '{rule}': {detail}" for detail in details]
        if not lines:
            return
        if self.strict:
            error = ValidationError(lines, side)
            error.__cause__ = cause
            raise error
        for line in lines:
            warnings.warn(line, ValidationWarning, stacklevel=_outside())

    def report(self, side: str, rule: str, found: Found) -> None:
        _warn_unknown(found.unknown)
        self.violation(side, rule, found.errors)

    def foreign(self, found: Found, general: Checker, value: object) -> str | None:
        """The type of a well-formed event of another scope type, quoted;
        None for any other event."""
        if not found.errors or self.scope_type is None:
            return None
        other = general.thorough(value)
        if other.errors:
            return None
        _warn_unknown(other.unknown)
        return quoted(plain_str(read_key(value, "type")) or "")

    def protocol_rule(self) -> str:
        return f"only {self.scope_type} events in a {self.scope_type} scope"

    # ---- receive()

    # The common case, a well-formed message answered in order, is kept to a
    # few operations inline; everything else goes to the methods after it.
    async def receive(self) -> AMGIReceiveEvent:
        late = self.closed
        if late:
            self.receive_out_of_turn()
        try:
            event = await self.server_receive()
        except Exception as exc:
            if self.closed and not late and not self.ended:
                self.overlapped(exc)
            raise
        if not self.closed and self.counting and self.receive_fast(event):
            message: Any = event  # a message.receive event: the check says so
            message_id = message["id"]
            if message_id not in self.position:
                self.position[message_id] = len(self.order)
                self.order.append(message_id)
                if message.get("more_messages") is not True:
                    self.batch_over = self.closed = True
                return event
        if self.ended:
            return event
        try:
            if self.closed and not late:
                self.overlapped()
            self.received_otherwise(event)
        except ValidationError:
            # Strict mode keeps the event from the application, which cannot
            # know whether the batch is over.
            self.batch_unknown()
            raise
        return event

    def received_otherwise(self, event: Any) -> None:
        if not self.receive_fast(event):
            self.received_slowly(event)
        elif self.message_scope:
            self.deliver(event["id"], event.get("more_messages") is True)
        elif self.lifespan_scope:
            self.received_lifespan(event["type"])

    def overlapped(self, cause: BaseException | None = None) -> None:
        """This receive() was awaited while another got the last message."""
        self.violation(
            _APPLICATION,
            "no receive() after the last message of a batch",
            ["receive() was awaited while another receive() got the last message"],
            cause,
        )

    def receive_out_of_turn(self) -> None:
        if self.ended:
            self.call_ended("receive()")
        else:
            self.violation(
                _APPLICATION,
                "no receive() after the last message of a batch",
                ["receive() was called after a message with more_messages false or missing"],
            )

    def received_slowly(self, event: object) -> None:
        found = self.receive_checker.thorough(event)
        foreign = self.foreign(found, _checks.receive_checker, event)
        if foreign is not None:
            self.violation(_SERVER, self.protocol_rule(), [f"receive() returned {foreign}"])
            self.batch_unknown()
            return
        self.report(_SERVER, "received events are well-formed", found)
        # Reached with a well-formed event, or in warning mode: what the
        # event says is followed where it can be read, so that the
        # application is not blamed for the server's fault.
        if self.message_scope:
            more = read_key(event, "more_messages")
            known_end = more is None or type(more) is bool
            message_id = read_key(event, "id")
            name = plain_str(message_id)
            if name is not None:
                self.deliver(name, more is True, known_end)
                return
            if message_id is not None:
                self.bad_ids.append(message_id)
            if known_end and self.batch_over is False:
                self.batch_over = self.closed = more is not True
            else:
                self.batch_unknown()
        elif self.lifespan_scope:
            event_type = plain_str(read_key(event, "type"))
            if event_type is not None and event_type in self.receive_checker.tags():
                self.received_lifespan(event_type)

    def batch_unknown(self) -> None:
        if self.batch_over is False:
            self.batch_over = None

    def deliver(self, message_id: str, more: bool, known_end: bool = True) -> None:
        if message_id in self.position:
            self.violation(
                _SERVER,
                "message ids are unique within a batch",
                [f"id {quoted(message_id)} was delivered twice"],
            )
            self.duplicated.add(message_id)
        else:
            self.position[message_id] = len(self.order)
            self.order.append(message_id)
        if self.batch_over is False:
            self.batch_over = not more if known_end else None
            self.closed = self.batch_over is True

    def received_lifespan(self, event_type: str) -> None:
        rule = "lifespan events in a legal order"
        if event_type == "lifespan.startup":
            if self.received_shutdown:
                self.violation(_SERVER, rule, ["lifespan.startup came after lifespan.shutdown"])
            elif self.received_startup:
                self.violation(_SERVER, rule, ["lifespan.startup was delivered twice"])
            self.received_startup = True
            return
        if self.received_shutdown:
            self.violation(_SERVER, rule, ["lifespan.shutdown was delivered twice"])
        elif not self.received_startup:
            self.violation(_SERVER, rule, ["lifespan.shutdown came before lifespan.startup"])
        elif self.startup_answer is None:
            self.violation(
                _SERVER,
                rule,
                ["lifespan.shutdown came before the application answered lifespan.startup"],
            )
        elif self.startup_answer == "lifespan.startup.failed":
            self.violation(
                _SERVER,
                rule,
                ["lifespan.shutdown came after the application answered lifespan.startup.failed"],
            )
        self.received_shutdown = True

    # ---- send()

    # Not a coroutine function: the server's own awaitable is handed back,
    # which saves a coroutine per ack.
    def send(self, event: AMGISendEvent, /) -> Awaitable[None]:
        if self.counting and self.send_fast(event):
            answer: Any = event  # an ack or a nack unless its type says otherwise
            if answer["type"] != "message.send":
                position: int | None = self.position.get(answer["id"])
                if position == self.next and not self.early:
                    self.next += 1
                    return self.server_send(event)
        return self.send_otherwise(event)

    def send_otherwise(self, event: Any) -> Awaitable[None]:
        if self.ended:
            self.call_ended("send()")
            return self.server_send(event)
        if not self.send_fast(event):
            return self.send_slowly(event)
        event_type = event["type"]
        if event_type == "message.send":
            return self.send_message(event)
        if self.message_scope:
            self.answer(event_type, event["id"])
        elif self.lifespan_scope:
            self.answer_lifespan(event_type)
        return self.server_send(event)

    def send_slowly(self, event: Any) -> Awaitable[None]:
        found = self.send_checker.thorough(event)
        if found.errors and self.excused(event, found):
            return self.server_send(event)
        foreign = self.foreign(found, _checks.send_checker, event)
        if foreign is not None:
            self.violation(_APPLICATION, self.protocol_rule(), [f"sent {foreign}"])
            return self.server_send(event)
        self.report(_APPLICATION, "sent events are well-formed", found)
        # Reached with a well-formed event, or in warning mode: an answer
        # the server can read counts, so that the same slip is not reported
        # again when the call ends.
        event_type = plain_str(read_key(event, "type"))
        if event_type is None or event_type not in self.send_checker.tags():
            return self.server_send(event)
        if event_type == "message.send":
            return self.server_send(event) if found.errors else self.send_message(event)
        if self.message_scope:
            message_id = plain_str(read_key(event, "id"))
            if message_id is not None:
                self.answer(event_type, message_id)
        elif self.lifespan_scope:
            self.answer_lifespan(event_type)
        return self.server_send(event)

    def excused(self, event: object, found: Found) -> bool:
        """Whether an ack or nack is wrong only in carrying back an id the
        server gave that was not a str: the server's fault, reported once."""
        message_id = read_key(event, "id")
        bad_id = any(message_id is bad for bad in self.bad_ids)
        if bad_id and all(
            error.startswith(f'{self.send_checker.name}["id"]') for error in found.errors
        ):
            _warn_unknown(found.unknown)
            return True
        return False

    async def send_message(self, event: Any) -> None:
        try:
            await self.server_send(event)
        except Exception as exc:
            if not issubclass(type(exc), OSError):
                self.violation(
                    _SERVER,
                    "a failed message.send raises a subclass of OSError",
                    [f"send() raised {_checks.type_name(exc)} for a message.send event"],
                    cause=exc,
                )
            raise

    def answer(self, event_type: str, message_id: str) -> None:
        position = self.position.get(message_id)
        if position == self.next:
            self.next += 1
            while self.next in self.early:
                self.early.discard(self.next)
                self.next += 1
            return
        if position is None:
            self.violation(
                _APPLICATION,
                "ack or nack only received ids",
                [f"{event_type} for id {quoted(message_id)}, which was never received"],
            )
        elif position < self.next or position in self.early:
            if message_id not in self.duplicated:
                self.violation(
                    _APPLICATION,
                    "every received id acked or nacked exactly once",
                    [
                        (
                            f"{event_type} for id {quoted(message_id)},"
                            " which was already acked or nacked"
                        )
                    ],
                )
        else:
            if not self.out_of_order:
                self.violation(
                    _APPLICATION,
                    f"acks and nacks in delivery order, without the {_OUT_OF_ORDER} extension",
                    [
                        (
                            f"{event_type} for id {quoted(message_id)}"
                            f" before id {quoted(self.order[self.next])}"
                        )
                    ],
                )
            self.early.add(position)

    def answer_lifespan(self, event_type: str) -> None:
        rule = "lifespan events in a legal order"
        if self.shutdown_answer is not None:
            self.violation(
                _APPLICATION, rule, [f"{event_type} was sent after {self.shutdown_answer}"]
            )
        elif event_type in _STARTUP_ANSWERS:
            if self.startup_answer is not None:
                self.violation(
                    _APPLICATION, rule, [f"{event_type} was sent after {self.startup_answer}"]
                )
            elif not self.received_startup:
                self.violation(
                    _APPLICATION,
                    rule,
                    [f"{event_type} was sent before lifespan.startup was received"],
                )
            self.startup_answer = event_type
        else:
            if not self.received_shutdown:
                self.violation(
                    _APPLICATION,
                    rule,
                    [f"{event_type} was sent before lifespan.shutdown was received"],
                )
            self.shutdown_answer = event_type

    # ---- the end of the call

    def call_ended(self, callable_name: str) -> None:
        self.violation(
            _APPLICATION,
            "no send() or receive() after the call has ended",
            [f"{callable_name} was called after the application returned or raised"],
        )

    def returned(self) -> None:
        """The rules of a call that ends with the application returning."""
        if self.message_scope:
            self.violation(_APPLICATION, "receive every message of a batch", self.unreceived())
            self.violation(
                _APPLICATION,
                "every received id acked or nacked exactly once",
                [
                    f"the application returned without acking or nacking id {quoted(message_id)}"
                    for index, message_id in enumerate(self.order)
                    if index >= self.next and index not in self.early
                ],
            )
        elif (
            self.lifespan_scope
            and self.received_startup
            and self.startup_answer is None
            # A shutdown delivered first is the server's fault, reported then.
            and not self.received_shutdown
        ):
            self.violation(
                _APPLICATION,
                "answer lifespan.startup once it is received",
                ["the application returned without answering lifespan.startup"],
            )

    def unreceived(self) -> list[str]:
        if self.batch_over is not False:
            return []
        if not self.order and not self.bad_ids:
            return ["the application returned without calling receive()"]
        return ["the application returned before receiving the message with more_messages false"]

    def end(self) -> None:
        """Forget the batch: nothing of it is kept once the call is over,
        even by a receive or send the application holds on to."""
        self.ended = self.closed = True
        self.counting = False
        self.position = {}
        self.order = []
        self.early = set()
        self.duplicated = set()
        self.bad_ids = []


def _names(extensions: object) -> list[str | None]:
    """The names of the scope's extensions, whatever mapping holds them."""
    try:
        items = mapping_items(extensions) or []
    except _checks.Unreadable:
        return []
    return [plain_str(key) for key, _ in items]


def validator(app: AMGIApplication, *, strict: bool = True) -> AMGIApplication:
    """Wrap ``app`` so that every exchange with the server is checked.

    Scopes, events and the objects passed through are handed on unchanged.
    Checked on the server's side: the scope, every event ``receive()``
    returns (a received message carries the bindings of one protocol only),
    unique ids within a batch, lifespan events in order (no
    ``lifespan.shutdown`` before the application answered
    ``lifespan.startup``, nor after it answered
    ``lifespan.startup.failed``), and that a failed ``"message.send"`` raises
    a subclass of :py:exc:`OSError`. Checked on the application's side: every
    event given to ``send()``; no ``receive()`` after the last message of a
    batch, even from two tasks at once; every message of a batch received,
    and every received id acked or nacked exactly once, and only received
    ids, by the time the application returns; acks and nacks in delivery
    order unless the scope's ``extensions`` hold
    ``"message.ack.out_of_order"``; lifespan events only in a lifespan scope
    and message events only in a message scope; lifespan answers only after
    the event they answer, once, nothing after the shutdown answer, and
    ``lifespan.startup`` answered once received; no ``send()`` or
    ``receive()`` after the call has ended.

    If the application raises, the exception goes through and the
    end-of-call checks are skipped: the server decides what becomes of
    unanswered messages then.

    Keys the specification does not define are reported as an
    :class:`UnknownKeyWarning` in either mode, and passed on.

    :param strict: With ``True``, a violation raises :class:`ValidationError`
        (from ``receive()`` or ``send()``, or from the wrapper before or after
        the application runs), and the offending event never reaches the
        other side. With ``False``, each violation is reported as a
        :class:`ValidationWarning` and everything is passed on.
    """

    async def validating_app(
        scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable, /
    ) -> None:
        call = _Call(scope, receive, send, strict)
        try:
            await app(scope, call.receive, call.send)
            call.returned()
        finally:
            call.end()

    return validating_app
