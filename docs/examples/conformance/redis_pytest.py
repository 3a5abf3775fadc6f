"""The conformance scenarios as pytest tests, one each, against the Redis harness."""

from __future__ import annotations

import pytest
from redis_harness import RedisHarness

from amgi_types.conformance import SCENARIOS, Outcome, Scenario, run_scenario


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[scenario.id for scenario in SCENARIOS])
def test_conformance(scenario: Scenario) -> None:
    result = run_scenario(RedisHarness(), scenario)
    if result.outcome == Outcome.NOT_APPLICABLE:
        pytest.skip(result.details)
    if result.outcome == Outcome.FAIL and scenario.level == "SHOULD":
        pytest.xfail(f"a recommendation departed from: {result.details}")
    assert result.outcome == Outcome.PASS, result.details
