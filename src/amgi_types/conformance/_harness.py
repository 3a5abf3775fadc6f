"""What a server author implements: the harness, its capabilities, and the messages it carries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from amgi_types import AMGIApplication


@dataclass(frozen=True)
class Message:
    """A message as published to the broker, or as found there after the application sent it."""

    payload: bytes | None
    headers: tuple[tuple[bytes, bytes], ...] = ()
    #: The protocol bindings to publish with, where the broker has them.
    bindings: Mapping[str, Mapping[str, Any]] = field(default_factory=dict[str, Mapping[str, Any]])


@dataclass(frozen=True)
class Capabilities:
    """What the broker, as the harness drives it, can do.

    A scenario that needs a capability the harness does not declare is
    reported ``not-applicable``, never failed.
    """

    #: Messages carry headers, both ways.
    headers: bool = False
    #: The messages of one :meth:`Harness.publish` call reach the application as one batch.
    batches: bool = False
    #: A message that was not acked is delivered again, soon enough for a scenario to see it
    #: (within a few seconds).
    redelivery: bool = False
    #: An address the broker refuses to take messages for, so that a send to it fails.
    refused_address: str | None = None


class Harness(Protocol):
    """A server under test, with the broker it talks to.

    The runner calls :meth:`open` once, then, for each scenario,
    :meth:`start`, some :meth:`publish` and :meth:`sent` calls and
    :meth:`stop`, and :meth:`close` at the end. Every method is a coroutine
    run in the runner's event loop; one that blocks (a serverless handler
    is a plain function) runs its work in a thread.
    """

    #: Shown in the report: the server's name and version, and the broker's.
    name: str
    capabilities: Capabilities

    async def open(self) -> None:
        """Start the broker (on a free local port, in a temporary directory) if there is one."""

    async def close(self) -> None:
        """Stop the broker and remove what :meth:`open` made."""

    async def start(
        self, app: AMGIApplication, *, consume: Sequence[str], watch: Sequence[str]
    ) -> None:
        """Start a server running ``app``, consuming from the ``consume`` addresses.

        Return once a message published afterwards will be delivered (the
        server may still be running the application's lifespan startup). If
        the server stops by itself (a failed startup), return or raise, as
        the server does. ``watch`` are the addresses the application will
        send to: :meth:`sent` reads them.
        """

    async def stop(self) -> None:
        """Ask the server to stop, the way its users do, and return once it has."""

    async def publish(self, address: str, messages: Sequence[Message]) -> None:
        """Publish ``messages`` to ``address``, in order.

        A serverless harness delivers them here (one invocation) and may
        raise what the invocation raises.
        """

    async def sent(self, address: str) -> Sequence[Message]:
        """Every message that reached the broker at a watched ``address`` so far, in order."""
        ...
