"""The framework of the batched era under validator(app): its own tests of
the send-error path (a test server whose send() raises a plain Exception, a
handler that checks it got that very object) pass, with one
RecommendationWarning for the server's departure from the SHOULD."""

# No postponed annotations: asyncfast reads the handler's at run time.
import asyncio
import warnings
from typing import Any

import pytest

from amgi_types.validate import RecommendationWarning, collect, validator

asyncfast = pytest.importorskip(
    "asyncfast", reason="asyncfast (requirements/batched-era.txt) is not installed"
)

SCOPE = {"type": "message", "amgi": {"version": "1.0", "spec_version": "1.0"}, "address": "orders"}


class Out(asyncfast.Message, address="out"):  # type: ignore[misc,name-defined]
    pass


@pytest.mark.parametrize("strict", [True, False], ids=["strict", "warning mode"])
def test_the_frameworks_send_error_path_gets_the_servers_exception(strict: bool) -> None:
    app = asyncfast.AsyncFast()
    caught: list[BaseException] = []
    failure = Exception("test")

    @app.channel("orders")  # type: ignore[untyped-decorator]
    async def handler(sender: asyncfast.MessageSender[Out]) -> None:  # type: ignore[name-defined]
        try:
            await sender.send(Out())
        except Exception as e:
            caught.append(e)

    pending = [{"type": "message.receive", "id": "1", "headers": [], "payload": b"{}"}]
    sent: list[Any] = []

    async def receive() -> Any:
        return pending.pop(0)

    async def send(event: Any) -> None:
        if event["type"] == "message.send":
            raise failure
        sent.append(event)

    with warnings.catch_warnings(record=True) as warned, collect() as violations:
        warnings.simplefilter("always")
        asyncio.run(validator(app, strict=strict)(SCOPE, receive, send))
    assert caught == [failure] and caught[0] is failure
    assert sent == [{"type": "message.ack", "id": "1"}]
    assert [w.category for w in warned] == [RecommendationWarning]
    assert [v.rule for v in violations] == ["message.send.oserror"]
