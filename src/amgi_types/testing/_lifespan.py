"""The lifespan call of an in-memory server, run without an async library of its own.

The lifespan call lasts from the server's start to its shutdown, across the
test's own code. Rather than spawning a task, which would need asyncio or
trio, the call is stepped in the task that enters or leaves the server: its
coroutine runs until it awaits ``receive()`` with no event to return, and is
resumed with the next event later. While it runs, whatever it awaits besides
``receive()`` (a sleep, a connection, a nursery's children) is handed to the
event loop unchanged, so the call behaves under any async library as it
would in a task of its own.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from amgi_types import (
    AMGIApplication,
    AMGIReceiveEvent,
    AMGISendEvent,
    LifespanScope,
)


class _Parked:
    """Awaited by ``receive()`` when no event is due: hands control back to
    the server, which resumes the call with the next event."""

    __slots__ = ()

    def __await__(self) -> Generator[_Parked, AMGIReceiveEvent, AMGIReceiveEvent]:
        event = yield self
        return event


_PARKED = _Parked()


class _Step:
    """Runs the call until it parks (False) or ends (True), passing every
    other suspension through to the event loop and its answer back."""

    __slots__ = ("iterator", "value")

    def __init__(self, iterator: Generator[Any, Any, None], value: object) -> None:
        self.iterator = iterator
        self.value = value

    def __await__(self) -> Generator[Any, Any, bool]:
        iterator = self.iterator
        value = self.value
        error: BaseException | None = None
        while True:
            try:
                if error is None:
                    yielded = iterator.send(value)
                else:
                    yielded = iterator.throw(error)
            except StopIteration:
                return True
            if yielded is _PARKED:
                return False
            error = value = None
            try:
                value = yield yielded
            except GeneratorExit:
                iterator.close()
                raise
            except BaseException as exc:
                # The event loop's cancellation is the call's to handle.
                error = exc


class LifespanCall:
    """One lifespan call: its events, and the answers the application sent."""

    def __init__(self, app: AMGIApplication, scope: LifespanScope) -> None:
        self.due: list[AMGIReceiveEvent] = [{"type": "lifespan.startup"}]
        self.answers: list[AMGISendEvent] = []
        self.stepping = False
        self.ended = False
        self.iterator: Generator[Any, Any, None] = app(scope, self.receive, self.send).__await__()

    async def receive(self) -> AMGIReceiveEvent:
        if self.due:
            return self.due.pop(0)
        if not self.stepping:
            raise RuntimeError(
                "receive() of the lifespan call was awaited outside the call's own task:"
                " InMemoryServer runs the lifespan call in the task that enters the server"
            )
        return await _PARKED

    async def send(self, event: AMGISendEvent, /) -> None:
        self.answers.append(event)

    def answer(self, prefix: str) -> AMGISendEvent | None:
        """The first answer whose type starts with ``prefix``."""
        return next((event for event in self.answers if event["type"].startswith(prefix)), None)

    async def step(self, event: AMGIReceiveEvent | None = None) -> None:
        """Run the call until it awaits ``receive()`` with nothing due, or
        ends; ``event`` is what the parked ``receive()`` returns. An
        exception of the application goes through, the very same object."""
        self.stepping = True
        try:
            self.ended = await _Step(self.iterator, event)
        except BaseException:
            self.ended = True
            raise
        finally:
            self.stepping = False

    def stop(self) -> None:
        """End a parked call: its ``receive()`` raises GeneratorExit."""
        if not self.ended:
            self.ended = True
            self.iterator.close()
