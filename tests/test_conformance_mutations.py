"""Mutation: for each scenario, a copy of a real server broken in exactly the way the scenario's
rule forbids makes that scenario fail, and leaves the outcome of every other scenario as the
real server's recorded one (or changes only those named, with the reason).

The copy is the server's own source with one edit (or two that make one bug), imported from a
temporary directory; the harness of the real server runs it.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pytest
from conformance_support import SERVERS, harness_module, recorded, require

from amgi_types.conformance import SCENARIOS, Outcome, run


@dataclass(frozen=True)
class Mutant:
    scenario: str
    #: The real server the mutant is a copy of (a key of SERVERS), and its module.
    server: str
    module: str
    #: The class the harness takes, and the keyword it takes it by.
    keyword: str
    attribute: str
    #: Each (text, replacement): the text occurs once in the module's source.
    edits: tuple[tuple[str, str], ...]
    #: Other scenarios whose outcome the bug changes too, with the reason.
    collateral: dict[str, str] = field(default_factory=dict)


_REDIS = {"server": "redis", "module": "amgi_redis", "keyword": "server", "attribute": "Server"}
_KAFKA = {
    "server": "kafka-lambda",
    "module": "amgi_kafka_event_source_mapping",
    "keyword": "handler",
    "attribute": "KafkaEventSourceMappingHandler",
}
_REDIS_LIFESPAN = """\
            async with Lifespan(self._app) as state:
                await self._main_loop(message_send, pubsub, state)
                await asyncio.gather(*self._tasks, return_exceptions=True)
"""

MUTANTS = [
    Mutant(
        "lifespan.startup.before-first-batch",
        **_REDIS,
        edits=(
            (
                _REDIS_LIFESPAN,
                """\
            state: dict[str, Any] = {}
            main_loop = asyncio.ensure_future(self._main_loop(message_send, pubsub, state))
            try:
                async with Lifespan(self._app, state):
                    await main_loop
                    await asyncio.gather(*self._tasks, return_exceptions=True)
            finally:
                main_loop.cancel()
""",
            ),
        ),
    ),
    Mutant(
        "lifespan.state.copied",
        **_REDIS,
        edits=(('"state": state.copy(),', '"state": state,'),),
    ),
    Mutant(
        "lifespan.startup.failed",
        **_REDIS,
        edits=(
            (
                "from amgi_common import Lifespan\n",
                "from amgi_common import Lifespan\nfrom amgi_common import LifespanFailureError\n",
            ),
            (
                _REDIS_LIFESPAN,
                """\
            lifespan = Lifespan(self._app)
            try:
                state = await lifespan.__aenter__()
            except LifespanFailureError:
                state = {}
            await self._main_loop(message_send, pubsub, state)
            await asyncio.gather(*self._tasks, return_exceptions=True)
            await lifespan.__aexit__(None, None, None)
""",
            ),
        ),
    ),
    Mutant(
        "lifespan.unsupported",
        **_REDIS,
        edits=(
            (
                "            async with Lifespan(self._app) as state:\n",
                """\
            lifespan = Lifespan(self._app)
            async with lifespan as state:
                if lifespan._error_occurred:
                    return
""",
            ),
        ),
    ),
    Mutant(
        "message.scope",
        **_REDIS,
        edits=(('"spec_version": "1.0"', '"spec_version": "2.0"'),),
    ),
    Mutant(
        "message.receive.payload",
        **_REDIS,
        edits=(
            (
                '"payload": self._message["data"],',
                '"payload": self._message["data"].decode("latin-1").encode(),',
            ),
        ),
    ),
    Mutant(
        "message.receive.headers",
        **_KAFKA,
        edits=(
            (
                "encoded_headers = list(_encode_record_headers(headers))",
                "encoded_headers = list(_encode_record_headers(headers))[:1]",
            ),
        ),
    ),
    Mutant(
        "message.batch.ids-more-messages",
        **_KAFKA,
        edits=(
            ('"more_messages": len(self._deque) != 0,', '"more_messages": len(self._deque) > 1,'),
        ),
        collateral={
            "message.ack.delivery-order": "a batch of three ends after two messages",
            "message.ack.out-of-order": "a batch of three ends after two messages",
        },
    ),
    Mutant(
        "message.ack.delivery-order",
        **_REDIS,
        edits=(
            (
                'if event["type"] == "message.send":',
                'if event["type"] in ("message.send", "message.nack"):',
            ),
        ),
    ),
    Mutant(
        "message.ack.out-of-order",
        **_KAFKA,
        edits=(
            (
                "        self.record_nacks = record_nacks\n",
                (
                    "        self.record_nacks = record_nacks\n"
                    "        self._delivery_order = list(record_nacks)\n"
                ),
            ),
            (
                """\
        if event["type"] == "message.ack":
            self.record_nacks.pop(event["id"])
""",
                """\
        if event["type"] in ("message.ack", "message.nack"):
            if event["id"] != self._delivery_order.pop(0):
                raise ValueError("acks and nacks must follow delivery order")
        if event["type"] == "message.ack":
            self.record_nacks.pop(event["id"])
""",
            ),
        ),
    ),
    Mutant(
        "message.batch.application-raises",
        **_REDIS,
        edits=(
            (
                "        await self._app(scope, _Receive(message), _Send(message_send))\n",
                """\
        try:
            await self._app(scope, _Receive(message), _Send(message_send))
        except Exception:
            self.stop()
            raise
""",
            ),
        ),
    ),
    Mutant(
        "message.batch.unacked-redelivered",
        server="sqs-lambda",
        module="amgi_sqs_event_source_mapping",
        keyword="handler",
        attribute="SqsEventSourceMappingHandler",
        edits=(
            (
                """\
        if event["type"] == "message.ack":
            self.message_ids.discard(event["id"])
""",
                """\
        if event["type"] in ("message.ack", "message.nack"):
            self.message_ids.discard(event["id"])
""",
            ),
        ),
    ),
    Mutant(
        "message.send",
        **_REDIS,
        edits=(
            (
                'await self._redis.publish(event["address"], event["payload"])',
                'await self._redis.publish(event["address"], b"")',
            ),
        ),
    ),
    Mutant(
        "message.send.failure-oserror",
        server="paho-mqtt",
        module="amgi_paho_mqtt",
        keyword="server",
        attribute="Server",
        edits=(
            (
                "message_future.set_exception(PublishError(reason_code.getName()))",
                "message_future.set_exception(Exception(reason_code.getName()))",
            ),
        ),
    ),
    Mutant(
        "lifespan.shutdown.waits",
        **_REDIS,
        edits=(
            (
                _REDIS_LIFESPAN,
                _REDIS_LIFESPAN.replace(
                    "await asyncio.gather(*self._tasks, return_exceptions=True)", "pass"
                ),
            ),
        ),
    ),
]


def mutant_module(mutant: Mutant, directory: Path) -> ModuleType:
    spec = importlib.util.find_spec(mutant.module)
    assert spec is not None and spec.origin is not None
    source = Path(spec.origin).read_text()
    for text, replacement in mutant.edits:
        assert source.count(text) == 1, f"{mutant.module}: {text!r} is not there once"
        source = source.replace(text, replacement)
    name = f"{mutant.module}_mutant_{mutant.scenario.replace('.', '_').replace('-', '_')}"
    path = directory / f"{name}.py"
    path.write_text(source)
    mutant_spec = importlib.util.spec_from_file_location(name, path)
    assert mutant_spec is not None and mutant_spec.loader is not None
    module = importlib.util.module_from_spec(mutant_spec)
    sys.modules[name] = module
    mutant_spec.loader.exec_module(module)
    return module


def test_every_scenario_has_a_mutant() -> None:
    assert sorted(mutant.scenario for mutant in MUTANTS) == sorted(s.id for s in SCENARIOS)


def test_each_mutant_is_a_copy_of_a_server_that_passes_its_scenario() -> None:
    for mutant in MUTANTS:
        assert recorded(SERVERS[mutant.server])[1][mutant.scenario].outcome == Outcome.PASS


@pytest.mark.parametrize("mutant", MUTANTS, ids=[mutant.scenario for mutant in MUTANTS])
def test_the_mutant_fails_its_scenario_and_leaves_the_others(
    mutant: Mutant, tmp_path: Path
) -> None:
    server = SERVERS[mutant.server]
    require(server)
    module = mutant_module(mutant, tmp_path)
    harness_class = getattr(harness_module(server), server.harness)
    harness = harness_class(**{mutant.keyword: getattr(module, mutant.attribute)})
    outcomes = {result.scenario.id: result.outcome for result in run(harness)}
    assert outcomes.pop(mutant.scenario) == Outcome.FAIL
    expected = {
        scenario: row.outcome
        for scenario, row in recorded(server)[1].items()
        if scenario != mutant.scenario
    }
    changed = {scenario for scenario in outcomes if outcomes[scenario] != expected[scenario]}
    assert changed == set(mutant.collateral)
