"""What every call of a wrapped application shares, whatever its protocol.

A :class:`Call` checks each event on its own against the checks of its scope
type and reports what it finds; the protocols' own rules are in
:mod:`amgi_types.validate._message` and :mod:`amgi_types.validate._lifespan`,
whose calls are subclasses of it. :func:`start` checks the scope and makes the
call of its type.
"""

from __future__ import annotations

import warnings
from collections.abc import Awaitable, Iterable
from typing import Any

from amgi_types import AMGIReceiveCallable, AMGIReceiveEvent, AMGISendCallable, AMGISendEvent
from amgi_types.validate import UnknownKeyWarning, ValidationError, ValidationWarning, _checks
from amgi_types.validate._checks import Checker, Found, mapping_items, plain_str, quoted, read_key

SERVER = "server"
APPLICATION = "application"

# The checks of the events of each scope type: events of a protocol are named
# after its scope type (``message.receive`` in a ``message`` scope).
_SCOPE_CHECKERS = {
    scope_type: (
        _checks.receive_checker.subset(scope_type + "."),
        _checks.send_checker.subset(scope_type + "."),
    )
    for scope_type in _checks.scope_checker.tags()
}


def outside() -> int:
    """The stack level of the nearest caller outside amgi_types' checks: a
    warning then points at the line that called a check, or at the
    application's ``send()`` or ``receive()``, or the server's call of the
    application."""
    # Imported here: only a warning needs it.
    import inspect

    level = 0
    frame = inspect.currentframe()
    while frame is not None and frame.f_globals.get("__name__", "").startswith(_OWN_PACKAGE):
        frame = frame.f_back
        level += 1
    return level


_OWN_PACKAGE = "amgi_types.validate"


def warn_unknown(lines: Iterable[str]) -> None:
    for line in lines:
        warnings.warn(line, UnknownKeyWarning, stacklevel=outside())


def names(extensions: object) -> list[str | None]:
    """The names of the scope's extensions, whatever mapping holds them."""
    try:
        items = mapping_items(extensions) or []
    except _checks.Unreadable:
        return []
    return [plain_str(key) for key, _ in items]


class Call:
    """One call of the wrapped application.

    Its ``receive`` and ``send`` are the callables the application is given;
    they check each event and pass the very same objects on. This class
    follows no protocol: it is the call of a scope whose type is unknown, and
    the base of the calls of each protocol, which add their rules.
    """

    def __init__(
        self,
        scope_type: str | None,
        receive: AMGIReceiveCallable,
        send: AMGISendCallable,
        strict: bool,
    ) -> None:
        self.strict = strict
        self.server_receive = receive
        self.server_send = send
        self.ended = False
        # Whether a receive() is out of turn: the call has ended, or the
        # protocol says nothing more comes.
        self.closed = False
        self.scope_type = scope_type
        if scope_type is not None:
            self.receive_checker, self.send_checker = _SCOPE_CHECKERS[scope_type]
        else:
            self.receive_checker, self.send_checker = _checks.receive_checker, _checks.send_checker
        self.receive_fast = self.receive_checker.fast
        self.send_fast = self.send_checker.fast

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
            warnings.warn(line, ValidationWarning, stacklevel=outside())

    def report(self, side: str, rule: str, found: Found) -> None:
        warn_unknown(found.unknown)
        self.violation(side, rule, found.errors)

    def foreign(self, found: Found, general: Checker, value: object) -> str | None:
        """The type of a well-formed event of another scope type, quoted;
        None for any other event."""
        if not found.errors or self.scope_type is None:
            return None
        other = general.thorough(value)
        if other.errors:
            return None
        warn_unknown(other.unknown)
        return quoted(plain_str(read_key(value, "type")) or "")

    def protocol_rule(self) -> str:
        return f"only {self.scope_type} events in a {self.scope_type} scope"

    # ---- receive()

    async def receive(self) -> AMGIReceiveEvent:
        if self.ended:
            self.call_ended("receive()")
        event = await self.server_receive()
        if not self.ended:
            self.received(event)
        return event

    def received(self, event: object) -> None:
        """Check an event the server returned."""
        if not self.receive_fast(event):
            self.received_slowly(event)

    def received_slowly(self, event: object) -> bool:
        """Check an event the fast tests turned away; False when it is of
        another protocol."""
        found = self.receive_checker.thorough(event)
        foreign = self.foreign(found, _checks.receive_checker, event)
        if foreign is not None:
            self.violation(SERVER, self.protocol_rule(), [f"receive() returned {foreign}"])
            return False
        self.report(SERVER, "received events are well-formed", found)
        return True

    # ---- send()

    # Not a coroutine function: the server's own awaitable is handed back,
    # which saves a coroutine per event.
    def send(self, event: AMGISendEvent, /) -> Awaitable[None]:
        if self.ended:
            self.call_ended("send()")
        elif not self.send_fast(event):
            return self.send_slowly(event)
        return self.server_send(event)

    def send_slowly(self, event: Any) -> Awaitable[None]:
        found = self.send_checker.thorough(event)
        if found.errors and self.excused(event, found):
            return self.server_send(event)
        foreign = self.foreign(found, _checks.send_checker, event)
        if foreign is not None:
            self.violation(APPLICATION, self.protocol_rule(), [f"sent {foreign}"])
            return self.server_send(event)
        self.report(APPLICATION, "sent events are well-formed", found)
        # Reached with a well-formed event, or in warning mode: what the
        # server can read of it is followed.
        event_type = plain_str(read_key(event, "type"))
        if event_type is None or event_type not in self.send_checker.tags():
            return self.server_send(event)
        return self.sent_readable(event_type, event, found)

    def excused(self, event: object, found: Found) -> bool:
        """Whether a malformed event is the server's fault, already reported."""
        return False

    def sent_readable(self, event_type: str, event: Any, found: Found) -> Awaitable[None]:
        """Follow an event whose type the server can read."""
        return self.server_send(event)

    # ---- the end of the call

    def call_ended(self, callable_name: str) -> None:
        self.violation(
            APPLICATION,
            "no send() or receive() after the call has ended",
            [f"{callable_name} was called after the application returned or raised"],
        )

    def returned(self) -> None:
        """The rules of a call that ends with the application returning."""

    def end(self) -> None:
        """Forget the call: nothing of it is kept once it is over, even by a
        receive or send the application holds on to."""
        self.ended = self.closed = True
