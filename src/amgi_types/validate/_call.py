"""What every call of a wrapped application shares, whatever its protocol.

A :class:`Call` checks each event on its own against the checks of its scope
type, and reports every violation: to the collectors and the callback, then
as an error or a warning by the rule's level and the mode. It remembers the
errors it raised, so that those the application or a task swallowed are
raised again when the call ends. The protocols' own rules are in
:mod:`amgi_types.validate._message` and :mod:`amgi_types.validate._lifespan`,
whose calls are subclasses of it.
"""

from __future__ import annotations

import contextvars
import inspect
import sys
import types
import warnings
from collections.abc import Callable
from typing import Any, NamedTuple

from amgi_types import AMGIReceiveCallable, AMGIReceiveEvent, AMGISendCallable, AMGISendEvent
from amgi_types.validate import (
    RecommendationWarning,
    UnknownKeyWarning,
    ValidationError,
    ValidationWarning,
    Violation,
    _checks,
)
from amgi_types.validate._checks import Checker, Found, mapping_items, plain_str, quoted, read_key
from amgi_types.validate._rules import BY_ID, MUST

# The lists of the collect() blocks the current context runs in.
SINKS: contextvars.ContextVar[tuple[list[Violation], ...]] = contextvars.ContextVar(
    "amgi_types.validate.collect", default=()
)

# The checks of the events of each scope type: events of a protocol are named
# after its scope type (``message.receive`` in a ``message`` scope).
_SCOPE_CHECKERS = {
    scope_type: (
        _checks.receive_checker.subset(scope_type + "."),
        _checks.send_checker.subset(scope_type + "."),
    )
    for scope_type in _checks.scope_checker.tags()
}

_OWN_PACKAGE = "amgi_types.validate"
# The namespaces of the modules whose frames a call's warning skips: this
# one; each protocol's module and the package add their own.
CALL_MODULES: set[int] = {id(globals())}
# Where the frame outside this package belongs to an event loop, the
# application runs in a task, and a warning points at its code instead.
_LOOPS = frozenset({"asyncio", "trio", "anyio", "uvloop", "concurrent", "threading"})


def outside() -> int:
    """The stack level of the nearest caller outside this package: a warning
    of a ``check_*`` function points at the line that called it."""
    level = 0
    frame = inspect.currentframe()
    while frame is not None and _own(frame):
        frame = frame.f_back
        level += 1
    return level


def _own(frame: types.FrameType) -> bool:
    return str(frame.f_globals.get("__name__", "")).startswith(_OWN_PACKAGE)


def names(extensions: object) -> list[str | None]:
    """The names of the scope's extensions, whatever mapping holds them."""
    try:
        items = mapping_items(extensions) or []
    except _checks.Unreadable:
        return []
    return [plain_str(key) for key, _ in items]


class Options(NamedTuple):
    """What validator() was given, for each of its calls."""

    strict: bool
    on_violation: Callable[[Violation], None] | None
    # Where a warning points when no frame of the application or the server
    # is on the stack: the application's code.
    app_code: types.CodeType | None
    app_module: str


def app_code(app: object) -> types.CodeType | None:
    """The code of the application's function, through partials, wrappers
    and a class's ``__call__``."""
    function: object = app
    for _ in range(10):  # through partials and wrappers, never for ever
        code = getattr(function, "__code__", None)
        if isinstance(code, types.CodeType):
            return code
        inner = getattr(function, "func", None) or getattr(function, "__wrapped__", None)
        function = inner if inner is not None else getattr(type(function), "__call__", None)  # noqa: B004 (the code of its class's __call__ is wanted, not a test)
        if function is None:
            break
    return None


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
        options: Options,
    ) -> None:
        self.options = options
        self.strict = options.strict
        self.sinks = SINKS.get()
        self.server_receive = receive
        self.server_send = send
        self.ended = False
        # Whether a receive() is out of turn: the call has ended, or the
        # protocol says nothing more comes.
        self.closed = False
        # Errors raised inside the call, to tell at its end which were
        # swallowed; and, while the end-of-call rules run, what they find.
        self.raised: list[ValidationError] = []
        self.at_end: list[Violation] | None = None
        # Python's memory of warnings already shown, kept for this call only:
        # every report names an id, and a module's memory would grow for ever.
        self.registry: dict[Any, Any] = {}
        self.unknown_reported: set[str] = set()
        self.scope_type = scope_type
        if scope_type is not None:
            self.receive_checker, self.send_checker = _SCOPE_CHECKERS[scope_type]
        else:
            self.receive_checker, self.send_checker = _checks.receive_checker, _checks.send_checker
        self.receive_fast = self.receive_checker.fast
        self.send_fast = self.send_checker.fast

    # ---- reporting

    def violation(
        self,
        rule_id: str,
        detail: str,
        *,
        message_id: str | None = None,
        cause: BaseException | None = None,
    ) -> None:
        self.broke([self.make(rule_id, detail, message_id)], cause)

    def make(
        self, rule_id: str, detail: str, message_id: str | None = None, path: str | None = None
    ) -> Violation:
        rule = BY_ID[rule_id]
        summary = rule.summary.replace("<type>", self.scope_type or "")
        return Violation(
            rule_id,
            rule.level,
            rule.addition,
            rule.side,
            message_id,
            path,
            f"{rule.side} broke the rule '{summary}': {detail}",
        )

    def broke(self, violations: list[Violation], cause: BaseException | None = None) -> None:
        """Report violations: to every collector and the callback, then as
        the level of each rule and the mode say."""
        if not violations:
            return
        for sink in self.sinks:
            sink.extend(violations)
        if self.options.on_violation is not None:
            for violation in violations:
                self.options.on_violation(violation)
        errors = [violation for violation in violations if violation.level == MUST]
        for violation in violations:
            if violation.level != MUST:
                self.warn(violation.text, RecommendationWarning)
        if not errors:
            return
        if not self.strict:
            for violation in errors:
                self.warn(violation.text, ValidationWarning)
        elif self.at_end is not None:
            self.at_end.extend(errors)
        else:
            error = ValidationError(
                [violation.text for violation in errors], errors[0].side, violations=errors
            )
            error.__cause__ = cause
            if not self.ended:
                self.raised.append(error)
            raise error

    def warn(self, text: str, category: type[Warning]) -> None:
        """Warn, pointing at the nearest frame outside this package: the
        application's line, or the server's call; the application's code
        when the call runs in a task of an event loop."""
        # sys._getframe is what inspect.currentframe calls, without its cost.
        frame: types.FrameType | None = sys._getframe(1)  # pyright: ignore[reportPrivateUsage]
        while frame is not None and id(frame.f_globals) in CALL_MODULES:
            frame = frame.f_back
        module = "" if frame is None else str(frame.f_globals.get("__name__", ""))
        code = self.options.app_code
        if (frame is None or module.partition(".")[0] in _LOOPS) and code is not None:
            filename, lineno, module = (
                code.co_filename,
                code.co_firstlineno,
                self.options.app_module,
            )
        elif frame is not None:
            filename, lineno = frame.f_code.co_filename, frame.f_lineno
        else:
            filename, lineno = "<unknown>", 0
        registry = self.registry
        key = (text, category, lineno)
        seen = key in registry
        # The module, as warnings.warn gives it, is what filters match.
        warnings.warn_explicit(text, category, filename, lineno, module, registry)
        if not seen and _ignored(text, category, module, lineno):
            # Python remembers a warning shown once, not one ignored: without
            # this, a filter that ignores an unknown key found in every
            # message is searched for every message. Python itself forgets it
            # when the filters change.
            registry[key] = True

    def warn_unknown(self, found: Found) -> None:
        for line in found.unknown:
            self.warn(line, UnknownKeyWarning)

    def unknown_keys(self, checker: Checker, event: object) -> bool:
        """Whether an event the fast tests turned away is well-formed but for
        unknown keys at its top level, each then reported once per call: a
        key that every message of a batch carries is one report."""
        lines = checker.unknown_only(event)
        if lines is None:
            return False
        for line in lines:
            if line not in self.unknown_reported:
                self.unknown_reported.add(line)
                self.warn(line, UnknownKeyWarning)
        return True

    def report(self, rule_id: str, found: Found, message_id: str | None = None) -> None:
        """Report what the thorough pass found in a value."""
        self.warn_unknown(found)
        suffix = f" (id {quoted(message_id)})" if message_id is not None else ""
        self.broke(
            [
                self.make(rule_id, line + suffix, message_id, path)
                for line, path in zip(found.errors, found.paths, strict=True)
            ]
        )

    def foreign(self, found: Found, general: Checker, value: object) -> str | None:
        """The type of a well-formed event of another scope type, quoted;
        None for any other event."""
        if not found.errors or self.scope_type is None:
            return None
        other = general.thorough(value)
        if other.errors:
            return None
        self.warn_unknown(other)
        return quoted(plain_str(read_key(value, "type")) or "")

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
        if not self.receive_fast(event) and not self.unknown_keys(self.receive_checker, event):
            self.received_slowly(event)

    def received_slowly(self, event: object) -> bool:
        """Check an event the fast tests turned away; False when it is of
        another protocol."""
        found = self.receive_checker.thorough(event)
        foreign = self.foreign(found, _checks.receive_checker, event)
        if foreign is not None:
            self.violation("receive.protocol", f"receive() returned {foreign}")
            return False
        self.report("receive.well_formed", found, plain_str(read_key(event, "id")))
        return True

    # ---- send()

    async def send(self, event: AMGISendEvent, /) -> None:
        if self.ended:
            self.call_ended("send()")
        elif not self.send_fast(event) and not self.unknown_keys(self.send_checker, event):
            await self.send_slowly(event)
            return
        await self.server_send(event)

    async def send_slowly(self, event: Any) -> None:
        found = self.send_checker.thorough(event)
        if found.errors and self.excused(event, found):
            await self.server_send(event)
            return
        foreign = self.foreign(found, _checks.send_checker, event)
        if foreign is not None:
            self.violation("send.protocol", f"sent {foreign}")
            await self.server_send(event)
            return
        self.report("send.well_formed", found, plain_str(read_key(event, "id")))
        # Reached with a well-formed event, or in warning mode: what the
        # server can read of it is followed.
        event_type = plain_str(read_key(event, "type"))
        if event_type is None or event_type not in self.send_checker.tags():
            await self.server_send(event)
            return
        await self.sent_readable(event_type, event, found)

    def excused(self, event: object, found: Found) -> bool:
        """Whether a malformed event is the server's fault, already reported."""
        return False

    async def sent_readable(self, event_type: str, event: Any, found: Found) -> None:
        """Follow an event whose type the server can read."""
        await self.server_send(event)

    # ---- the end of the call

    def call_ended(self, callable_name: str) -> None:
        self.violation(
            "call.ended", f"{callable_name} was called after the application returned or raised"
        )

    def returned(self) -> None:
        """The rules of a call that ends with the application returning."""

    def finish(self, raised: BaseException | None) -> None:
        """End the call. Errors raised inside it that did not come out of it
        were swallowed, by the application or a task: with the end-of-call
        violations they are raised as one error when the application
        returned, and travel as notes with the exception it raised."""
        swallowed = [error for error in self.raised if not _carries(raised, error)]
        if raised is None:
            self.at_end = []
            try:
                self.returned()
            finally:
                at_end, self.at_end = self.at_end, None
                self.end()
            violations = [v for error in swallowed for v in error.violations] + at_end
            if violations:
                error = ValidationError(
                    [v.text for v in violations], violations[0].side, violations=violations
                )
                error.__cause__ = swallowed[0] if swallowed else None
                raise error
            return
        self.end()
        for error in swallowed:
            for violation in error.violations:
                _add_note(
                    raised, f"amgi_types.validate, not raised out of the call: {violation.text}"
                )

    def end(self) -> None:
        """Forget the call: nothing of it is kept once it is over, even by a
        receive or send the application holds on to."""
        self.ended = self.closed = True
        self.raised = []
        self.registry = {}
        self.unknown_reported = set()


def _ignored(text: str, category: type[Warning], module: str, lineno: int) -> bool:
    """Whether Python's warning filters ignore this warning: the first filter
    that matches decides, as in the warnings module."""
    for action, message, kind, module_pattern, line in list(warnings.filters):
        if (
            (message is None or message.match(text))
            and issubclass(category, kind)
            and (module_pattern is None or module_pattern.match(module))
            and (line == 0 or line == lineno)
        ):
            return action == "ignore"
    default: object = getattr(warnings, "defaultaction", "default")
    return default == "ignore"


def _carries(raised: BaseException | None, error: ValidationError) -> bool:
    """Whether ``error`` came out of the call: it is the exception raised, in
    its chain of causes and contexts, or in an exception group's."""
    pending = [raised]
    seen: set[int] = set()
    while pending:
        exc = pending.pop()
        if exc is None or id(exc) in seen:
            continue
        if exc is error:
            return True
        seen.add(id(exc))
        pending += [exc.__cause__, exc.__context__, *getattr(exc, "exceptions", ())]
    return False


def _add_note(exc: BaseException, note: str) -> None:
    add_note = getattr(exc, "add_note", None)
    if add_note is not None:
        add_note(note)
    else:  # Python 3.10: the attribute that tools of 3.11 read
        notes = [*getattr(exc, "__notes__", ()), note]
        setattr(exc, "__notes__", notes)  # noqa: B010 (3.10's BaseException does not declare it)
