"""amgi_types.testing behaves the same on every CPython 3.10-3.13.

``testing_check.py`` runs the scenarios whose mechanics differ most between
interpreters (the lifespan call stepped through the event loop, cancelled,
failing; a batch's verdicts; failed sends). Each interpreter runs it where
the package is installed from this repository as a user would install it
(``tests/conftest.py``); its observations must equal those of this process,
and the same assertions judge both.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

CHECK_SCRIPT = Path(__file__).with_name("testing_check.py")

# Loaded by path so the import does not depend on how pytest sets sys.path.
_spec = importlib.util.spec_from_file_location("testing_check", CHECK_SCRIPT)
assert _spec is not None and _spec.loader is not None
testing_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(testing_check)


def assert_behaves_as_specified(observed: dict[str, Any]) -> None:
    assert observed == {
        "state": {"ready": True},
        "verdict": [["m1", "s"], ["m1", "s"], {}],
        "failed send": {"f": "message.send to 'out' failed (fail_sends)"},
        "forgotten ack": (
            "application broke the rule 'every received id acked or nacked exactly once':"
            " the application returned without acking or nacking id 'm3'"
        ),
        "background task ran": True,
        "shutdown": "shutdown",
        "shutdown failed": "flush lost",
        "startup failed": "no database",
        "cancellation reached the lifespan call": True,
        "timed out": True,
        "is an OSError": True,
    }


def test_here() -> None:
    assert_behaves_as_specified(json.loads(json.dumps(testing_check.observe())))


@pytest.mark.parametrize("minor", [10, 11, 12, 13], ids=lambda minor: f"3.{minor}")
def test_installed_testing_behaves_as_here_on_interpreter(
    minor: int, installed_python: Callable[[int], str], tmp_path: Path
) -> None:
    python = installed_python(minor)
    check = subprocess.run(
        [python, "-I", CHECK_SCRIPT], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert check.returncode == 0, f"{CHECK_SCRIPT.name} failed:\n{check.stderr}"
    result = json.loads(check.stdout)
    assert tuple(result["version"]) == (3, minor)
    # The installed package, not this repository's source tree.
    assert Path(result["testing_module"]).is_relative_to(result["prefix"])
    assert_behaves_as_specified(result["observations"])
