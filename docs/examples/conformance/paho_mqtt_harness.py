"""The conformance harness of amgi-paho-mqtt, against a mosquitto it starts itself.

The server speaks MQTT 5 (its ``protocol`` option), whose user properties
are headers and whose broker answers a refused publication of quality of
service 1 with a reason code, so that a send can fail.

Run it with ``python -m amgi_types.conformance docs/examples/conformance/paho_mqtt_harness.py``
on a machine where ``mosquitto`` is installed (Debian's package).
"""

from __future__ import annotations

import asyncio
import getpass
import shutil
import socket
import subprocess
import tempfile
import threading
from collections import defaultdict
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

import amgi_paho_mqtt
from paho.mqtt.client import Client, MQTTMessage
from paho.mqtt.enums import CallbackAPIVersion, MQTTProtocolVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from amgi_types import AMGIApplication, AMGIReceiveCallable, AMGISendCallable, Scope
from amgi_types.conformance import Capabilities, Message

REFUSED = "refused-out"
# Anonymous clients may use every topic but the refused one.
ACL = f"topic deny {REFUSED}\ntopic readwrite #\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def broker_version(executable: str) -> str:
    banner = subprocess.run([executable, "-h"], capture_output=True, text=True).stdout
    return banner.split()[2]


class PahoMqttHarness:
    capabilities = Capabilities(headers=True, refused_address=REFUSED)

    def __init__(self, server: type[amgi_paho_mqtt.Server] = amgi_paho_mqtt.Server) -> None:
        self._server_class = server
        executable = shutil.which("mosquitto") or (
            "/usr/sbin/mosquitto" if Path("/usr/sbin/mosquitto").exists() else None
        )
        if executable is None:
            raise RuntimeError("mosquitto is not installed (Debian: apt-get install mosquitto)")
        self._executable = executable
        self.name = (
            f"amgi-paho-mqtt {version('amgi-paho-mqtt')} on mosquitto {broker_version(executable)}"
        )

    async def open(self) -> None:
        self._directory = tempfile.TemporaryDirectory()
        self.port = free_port()
        acl = Path(self._directory.name, "acl")
        acl.write_text(ACL)
        config = Path(self._directory.name, "mosquitto.conf")
        config.write_text(
            f"listener {self.port} 127.0.0.1\nallow_anonymous true\nacl_file {acl}\n"
            # Started as root, mosquitto would become the user "mosquitto", who cannot read
            # the temporary directory.
            f"user {getpass.getuser()}\npersistence false\nlog_dest none\n"
        )
        self._process = await asyncio.create_subprocess_exec(
            self._executable,
            "-c",
            str(config),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        for _ in range(500):
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", self.port)
            except OSError:
                await asyncio.sleep(0.01)
            else:
                writer.close()
                await writer.wait_closed()
                break
        else:
            raise RuntimeError(f"mosquitto did not listen on port {self.port}")
        # The harness's own client publishes and watches; paho runs it in a thread.
        self._sent: defaultdict[str, list[Message]] = defaultdict(list)
        self._subscribed = threading.Event()
        self._client = Client(CallbackAPIVersion.VERSION2, protocol=MQTTProtocolVersion.MQTTv5)
        self._client.on_message = self._on_message
        self._client.on_subscribe = lambda *_: self._subscribed.set()
        self._client.connect("127.0.0.1", self.port)
        self._client.loop_start()

    async def close(self) -> None:
        self._client.disconnect()
        self._client.loop_stop()
        self._process.terminate()
        await self._process.wait()
        self._directory.cleanup()

    def _on_message(self, client: Client, userdata: Any, message: MQTTMessage) -> None:
        properties = getattr(message, "properties", None)
        pairs = getattr(properties, "UserProperty", [])
        headers = tuple((name.encode(), value.encode()) for name, value in pairs)
        self._sent[message.topic].append(Message(message.payload, headers))

    async def start(
        self, app: AMGIApplication, *, consume: Sequence[str], watch: Sequence[str]
    ) -> None:
        self._subscribed.clear()
        self._client.subscribe([(address, 1) for address in watch])
        await asyncio.to_thread(self._subscribed.wait, 5)
        # The server calls the application for the lifespan right after its subscription is
        # acknowledged: from then on a published message reaches it.
        ready = asyncio.Event()

        async def watched(
            scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable
        ) -> None:
            ready.set()
            await app(scope, receive, send)

        self._server = self._server_class(
            watched, consume[0], "127.0.0.1", self.port, None, MQTTProtocolVersion.MQTTv5
        )
        self._serving = asyncio.ensure_future(self._server.serve())
        waiting = asyncio.ensure_future(ready.wait())
        await asyncio.wait([waiting, self._serving], return_when=asyncio.FIRST_COMPLETED)
        waiting.cancel()

    async def stop(self) -> None:
        self._server.stop()
        # A server that stopped by itself (a failed startup) has its error here.
        await asyncio.gather(self._serving, return_exceptions=True)

    async def publish(self, address: str, messages: Sequence[Message]) -> None:
        for message in messages:
            properties = Properties(PacketTypes.PUBLISH)
            if message.headers:
                properties.UserProperty = [
                    (name.decode(), value.decode()) for name, value in message.headers
                ]
            info = self._client.publish(address, message.payload, qos=1, properties=properties)
            await asyncio.to_thread(info.wait_for_publish, 5)

    async def sent(self, address: str) -> Sequence[Message]:
        return list(self._sent[address])


harness = PahoMqttHarness
