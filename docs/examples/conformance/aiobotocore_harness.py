"""The conformance harness of amgi-aiobotocore (SQS), against moto's server it starts itself.

Run it with ``python -m amgi_types.conformance docs/examples/conformance/aiobotocore_harness.py``
where ``moto[server]`` is installed.
"""

from __future__ import annotations

import asyncio
import socket
import sys
from collections import defaultdict
from collections.abc import Sequence
from importlib.metadata import version
from typing import Any

import amgi_aiobotocore.sqs
from aiobotocore.session import get_session

from amgi_types import AMGIApplication
from amgi_types.conformance import Capabilities, Message

# Never created: SQS refuses a message for a queue that does not exist.
REFUSED = "refused-out"
# Moto checks no credentials; the region and keys are given so that nothing is read
# from the environment or ~/.aws.
CLIENT = {"region_name": "us-east-1", "aws_access_key_id": "moto", "aws_secret_access_key": "moto"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class AiobotocoreHarness:
    # SQS keeps a message that was not deleted and delivers it again once its
    # visibility timeout is over (one second on the queues made here). The
    # server receives one message at a time: batches of one.
    capabilities = Capabilities(headers=True, redelivery=True, refused_address=REFUSED)
    name = (
        f"amgi-aiobotocore {version('amgi-aiobotocore')} on moto {version('moto')} (SQS), "
        f"aiobotocore {version('aiobotocore')}"
    )

    def __init__(self, server: type[amgi_aiobotocore.sqs.Server] = amgi_aiobotocore.sqs.Server):
        self._server_class = server

    async def open(self) -> None:
        port = free_port()
        self.endpoint = f"http://127.0.0.1:{port}"
        self._process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "moto.server",
            "-H",
            "127.0.0.1",
            "-p",
            str(port),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        self._client_context = get_session().create_client(
            "sqs", endpoint_url=self.endpoint, **CLIENT
        )
        self._client = await self._client_context.__aenter__()
        for _ in range(300):
            try:
                await self._client.list_queues()
                return
            except Exception:
                await asyncio.sleep(0.05)
        raise RuntimeError(f"moto's server did not answer on port {port}")

    async def close(self) -> None:
        await self._client_context.__aexit__(None, None, None)
        self._process.terminate()
        await self._process.wait()

    async def _queue(self, name: str) -> str:
        created = await self._client.create_queue(
            QueueName=name, Attributes={"VisibilityTimeout": "1"}
        )
        url: str = created["QueueUrl"]
        return url

    async def start(
        self, app: AMGIApplication, *, consume: Sequence[str], watch: Sequence[str]
    ) -> None:
        self._urls = {name: await self._queue(name) for name in [*consume, *watch]}
        self._sent: defaultdict[str, list[Message]] = defaultdict(list)
        self._server = self._server_class(app, *consume, endpoint_url=self.endpoint, **CLIENT)
        # SQS keeps what is published until the server receives it: ready at once.
        self._serving = asyncio.ensure_future(self._server.serve())

    async def stop(self) -> None:
        self._server.stop()
        # A server that stopped by itself (a failed startup) has its error here.
        await asyncio.gather(self._serving, return_exceptions=True)

    async def publish(self, address: str, messages: Sequence[Message]) -> None:
        for message in messages:
            attributes = {
                name.decode(): {"DataType": "String", "StringValue": value.decode()}
                for name, value in message.headers
            }
            await self._client.send_message(
                QueueUrl=self._urls[address],
                MessageBody=(message.payload or b"").decode(),
                MessageAttributes=attributes,
            )

    async def sent(self, address: str) -> Sequence[Message]:
        received: dict[str, Any] = await self._client.receive_message(
            QueueUrl=self._urls[address], MaxNumberOfMessages=10, MessageAttributeNames=["All"]
        )
        for found in received.get("Messages", ()):
            headers = tuple(
                (name.encode(), value["StringValue"].encode())
                for name, value in found.get("MessageAttributes", {}).items()
            )
            self._sent[address].append(Message(found["Body"].encode(), headers))
            await self._client.delete_message(
                QueueUrl=self._urls[address], ReceiptHandle=found["ReceiptHandle"]
            )
        return list(self._sent[address])


harness = AiobotocoreHarness
