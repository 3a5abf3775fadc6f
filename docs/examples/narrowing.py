"""Narrowing an event union on its ``type`` key, exhaustively."""

import sys

if sys.version_info >= (3, 11):
    from typing import assert_never
else:
    from typing_extensions import assert_never

from amgi_types import AMGISendEvent


def describe(event: AMGISendEvent) -> str:
    """Say in one line what an application sent, for a server's log."""
    if event["type"] == "message.ack":
        return f"acked {event['id']}"
    elif event["type"] == "message.nack":
        return f"nacked {event['id']}: {event['message']}"
    elif event["type"] == "message.send":
        return f"sent {len(event.get('payload') or b'')} bytes to {event['address']}"
    elif event["type"] == "lifespan.startup.complete":
        return "started"
    elif event["type"] == "lifespan.startup.failed":
        return f"could not start: {event['message']}"
    elif event["type"] == "lifespan.shutdown.complete":
        return "stopped"
    elif event["type"] == "lifespan.shutdown.failed":
        return f"could not stop cleanly: {event['message']}"
    else:
        # A new event type in AMGISendEvent makes every checker flag this line.
        assert_never(event)
