"""The rules of a call with a lifespan scope: the life of the process.

The server's side: ``lifespan.startup`` once and first; ``lifespan.shutdown``
once, after it, and only once the application answered ``lifespan.startup``,
never after it answered ``lifespan.startup.failed``. The application's side:
each answer after the event it answers, once; nothing after the shutdown
answer; and a received ``lifespan.startup`` answered before it returns.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from amgi_types import AMGIReceiveCallable, AMGISendCallable
from amgi_types.validate._call import APPLICATION, SERVER, Call
from amgi_types.validate._checks import Found, plain_str, read_key

_ORDER = "lifespan events in a legal order"
_STARTUP_ANSWERS = ("lifespan.startup.complete", "lifespan.startup.failed")


class LifespanCall(Call):
    def __init__(self, receive: AMGIReceiveCallable, send: AMGISendCallable, strict: bool) -> None:
        super().__init__("lifespan", receive, send, strict)
        self.received_startup = False
        self.received_shutdown = False
        self.startup_answer: str | None = None
        self.shutdown_answer: str | None = None

    # ---- the server's side: startup, then shutdown once it was answered

    def received(self, event: Any) -> None:
        if self.receive_fast(event):
            self.received_event(event["type"])
        elif self.received_slowly(event):
            event_type = plain_str(read_key(event, "type"))
            if event_type is not None and event_type in self.receive_checker.tags():
                self.received_event(event_type)

    def received_event(self, event_type: str) -> None:
        if event_type == "lifespan.startup":
            if self.received_shutdown:
                self.violation(SERVER, _ORDER, ["lifespan.startup came after lifespan.shutdown"])
            elif self.received_startup:
                self.violation(SERVER, _ORDER, ["lifespan.startup was delivered twice"])
            self.received_startup = True
            return
        if self.received_shutdown:
            self.violation(SERVER, _ORDER, ["lifespan.shutdown was delivered twice"])
        elif not self.received_startup:
            self.violation(SERVER, _ORDER, ["lifespan.shutdown came before lifespan.startup"])
        elif self.startup_answer is None:
            self.violation(
                SERVER,
                _ORDER,
                ["lifespan.shutdown came before the application answered lifespan.startup"],
            )
        elif self.startup_answer == "lifespan.startup.failed":
            self.violation(
                SERVER,
                _ORDER,
                ["lifespan.shutdown came after the application answered lifespan.startup.failed"],
            )
        self.received_shutdown = True

    # ---- the application's side: each answer once, after what it answers

    def send(self, event: Any, /) -> Awaitable[None]:
        if not self.ended and self.send_fast(event):
            self.answer(event["type"])
            return self.server_send(event)
        return super().send(event)

    def sent_readable(self, event_type: str, event: Any, found: Found) -> Awaitable[None]:
        self.answer(event_type)
        return self.server_send(event)

    def answer(self, event_type: str) -> None:
        if self.shutdown_answer is not None:
            self.violation(
                APPLICATION, _ORDER, [f"{event_type} was sent after {self.shutdown_answer}"]
            )
        elif event_type in _STARTUP_ANSWERS:
            if self.startup_answer is not None:
                self.violation(
                    APPLICATION, _ORDER, [f"{event_type} was sent after {self.startup_answer}"]
                )
            elif not self.received_startup:
                self.violation(
                    APPLICATION,
                    _ORDER,
                    [f"{event_type} was sent before lifespan.startup was received"],
                )
            self.startup_answer = event_type
        else:
            if not self.received_shutdown:
                self.violation(
                    APPLICATION,
                    _ORDER,
                    [f"{event_type} was sent before lifespan.shutdown was received"],
                )
            self.shutdown_answer = event_type

    # ---- the end of the call

    def returned(self) -> None:
        if (
            self.received_startup
            and self.startup_answer is None
            # A shutdown delivered first is the server's fault, reported then.
            and not self.received_shutdown
        ):
            self.violation(
                APPLICATION,
                "answer lifespan.startup once it is received",
                ["the application returned without answering lifespan.startup"],
            )
