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

import contextvars
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from amgi_types import AMGIApplication, AMGIReceiveCallable, AMGISendCallable, Scope
from amgi_types.validate import _checks
from amgi_types.validate._checks import Checker, plain_str, read_key

__all__ = [
    "ValidationError",
    "ValidationWarning",
    "RecommendationWarning",
    "UnknownKeyWarning",
    "Violation",
    "check_scope",
    "check_receive_event",
    "check_send_event",
    "validator",
    "collect",
]


@dataclass(frozen=True)
class Violation:
    """One rule broken, as :func:`validator` and the ``check_*`` functions
    report it: the fields a test asserts on, never parsing text.

    :ivar rule: The rule's stable id, such as ``"message.ack.order"``: one of
        the rules table of the validate page.
    :ivar level: ``"MUST"`` or ``"SHOULD"``: the strength the rule has. A
        MUST broken is an error in strict mode; a SHOULD departed from is a
        :class:`RecommendationWarning` in every mode.
    :ivar addition: True for a rule this project added to AMGI 1.0.
    :ivar side: ``"server"`` or ``"application"``, who broke it; ``None``
        from a ``check_*`` function, which knows no sides.
    :ivar message_id: The id of the message concerned, when there is one.
    :ivar path: The path of the value at fault, such as
        ``'send event["headers"][0]'``, for a malformed scope or event.
    :ivar text: The one-line text a :class:`ValidationError` shows.
    """

    rule: str
    level: str
    addition: bool
    side: str | None
    message_id: str | None
    path: str | None
    text: str


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
    :ivar violations: The same problems as :class:`Violation` objects, in the
        same order; empty for an error made by hand from lines alone.
    :ivar side: ``"server"`` or ``"application"`` when raised by
        :func:`validator`, naming who broke the rule; ``None`` when raised by
        a ``check_*`` function.
    :ivar rule: The ``rule`` of the first violation (``None`` without one);
        so are ``message_id`` and ``path``.
    """

    def __init__(
        self,
        errors: Iterable[str],
        side: str | None = None,
        *,
        violations: Iterable[Violation] = (),
    ) -> None:
        self.errors: tuple[str, ...] = tuple(errors)
        if not self.errors:
            raise ValueError("a ValidationError needs at least one error")
        self.side = side
        self.violations: tuple[Violation, ...] = tuple(violations)
        first = self.violations[0] if self.violations else None
        self.rule = first.rule if first is not None else None
        self.message_id = first.message_id if first is not None else None
        self.path = first.path if first is not None else None
        if len(self.errors) == 1:
            text = self.errors[0]
        else:
            shown = self.errors[:_SHOWN_ERRORS]
            text = f"{len(self.errors)} problems:\n" + "\n".join(shown)
            if len(self.errors) > len(shown):
                text += f"\n... and {len(self.errors) - len(shown)} more in .errors"
        super().__init__(text)

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt without calling __init__, which a subclass may have changed;
        # the default would rebuild from the message, one error per character.
        return (_rebuild, (type(self), self.args), self.__dict__)


def _rebuild(cls: type[ValidationError], args: tuple[Any, ...]) -> ValidationError:
    return cls.__new__(cls, *args)


_SHOWN_ERRORS = 20


class ValidationWarning(UserWarning):
    """A protocol violation reported by ``validator(app, strict=False)``.

    The message is the same text a :class:`ValidationError` would carry.
    """


class RecommendationWarning(ValidationWarning):
    """A SHOULD of the specification departed from, in every mode.

    Never an error, and the check changes nothing the other side sees: a
    server's ``send()`` that raises a plain :class:`Exception` for a failed
    ``"message.send"`` still hands the application that very exception.
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
    for line in found.unknown:
        warnings.warn(line, UnknownKeyWarning, stacklevel=_call.outside())
    if found.errors:
        rule = _RULE_OF_CHECK[checker.name]
        message_id = plain_str(read_key(value, "id"))
        raise ValidationError(
            found.errors,
            violations=[
                Violation(rule, "MUST", False, None, message_id, path, line)
                for line, path in zip(found.errors, found.paths, strict=True)
            ],
        )


_RULE_OF_CHECK = {
    _checks.scope_checker.name: "scope.well_formed",
    _checks.receive_checker.name: "receive.well_formed",
    _checks.send_checker.name: "send.well_formed",
}


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

# validating_app's frame is skipped too: a warning points past it.
_call.CALL_MODULES.add(id(globals()))


class collect:
    """Collect every violation of every :func:`validator` call that runs in
    the ``with`` block: ``with collect() as violations: ...``.

    ``violations`` is a list of :class:`Violation`, filled as they happen,
    on both sides, whether each was raised, swallowed by whoever caught it,
    or warned about; SHOULDs included. A call runs in the block when the
    wrapped application is called inside it, or in a task or a thread's
    context copied from it (``asyncio.run``, tasks and ``trio.run`` copy the
    context). Blocks nest: each one collects what runs inside it.

    This is what a server's tests assert on, since a server catches every
    exception of the application and a violation may never reach the test::

        with collect() as violations:
            await run_my_server(validator(well_behaved_app))
        assert violations == []
    """

    def __init__(self) -> None:
        self.violations: list[Violation] = []
        self._token: contextvars.Token[tuple[list[Violation], ...]] | None = None

    def __enter__(self) -> list[Violation]:
        self._token = _call.SINKS.set((*_call.SINKS.get(), self.violations))
        return self.violations

    def __exit__(self, *exc_info: object) -> None:
        if self._token is not None:
            _call.SINKS.reset(self._token)
            self._token = None


def _start(
    scope: object, receive: AMGIReceiveCallable, send: AMGISendCallable, options: _call.Options
) -> _call.Call:
    """Check the scope, and make the call of its type. The protocol is
    followed whenever the scope's type can be read, whatever else is wrong
    with the scope (in warning mode; strict mode stops there)."""
    found = _checks.scope_checker.examine(scope)
    if found is None:
        # Exact dicts with exact str keys: read as they are.
        well_formed: Any = scope
        scope_type: str | None = well_formed["type"]
        extensions: list[str | None] = list(well_formed.get("extensions", ()))
    else:
        scope_type = plain_str(read_key(scope, "type"))
        if scope_type not in _checks.scope_checker.tags():
            scope_type = None
        extensions = _call.names(read_key(scope, "extensions"))
    if scope_type == "message":
        call: _call.Call = MessageCall(receive, send, options, extensions)
    elif scope_type == "lifespan":
        call = LifespanCall(receive, send, options)
    else:
        call = _call.Call(None, receive, send, options)
    if found is not None:
        call.report("scope.well_formed", found)
    return call


def validator(
    app: AMGIApplication,
    *,
    strict: bool = True,
    on_violation: Callable[[Violation], None] | None = None,
) -> AMGIApplication:
    """Wrap ``app`` so that every exchange with the server is checked.

    Scopes, events and the objects passed through are handed on unchanged.
    Every rule checked is in the rules table of the validate page, with its
    level: on the server's side the scope, the events ``receive()`` returns,
    unique ids within a batch, lifespan events in order, and a failed
    ``"message.send"`` raising a subclass of :py:exc:`OSError`; on the
    application's side the events given to ``send()``, every message of a
    batch received, by one task at a time, and none after the last, every
    received id acked or nacked exactly once, in delivery order unless the
    scope's ``extensions`` hold ``"message.ack.out_of_order"``, lifespan
    answers in order, and no ``send()`` or ``receive()`` after the call has
    ended. An ack or a nack counts once the server's ``send()`` returned.

    If the application raises, the exception goes through, the very same
    object, and the end-of-call checks are skipped: the server decides what
    becomes of unanswered messages then.

    Keys the specification does not define are reported as an
    :class:`UnknownKeyWarning` in either mode, and passed on. A SHOULD
    departed from is a :class:`RecommendationWarning` in either mode, and
    changes nothing either side sees.

    :param strict: With ``True``, a MUST broken raises
        :class:`ValidationError` (from ``receive()`` or ``send()``, or from
        the wrapper before or after the application runs), and the offending
        event never reaches the other side. An error that the application or
        one of its tasks swallowed is raised again when the call ends, with
        every other one and the end-of-call violations, in one
        :class:`ValidationError`; when the application raised an exception
        of its own, they travel with it as notes (``__notes__``) instead.
        With ``False``, each violation is reported as a
        :class:`ValidationWarning` and everything is passed on.
    :param on_violation: Called with each :class:`Violation`, whatever the
        mode, as it happens. :class:`collect` gathers them without a callback.
    """
    options = _call.Options(
        strict, on_violation, _call.app_code(app), str(getattr(app, "__module__", "") or "")
    )

    async def validating_app(
        scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable, /
    ) -> None:
        call = _start(scope, receive, send, options)
        try:
            await app(scope, call.receive, call.send)
        except BaseException as exc:
            call.finish(exc)
            raise
        call.finish(None)

    return validating_app
