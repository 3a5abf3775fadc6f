"""The conformance harness of amgi-redis, against a redis-server it starts itself.

Run it with ``python -m amgi_types.conformance docs/examples/conformance/redis_harness.py``
on a machine where ``redis-server`` is installed (Debian's package).
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import socket
import subprocess
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

import amgi_redis
import redis.asyncio

from amgi_types import AMGIApplication
from amgi_types.conformance import Capabilities, Message

# Redis pub/sub carries a payload and nothing else: no headers, one message at
# a time, nothing delivered again. A channel outside the ones the ACL lets
# the default user publish to is refused: that is how a send fails.
REFUSED = "refused-out"
ACL = "user default on nopass ~* &amgi-* +@all"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class RedisHarness:
    capabilities = Capabilities(refused_address=REFUSED)

    def __init__(self, server: type[amgi_redis.Server] = amgi_redis.Server) -> None:
        self._server_class = server
        executable = shutil.which("redis-server")
        if executable is None:
            raise RuntimeError(
                "redis-server is not installed (Debian: apt-get install redis-server)"
            )
        self._executable = executable
        broker = subprocess.run(
            [executable, "--version"], capture_output=True, text=True, check=True
        ).stdout.split()[2]
        self.name = (
            f"amgi-redis {version('amgi-redis')} on redis-server {broker.removeprefix('v=')}"
        )

    async def open(self) -> None:
        self._directory = tempfile.TemporaryDirectory()
        port = free_port()
        config = Path(self._directory.name, "redis.conf")
        config.write_text(
            f"port {port}\nbind 127.0.0.1\ndir {self._directory.name}\n"
            f'save ""\nappendonly no\n{ACL}\n'
        )
        self._process = await asyncio.create_subprocess_exec(
            self._executable,
            str(config),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        self.url = f"redis://127.0.0.1:{port}"
        self._client = redis.asyncio.from_url(self.url)
        for _ in range(500):
            with contextlib.suppress(redis.ConnectionError):
                await self._client.ping()
                return
            await asyncio.sleep(0.01)
        raise RuntimeError(f"redis-server did not answer on port {port}")

    async def close(self) -> None:
        await self._client.aclose()
        self._process.terminate()
        await self._process.wait()
        self._directory.cleanup()

    async def start(
        self, app: AMGIApplication, *, consume: Sequence[str], watch: Sequence[str]
    ) -> None:
        self._sent: defaultdict[str, list[Message]] = defaultdict(list)
        self._watcher = self._client.pubsub()
        await self._watcher.subscribe(*watch)
        self._watching = asyncio.ensure_future(self._watch())
        self._server = self._server_class(app, *consume, url=self.url)
        self._serving = asyncio.ensure_future(self._server.serve())
        # Ready once the server has subscribed: Redis keeps what is published
        # from then on for it, even while the lifespan startup runs.
        while not self._serving.done():
            subscribers = dict(await self._client.pubsub_numsub(*consume))
            if all(subscribers.get(address.encode()) for address in consume):
                return
            await asyncio.sleep(0.01)

    async def _watch(self) -> None:
        async for message in self._watcher.listen():
            if message["type"] == "message":
                self._sent[message["channel"].decode()].append(Message(message["data"]))

    async def stop(self) -> None:
        self._server.stop()
        # A server that stopped by itself (a failed startup) has its error here.
        await asyncio.gather(self._serving, return_exceptions=True)
        self._watching.cancel()
        await asyncio.gather(self._watching, return_exceptions=True)
        await self._watcher.aclose()

    async def publish(self, address: str, messages: Sequence[Message]) -> None:
        for message in messages:
            await self._client.publish(address, message.payload or b"")

    async def sent(self, address: str) -> Sequence[Message]:
        return list(self._sent[address])


harness = RedisHarness
