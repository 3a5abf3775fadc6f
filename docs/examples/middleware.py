"""Middleware: decompress gzip payloads on the way in, log nacks on the way out."""

import gzip
import logging

from amgi_types import (
    AMGIApplication,
    AMGIReceiveCallable,
    AMGIReceiveEvent,
    AMGISendCallable,
    AMGISendEvent,
    Scope,
)

logger = logging.getLogger(__name__)

GZIP = (b"content-encoding", b"gzip")


class GzipMiddleware:
    """Hands the application the decompressed payload of gzip-encoded messages."""

    def __init__(self, app: AMGIApplication) -> None:
        self.app = app

    async def __call__(
        self, scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable
    ) -> None:
        if scope["type"] != "message":
            # Every other protocol passes through untouched, lifespan included.
            await self.app(scope, receive, send)
            return
        address = scope["address"]

        async def receive_decompressed() -> AMGIReceiveEvent:
            event = await receive()
            if event["type"] != "message.receive" or GZIP not in event["headers"]:
                return event
            # A copy keeps the keys this middleware does not know, and leaves
            # the server's own dictionary as the server made it.
            decompressed = event.copy()
            decompressed["headers"] = [h for h in event["headers"] if h != GZIP]
            payload = event.get("payload")
            decompressed["payload"] = None if payload is None else gzip.decompress(payload)
            return decompressed

        async def send_logging_nacks(event: AMGISendEvent) -> None:
            if event["type"] == "message.nack":
                logger.warning("%s: message %s nacked: %s", address, event["id"], event["message"])
            await send(event)

        await self.app(scope, receive_decompressed, send_logging_nacks)


def wrap(app: AMGIApplication) -> AMGIApplication:
    """The middleware is an application itself, so it can be wrapped in turn."""
    return GzipMiddleware(app)
