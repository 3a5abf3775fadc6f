"""The conformance suite against the real servers of the batched era gives the verdicts the
docs page shows: one test per server and scenario, the suite run once per server."""

from __future__ import annotations

import functools

import pytest
from conformance_support import SERVERS, harness_module, recorded, require

from amgi_types.conformance import SCENARIOS, Result, run


@functools.cache
def results(name: str) -> dict[str, Result]:
    server = SERVERS[name]
    harness = getattr(harness_module(server), server.harness)()
    return {result.scenario.id: result for result in run(harness)}


@pytest.mark.parametrize("name", SERVERS)
def test_the_recorded_table_names_the_versions_the_harness_runs(name: str) -> None:
    server = SERVERS[name]
    require(server)
    harness = getattr(harness_module(server), server.harness)()
    assert recorded(server)[0] == harness.name


@pytest.mark.parametrize("name", SERVERS)
def test_the_recorded_table_has_a_row_for_every_scenario(name: str) -> None:
    assert list(recorded(SERVERS[name])[1]) == [scenario.id for scenario in SCENARIOS]


@pytest.mark.parametrize("scenario", [scenario.id for scenario in SCENARIOS])
@pytest.mark.parametrize("name", SERVERS)
def test_the_server_gets_the_recorded_verdict(name: str, scenario: str) -> None:
    server = SERVERS[name]
    require(server)
    expected = recorded(server)[1][scenario]
    found = results(name)[scenario]
    assert (found.outcome, found.details) == (expected.outcome, expected.details)
