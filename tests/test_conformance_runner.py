"""The conformance runner: the command's table, --json and exit status, the time limit of each
scenario, capabilities, harness errors, violations, and how a target is named.

The harness is the in-process one of the Kafka Lambda adapter (no broker), or the SQS one for
the command, changed where a test needs a harness or a server that misbehaves.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import amgi_kafka_event_source_mapping
import pytest
from conformance_support import HARNESSES, REPO, SERVERS, harness_module

from amgi_types.conformance import (
    SCENARIOS,
    Capabilities,
    Outcome,
    Result,
    load_harness,
    run,
)
from amgi_types.conformance.__main__ import failed

KafkaLambdaHarness: Any = harness_module(SERVERS["kafka-lambda"]).KafkaLambdaHarness
BY_ID = {scenario.id: scenario for scenario in SCENARIOS}


@pytest.fixture(scope="module")
def command(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, Any]:
    report = tmp_path_factory.mktemp("report") / "report.json"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "amgi_types.conformance",
            str(HARNESSES / "sqs_lambda_harness.py"),
            "--json",
            str(report),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    return completed.returncode, completed.stdout, json.loads(report.read_text())


def test_the_command_prints_a_row_per_scenario_with_level_and_outcome(
    command: tuple[int, str, Any],
) -> None:
    _, stdout, _ = command
    title, header, _rule, *rows = stdout.splitlines()
    assert re.fullmatch(
        r"amgi-sqs-event-source-mapping 0\.34\.0, in process: AMGI conformance, "
        r"\d{4}-\d\d-\d\d \d\d:\d\d UTC",
        title,
    )
    assert header.split() == ["scenario", "level", "outcome", "details"]
    assert [row.split()[0] for row in rows] == [scenario.id for scenario in SCENARIOS]
    startup = rows[[s.id for s in SCENARIOS].index("lifespan.startup.failed")]
    assert startup.split()[1:3] == ["MUST", "fail"]
    assert "a batch was delivered after the application sent lifespan.startup.failed" in startup


def test_the_json_file_holds_id_level_outcome_and_details_of_each_scenario(
    command: tuple[int, str, Any],
) -> None:
    _, _, report = command
    assert report["harness"] == "amgi-sqs-event-source-mapping 0.34.0, in process"
    assert [entry["id"] for entry in report["scenarios"]] == [s.id for s in SCENARIOS]
    for entry, scenario in zip(report["scenarios"], SCENARIOS, strict=True):
        assert entry["level"] == scenario.level
        assert entry["addition"] == scenario.addition
        assert entry["outcome"] in {"pass", "fail", "not-applicable", "error"}
        assert isinstance(entry["details"], str)
        assert entry["violations"] == []
    outcomes = {entry["id"]: entry["outcome"] for entry in report["scenarios"]}
    assert outcomes["lifespan.startup.failed"] == "fail"
    assert outcomes["message.send.failure-oserror"] == "not-applicable"


def test_the_command_exits_1_when_a_must_scenario_fails(command: tuple[int, str, Any]) -> None:
    assert command[0] == 1


def _result(scenario_id: str, outcome: str) -> Result:
    return Result(BY_ID[scenario_id], outcome, "", 0.0)


def test_the_exit_status_counts_must_failures_and_errors_only() -> None:
    should_failed = _result("message.send.failure-oserror", Outcome.FAIL)
    must_passed = _result("message.scope", Outcome.PASS)
    not_applicable = _result("message.receive.headers", Outcome.NOT_APPLICABLE)
    assert not failed([should_failed, must_passed, not_applicable])
    assert failed([must_passed, _result("lifespan.startup.failed", Outcome.FAIL)])
    assert failed([must_passed, _result("message.send.failure-oserror", Outcome.ERROR)])


class _StuckHandler(amgi_kafka_event_source_mapping.KafkaEventSourceMappingHandler):
    """Never ends a batch."""

    async def _call_source_batch(self, *args: Any) -> Any:
        await asyncio.Event().wait()


def test_a_server_that_never_ends_a_batch_fails_the_scenario_at_its_time_limit() -> None:
    (result,) = run(KafkaLambdaHarness(handler=_StuckHandler), [BY_ID["message.scope"]], timeout=1)
    assert result.outcome == Outcome.FAIL
    assert result.details.startswith("the scenario did not finish within 1 s")


def test_a_capability_the_harness_lacks_makes_its_scenario_not_applicable() -> None:
    class WithoutHeaders(KafkaLambdaHarness):  # type: ignore[misc, valid-type]
        capabilities = Capabilities(batches=True, redelivery=True)

    headers = BY_ID["message.receive.headers"]
    (without,) = run(WithoutHeaders(), [headers])
    (with_headers,) = run(KafkaLambdaHarness(), [headers])
    assert (without.outcome, without.details) == (
        Outcome.NOT_APPLICABLE,
        "the broker carries no headers",
    )
    assert with_headers.outcome == Outcome.PASS


def test_an_exception_from_the_harness_is_an_error_not_a_failure() -> None:
    class BrokerDown(KafkaLambdaHarness):  # type: ignore[misc, valid-type]
        async def publish(self, address: str, messages: Any) -> None:
            raise ConnectionRefusedError("the broker is down")

    (result,) = run(BrokerDown(), [BY_ID["message.scope"]])
    assert (result.outcome, result.details) == (
        Outcome.ERROR,
        "ConnectionRefusedError: the broker is down",
    )


def test_a_violation_by_the_server_fails_the_scenario_that_saw_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def header_lists(headers: Any) -> Iterator[Any]:
        for header in headers:
            for name, value in header.items():
                yield [name.encode(), bytes(value)]

    monkeypatch.setattr(amgi_kafka_event_source_mapping, "_encode_record_headers", header_lists)
    (result,) = run(KafkaLambdaHarness(), [BY_ID["message.receive.headers"]])
    assert result.outcome == Outcome.FAIL
    assert {violation.side for violation in result.violations} == {"server"}
    first = result.violations[0]
    assert result.details.endswith(f"{first.rule} ({first.level}): {first.text}")
    assert "headers" in first.text


def test_a_file_path_names_its_harness_attribute() -> None:
    harness = load_harness(str(HARNESSES / "kafka_lambda_harness.py"))
    assert harness.name == "amgi-kafka-event-source-mapping 0.34.0, in process"
    named = load_harness(f"{HARNESSES / 'sqs_lambda_harness.py'}:SqsLambdaHarness")
    assert named.name.startswith("amgi-sqs-event-source-mapping")


def test_a_module_attribute_names_a_harness(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "my_server_conformance.py").write_text(
        (HARNESSES / "kafka_lambda_harness.py").read_text()
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    harness = load_harness("my_server_conformance:KafkaLambdaHarness")
    assert harness.capabilities == Capabilities(headers=True, batches=True, redelivery=True)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("no/such/file.py", "no/such/file.py: no such file"),
        (
            f"{HARNESSES / 'kafka_lambda_harness.py'}:missing",
            "kafka_lambda_harness.py has no attribute 'missing'",
        ),
        (f"{HARNESSES / 'kafka_lambda_harness.py'}:record", "record is not a harness"),
    ],
)
def test_a_target_that_names_no_harness_is_reported_with_the_target(
    target: str, message: str
) -> None:
    with pytest.raises(LookupError, match=re.escape(message)):
        load_harness(target)
    completed = subprocess.run(
        [sys.executable, "-m", "amgi_types.conformance", target],
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 2
    assert message in completed.stderr


def test_each_scenario_has_a_unique_id_a_level_and_a_section_of_its_page() -> None:
    assert len({scenario.id for scenario in SCENARIOS}) == len(SCENARIOS)
    for scenario in SCENARIOS:
        assert scenario.level in {"MUST", "SHOULD"}
        page = (REPO / "docs" / f"{scenario.page}.rst").read_text()
        assert f".. _{scenario.section}:\n" in page, scenario.id
