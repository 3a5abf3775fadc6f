"""The docs page "Conformance of known servers": each server's recorded table is included,
each failure in it is explained, the Redis harness is the worked example, and the pytest
example runs as shown."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conformance_support import HARNESSES, REPO, SERVERS, recorded, require

from amgi_types.conformance import Outcome

PAGE = (REPO / "docs" / "conformance.rst").read_text()


def section(name: str) -> str:
    """The part of the page that shows the server's table, up to the next server's."""
    include = f".. literalinclude:: conformance/{name}.txt"
    assert PAGE.count(include) == 1
    start = PAGE.index(include)
    following = [
        PAGE.find(".. literalinclude:: conformance/", start + 1),
        PAGE.find("\n---", start),
    ]
    return PAGE[start : min(index for index in following if index != -1)]


@pytest.mark.parametrize("name", SERVERS)
def test_each_failure_of_the_server_is_explained_under_its_table(name: str) -> None:
    failures = {
        scenario
        for scenario, row in recorded(SERVERS[name])[1].items()
        if row.outcome == Outcome.FAIL
    }
    explained = set(re.findall(r"^``([a-z.-]+)``$", section(name), re.MULTILINE))
    assert explained == failures


def test_the_worked_example_is_the_redis_harness_itself() -> None:
    assert ".. literalinclude:: examples/conformance/redis_harness.py" in PAGE
    assert "class RedisHarness" not in PAGE


def test_the_pytest_example_runs_one_test_per_scenario() -> None:
    require(SERVERS["redis"])
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "redis_pytest.py"],
        capture_output=True,
        text=True,
        cwd=HARNESSES,
    )
    assert completed.stdout.splitlines()[-1].startswith("11 passed, 3 skipped, 1 xfailed")
