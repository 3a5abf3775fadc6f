"""The conformance harness of amgi-kafka-event-source-mapping, the AWS Lambda adapter, in process.

The harness plays the Lambda platform: it hands the handler the event of a
Kafka event source mapping, one invocation at a time, and retries a failed
invocation the way the platform does. No broker: what the application
sends goes to an in-process sink given as the handler's ``message_send``.

Run it with
``python -m amgi_types.conformance docs/examples/conformance/kafka_lambda_harness.py``.
"""

from __future__ import annotations

import asyncio
import base64
import contextvars
import itertools
import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from importlib.metadata import version
from types import TracebackType
from typing import Any, TypeVar, final

import amgi_kafka_event_source_mapping

from amgi_types import AMGIApplication, MessageSendEvent
from amgi_types.conformance import Capabilities, Message

T = TypeVar("T")

# Lambda retries a failed invocation of a Kafka event source mapping with the
# same records; this many times here, soon, rather than until they expire.
RETRIES = 2


async def in_thread(function: Callable[[], T]) -> T:
    """``function()`` in a thread of its own, with this task's context variables.

    Not the default executor: a handler that never returns must not keep the
    process from exiting.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()
    context = contextvars.copy_context()

    def settle(result: Any, exception: BaseException | None) -> None:
        if future.done():
            return
        if exception is None:
            future.set_result(result)
        else:
            future.set_exception(exception)

    def target() -> None:
        try:
            result = context.run(function)
        except BaseException as exception:
            loop.call_soon_threadsafe(settle, None, exception)
        else:
            loop.call_soon_threadsafe(settle, result, None)

    threading.Thread(target=target, daemon=True).start()
    return await future


@final
class Sink:
    """The handler's ``message_send``: keeps what the application sent, by address."""

    def __init__(self) -> None:
        self.sent: defaultdict[str, list[Message]] = defaultdict(list)

    async def __aenter__(self) -> Sink:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        pass

    async def __call__(self, event: MessageSendEvent) -> None:
        headers = tuple((bytes(name), bytes(value)) for name, value in event["headers"])
        self.sent[event["address"]].append(Message(event.get("payload"), headers))


def record(address: str, offset: int, message: Message) -> dict[str, Any]:
    key = message.bindings.get("kafka", {}).get("key")
    return {
        "topic": address,
        "partition": 0,
        "offset": offset,
        "timestamp": 0,
        "timestampType": "CREATE_TIME",
        "key": None if key is None else base64.b64encode(key).decode(),
        "value": None if message.payload is None else base64.b64encode(message.payload).decode(),
        "headers": [{name.decode(): list(value)} for name, value in message.headers],
    }


class KafkaLambdaHarness:
    name = (
        f"amgi-kafka-event-source-mapping {version('amgi-kafka-event-source-mapping')}, in process"
    )
    capabilities = Capabilities(headers=True, batches=True, redelivery=True)

    def __init__(
        self,
        handler: type[
            amgi_kafka_event_source_mapping.KafkaEventSourceMappingHandler
        ] = amgi_kafka_event_source_mapping.KafkaEventSourceMappingHandler,
    ) -> None:
        self._handler_class = handler

    async def open(self) -> None:
        pass

    async def close(self) -> None:
        pass

    async def start(
        self, app: AMGIApplication, *, consume: Sequence[str], watch: Sequence[str]
    ) -> None:
        self._sink = Sink()
        # Made in the main thread: the handler sets a SIGTERM handler on its event loop.
        self._handler = self._handler_class(app, message_send=self._sink)
        self._offsets = itertools.count()
        # Held by the thread of an invocation: one at a time, even after a time limit
        # gave up waiting for one.
        self._one_at_a_time = threading.Lock()
        self._retries: set[asyncio.Task[None]] = set()

    async def _invoke(self, event: dict[str, Any], retries: int) -> None:
        try:
            await in_thread(lambda: self._call(event))
        except Exception:
            if retries:
                self._retries.add(asyncio.ensure_future(self._invoke(event, retries - 1)))
            raise

    def _call(self, event: dict[str, Any] | None) -> Any:
        """In the invocation's thread: the handler with ``event``, or its shutdown."""
        with self._one_at_a_time:
            if event is None:
                return self._handler._sigterm_handler()
            return self._handler(event, None)  # type: ignore[arg-type]

    async def publish(self, address: str, messages: Sequence[Message]) -> None:
        records = [record(address, next(self._offsets), message) for message in messages]
        event = {
            "eventSource": "aws:kafka",
            "bootstrapServers": "127.0.0.1:9092",
            "records": {f"{address}-0": records},
        }
        await self._invoke(event, RETRIES)

    async def stop(self) -> None:
        # The platform shuts a function down between invocations, never during one.
        while pending := [retry for retry in self._retries if not retry.done()]:
            await asyncio.gather(*pending, return_exceptions=True)
        # SIGTERM is the adapter's only way to shut down: its handler, called as the signal
        # would call it, runs the lifespan shutdown; closing the loop then removes the signal
        # handler it set.
        await in_thread(lambda: self._call(None))
        self._handler._loop.close()

    async def sent(self, address: str) -> Sequence[Message]:
        return list(self._sink.sent[address])


harness = KafkaLambdaHarness
