"""Run-time conformance checks for AMGI servers and applications.

What :mod:`wsgiref.validate` is to WSGI: :func:`check_scope`,
:func:`check_receive_event` and :func:`check_send_event` check one value
against the package's TypedDicts, and :func:`validator` wraps an application
so that both the server and the application are held to the specification
while they talk.

The checks themselves are compiled from the TypedDicts in
:mod:`amgi_types.validate._checks`. The rules of the conversation are read
top to bottom in :mod:`amgi_types.validate._call` (what every call shares),
:mod:`amgi_types.validate._message` (a batch) and
:mod:`amgi_types.validate._lifespan`; this module holds the public API: the
exceptions, the warnings, the checks of one value and the wrapper. Keys the specification does not know never
raise (forward compatibility, as in ASGI): each is reported as an
:class:`UnknownKeyWarning`.

This module uses the standard library only; ``import amgi_types`` does not
import it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from amgi_types import AMGIApplication, AMGIReceiveCallable, AMGISendCallable, Scope
from amgi_types.validate import _checks
from amgi_types.validate._checks import Checker, plain_str, read_key

__all__ = [
    "UnknownKeyWarning",
    "ValidationError",
    "ValidationWarning",
    "check_receive_event",
    "check_scope",
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


def _judge(checker: Checker, value: object) -> None:
    """Warn of every unknown key of a value the fast tests turned away, and
    raise if it holds a problem."""
    found = checker.thorough(value)
    _call.warn_unknown(found.unknown)
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
# The validating middleware: the rules of the conversation are in _call,
# _message and _lifespan, one module per protocol.

# After the classes above, which they report with.
from amgi_types.validate import _call  # noqa: E402
from amgi_types.validate._lifespan import LifespanCall  # noqa: E402
from amgi_types.validate._message import MessageCall  # noqa: E402


def _start(
    scope: object, receive: AMGIReceiveCallable, send: AMGISendCallable, strict: bool
) -> _call.Call:
    """Check the scope, and make the call of its type."""
    found = _checks.scope_checker.examine(scope)
    scope_type: str | None = None
    extensions: list[str | None] = []
    reported: _call.Call | None = None
    if found is None:
        # Exact dicts with exact str keys: read as they are.
        well_formed: Any = scope
        scope_type = well_formed["type"]
        extensions = list(well_formed.get("extensions", ()))
    else:
        reported = _call.Call(None, receive, send, strict)
        reported.report(_call.SERVER, "the scope is well-formed", found)
        if not found.errors:
            scope_type = plain_str(read_key(scope, "type"))
            extensions = _call.names(read_key(scope, "extensions"))
        # The protocol is followed only for a well-formed scope; for
        # another, events are still checked, each on its own.
    if scope_type == "message":
        return MessageCall(receive, send, strict, extensions)
    if scope_type == "lifespan":
        return LifespanCall(receive, send, strict)
    return reported if reported is not None else _call.Call(scope_type, receive, send, strict)


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
        call = _start(scope, receive, send, strict)
        try:
            await app(scope, call.receive, call.send)
            call.returned()
        finally:
            call.end()

    return validating_app
