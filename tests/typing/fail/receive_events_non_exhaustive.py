"""``assert_never`` catches a receive event type that is not handled."""

from typing_extensions import assert_never

from amgi_types import AMGIReceiveEvent


def describe(event: AMGIReceiveEvent) -> str:
    if event["type"] == "message.receive":
        return event["id"]
    elif event["type"] == "lifespan.startup":
        return "startup"
    else:
        assert_never(event)  # expect-error
