"""Every ``AMGIReceiveEvent`` is handled; ``assert_never`` proves nothing is left.

Matching on ``event["type"]`` narrows ``event`` itself in each case under all
four checkers.
"""

from typing_extensions import assert_never

from amgi_types import AMGIReceiveEvent


def describe_with_if(event: AMGIReceiveEvent) -> str:
    if event["type"] == "message.receive":
        return f"message {event['id']} with {len(event['headers'])} headers"
    elif event["type"] == "lifespan.startup":
        return "startup"
    elif event["type"] == "lifespan.shutdown":
        return "shutdown"
    else:
        assert_never(event)


def describe_with_match(event: AMGIReceiveEvent) -> str:
    match event["type"]:
        case "message.receive":
            return f"message {event['id']}"
        case "lifespan.startup":
            return "startup"
        case "lifespan.shutdown":
            return "shutdown"
        case _:
            assert_never(event["type"])
