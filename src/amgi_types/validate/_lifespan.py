"""The rules of a call with a lifespan scope: the life of the process.

The server's side: ``lifespan.startup`` once and first; ``lifespan.shutdown``
once, after it, and only once the application answered ``lifespan.startup``,
never after it answered ``lifespan.startup.failed``. The application's side:
each answer after the event it answers, once; nothing after the shutdown
answer, not even a ``receive()``. An application that returns without
answering ``lifespan.startup`` has opted out of the protocol, which is
allowed.
"""

from __future__ import annotations

from typing import Any

from amgi_types import AMGIReceiveCallable, AMGIReceiveEvent, AMGISendCallable
from amgi_types.validate._call import CALL_MODULES, Call, Options
from amgi_types.validate._checks import Found, plain_str, read_key

_STARTUP_ANSWERS = ("lifespan.startup.complete", "lifespan.startup.failed")

CALL_MODULES.add(id(globals()))


class LifespanCall(Call):
    def __init__(
        self, receive: AMGIReceiveCallable, send: AMGISendCallable, options: Options
    ) -> None:
        super().__init__("lifespan", receive, send, options)
        self.received_startup = False
        self.received_shutdown = False
        self.startup_answer: str | None = None
        self.shutdown_answer: str | None = None
        # Whether the server's events are held to the order: not after the
        # application asked for one past the end.
        self.following = True

    # ---- the server's side: startup, then shutdown once it was answered

    async def receive(self) -> AMGIReceiveEvent:
        if self.shutdown_answer is not None and not self.ended:
            self.following = False
            self.violation(
                "lifespan.receive.after_shutdown",
                f"receive() was called after {self.shutdown_answer}",
            )
        return await super().receive()

    def received(self, event: Any) -> None:
        if self.receive_fast(event) or self.unknown_keys(self.receive_checker, event):
            if self.following:
                self.received_event(event["type"])
        elif self.received_slowly(event) and self.following:
            event_type = plain_str(read_key(event, "type"))
            if event_type is not None and event_type in self.receive_checker.tags():
                self.received_event(event_type)

    def received_event(self, event_type: str) -> None:
        if event_type == "lifespan.startup":
            if self.received_shutdown:
                self.order("lifespan.startup came after lifespan.shutdown")
            elif self.received_startup:
                self.order("lifespan.startup was delivered twice")
            self.received_startup = True
            return
        if self.received_shutdown:
            self.order("lifespan.shutdown was delivered twice")
        elif not self.received_startup:
            self.order("lifespan.shutdown came before lifespan.startup")
        elif self.startup_answer is None:
            self.order("lifespan.shutdown came before the application answered lifespan.startup")
        elif self.startup_answer == "lifespan.startup.failed":
            self.violation(
                "lifespan.shutdown.after_failed",
                "lifespan.shutdown came after the application answered lifespan.startup.failed",
            )
        self.received_shutdown = True

    def order(self, detail: str) -> None:
        self.violation("lifespan.server.order", detail)

    # ---- the application's side: each answer once, after what it answers

    async def send(self, event: Any, /) -> None:
        if not self.ended and (
            self.send_fast(event) or self.unknown_keys(self.send_checker, event)
        ):
            self.answer(event["type"])
            await self.server_send(event)
        else:
            await super().send(event)

    async def sent_readable(self, event_type: str, event: Any, found: Found) -> None:
        self.answer(event_type)
        await self.server_send(event)

    def answer(self, event_type: str) -> None:
        if self.shutdown_answer is not None:
            self.answered_out_of_order(f"{event_type} was sent after {self.shutdown_answer}")
        elif event_type in _STARTUP_ANSWERS:
            if self.startup_answer is not None:
                self.answered_out_of_order(f"{event_type} was sent after {self.startup_answer}")
            elif not self.received_startup:
                self.answered_out_of_order(
                    f"{event_type} was sent before lifespan.startup was received"
                )
            self.startup_answer = event_type
        else:
            if not self.received_shutdown:
                self.answered_out_of_order(
                    f"{event_type} was sent before lifespan.shutdown was received"
                )
            self.shutdown_answer = event_type

    def answered_out_of_order(self, detail: str) -> None:
        self.violation("lifespan.application.order", detail)
