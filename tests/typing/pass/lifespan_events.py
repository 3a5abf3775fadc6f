"""Every event of the lifespan protocol, both directions."""

from amgi_types import (
    AMGIReceiveEvent,
    AMGISendEvent,
    LifespanShutdownCompleteEvent,
    LifespanShutdownEvent,
    LifespanShutdownFailedEvent,
    LifespanStartupCompleteEvent,
    LifespanStartupEvent,
    LifespanStartupFailedEvent,
)

startup: LifespanStartupEvent = {"type": "lifespan.startup"}
shutdown: LifespanShutdownEvent = {"type": "lifespan.shutdown"}
started: LifespanStartupCompleteEvent = {"type": "lifespan.startup.complete"}
start_failed: LifespanStartupFailedEvent = {
    "type": "lifespan.startup.failed",
    "message": "no broker",
}
stopped: LifespanShutdownCompleteEvent = {"type": "lifespan.shutdown.complete"}
stop_failed: LifespanShutdownFailedEvent = {
    "type": "lifespan.shutdown.failed",
    "message": "flush timed out",
}
received: list[AMGIReceiveEvent] = [startup, shutdown]
sent: list[AMGISendEvent] = [started, start_failed, stopped, stop_failed]
