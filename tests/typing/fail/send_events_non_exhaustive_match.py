"""``assert_never`` in ``case _`` catches a send event type that is not matched."""

from typing_extensions import assert_never

from amgi_types import AMGISendEvent


def kind(event: AMGISendEvent) -> str:
    match event["type"]:
        case "message.ack" | "message.nack" | "message.send":
            return "message"
        case "lifespan.startup.complete" | "lifespan.startup.failed":
            return "startup"
        case _:
            assert_never(event["type"])  # expect-error
