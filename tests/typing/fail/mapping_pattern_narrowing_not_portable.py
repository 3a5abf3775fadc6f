"""Mapping patterns on the event do not narrow it under every checker.

``match event: case {"type": ...}`` narrows ``event`` in pyright and ty.
mypy narrows neither inside a case nor for exhaustiveness; pyrefly narrows
inside a case but still sees every event in ``case _``. Matching on
``event["type"]`` instead (pass/receive_event_exhaustive_narrowing.py) works
under all four.
"""

from typing_extensions import assert_never

from amgi_types import AMGIReceiveEvent


def describe(event: AMGIReceiveEvent) -> str:
    match event:
        case {"type": "message.receive"}:
            return event["id"]  # expect-error: mypy
        case {"type": "lifespan.startup"}:
            return "startup"
        case {"type": "lifespan.shutdown"}:
            return "shutdown"
        case _:
            assert_never(event)  # expect-error: mypy, pyrefly
