"""A server handles every ``AMGISendEvent``; ``assert_never`` proves nothing is left."""

from typing_extensions import assert_never

from amgi_types import AMGISendEvent


class Broker:
    def commit(self, message_id: str) -> None: ...

    def reject(self, message_id: str, reason: str) -> None: ...

    def publish(
        self, topic: str, headers: list[tuple[bytes, bytes]], body: bytes | None
    ) -> None: ...

    def log(self, text: str) -> None: ...


def handle(broker: Broker, event: AMGISendEvent) -> None:
    if event["type"] == "message.ack":
        broker.commit(event["id"])
    elif event["type"] == "message.nack":
        broker.reject(event["id"], event["message"])
    elif event["type"] == "message.send":
        broker.publish(event["address"], list(event["headers"]), event.get("payload"))
    elif event["type"] == "lifespan.startup.complete":
        broker.log("started")
    elif event["type"] == "lifespan.startup.failed":
        broker.log(event["message"])
    elif event["type"] == "lifespan.shutdown.complete":
        broker.log("stopped")
    elif event["type"] == "lifespan.shutdown.failed":
        broker.log(event["message"])
    else:
        assert_never(event)


def summary(event: AMGISendEvent) -> str:
    match event["type"]:
        case "message.ack" | "message.nack":
            return f"settled {event['id']}"
        case "message.send":
            return f"sent to {event['address']}"
        case "lifespan.startup.failed" | "lifespan.shutdown.failed":
            return f"failed: {event['message']}"
        case "lifespan.startup.complete" | "lifespan.shutdown.complete":
            return "done"
        case _:
            assert_never(event["type"])
