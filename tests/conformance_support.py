"""What the conformance tests share: the real servers' harnesses and their recorded verdicts.

The verdicts are the runner's tables on the docs page, in
``docs/conformance/<server>.txt``. After a change to a scenario or a pin,
write them again with
``python -m amgi_types.conformance docs/examples/conformance/<file> > docs/conformance/<server>.txt``.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
HARNESSES = REPO / "docs" / "examples" / "conformance"
RECORDED = REPO / "docs" / "conformance"


@dataclass(frozen=True)
class Server:
    name: str
    file: str
    #: The harness class in the file, which takes the server's class as ``server`` or the
    #: Lambda handler's as ``handler``.
    harness: str
    #: The broker the harness starts, which must be installed.
    broker: str | None = None
    #: A package the harness imports that may be missing.
    needs: str | None = None


SERVERS = {
    server.name: server
    for server in (
        Server("redis", "redis_harness.py", "RedisHarness", broker="redis-server"),
        Server("paho-mqtt", "paho_mqtt_harness.py", "PahoMqttHarness", broker="mosquitto"),
        Server("kafka-lambda", "kafka_lambda_harness.py", "KafkaLambdaHarness"),
        Server("sqs-lambda", "sqs_lambda_harness.py", "SqsLambdaHarness"),
        Server("aiobotocore", "aiobotocore_harness.py", "AiobotocoreHarness", needs="moto"),
    )
}


def require(server: Server) -> None:
    """Skip, saying why, where the server's broker or a package its harness needs is missing."""
    if server.broker is not None and not (
        shutil.which(server.broker) or Path("/usr/sbin", server.broker).exists()
    ):
        pytest.skip(f"{server.broker} is not installed (.ci/run installs it with apt-get)")
    if server.needs is not None and importlib.util.find_spec(server.needs) is None:
        pytest.skip(f"{server.needs} is not installed (the test extra installs it)")


def harness_module(server: Server) -> ModuleType:
    """The harness file, imported by path as the runner imports it."""
    name = f"conformance_harness_{server.name.replace('-', '_')}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, HARNESSES / server.file)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Row:
    level: str
    outcome: str
    details: str


def recorded(server: Server) -> tuple[str, dict[str, Row]]:
    """The recorded table: the harness's name, and each scenario's row."""
    title, _header, rule, *rows = (RECORDED / f"{server.name}.txt").read_text().splitlines()
    name = title.rpartition(": AMGI conformance")[0]
    starts = [0]
    for index in range(1, len(rule)):
        if rule[index - 1] == " " and rule[index] == "-":
            starts.append(index)
    table = {}
    for row in rows:
        cells = [
            row[start:end].strip() for start, end in zip(starts, [*starts[1:], None], strict=True)
        ]
        table[cells[0]] = Row(cells[1], cells[2], cells[3] if len(cells) > 3 else "")
    return name, table
