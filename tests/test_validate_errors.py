"""ValidationError keeps its errors and side through pickle and copy, so it
crosses process pools and test runners' workers as raised."""

from __future__ import annotations

import asyncio
import copy
import pickle
import sys
from typing import Any

import pytest

from amgi_types.validate import ValidationError, check_send_event, validator

MANY = [f"send event[\"headers\"][{i}][0]: expected bytes, got str ('h')" for i in range(25)]


def raised_by_check() -> ValidationError:
    with pytest.raises(ValidationError) as info:
        check_send_event({"type": "message.send", "address": "a", "headers": [("h", b"v")] * 25})
    return info.value


def raised_by_validator() -> ValidationError:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "message.ack", "id": "never"})

    scope = {"type": "message", "amgi": {"version": "1.0", "spec_version": "1.0"}, "address": "a"}
    with pytest.raises(ValidationError) as info:
        asyncio.run(validator(app)(scope, None, None))  # type: ignore[arg-type]
    return info.value


COPIES = {
    "pickle": lambda e: pickle.loads(pickle.dumps(e)),
    "pickle protocol 0": lambda e: pickle.loads(pickle.dumps(e, protocol=0)),
    "copy": copy.copy,
    "deepcopy": copy.deepcopy,
}


@pytest.mark.parametrize("how", COPIES)
@pytest.mark.parametrize(
    "origin", [raised_by_check, raised_by_validator], ids=["check", "validator"]
)
def test_errors_side_and_message_survive(how: str, origin: Any) -> None:
    error = origin()
    if sys.version_info >= (3, 11):
        error.add_note("seen in worker 3")
    copied = COPIES[how](error)
    assert type(copied) is ValidationError
    assert copied.errors == error.errors and copied.side == error.side
    assert str(copied) == str(error) and copied.args == error.args
    assert getattr(copied, "__notes__", None) == getattr(error, "__notes__", None)


def test_the_check_error_holds_every_line() -> None:
    error = raised_by_check()
    assert list(error.errors) == MANY and error.side is None
    assert raised_by_validator().side == "application"
