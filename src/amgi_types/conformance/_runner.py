"""Running the scenarios against a harness, each with a time limit, and the results."""

from __future__ import annotations

import asyncio
import dataclasses
import importlib
import importlib.util
import inspect
import sys
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from amgi_types import AMGIApplication
from amgi_types.conformance._harness import Harness
from amgi_types.conformance._scenarios import (
    SCENARIOS,
    Context,
    Failure,
    NotApplicable,
    Scenario,
)
from amgi_types.validate import ValidationWarning, Violation, collect, validator


class Outcome:
    """The outcomes of a scenario, as the report and ``--json`` spell them."""

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not-applicable"
    #: The harness or the suite broke, so the scenario says nothing about the server.
    ERROR = "error"


#: Each scenario's own waits add up to well under this.
DEFAULT_TIMEOUT = 20.0
# Stopping a server that hangs must not hang the run either.
_STOP_TIMEOUT = 5.0


@dataclass(frozen=True)
class Result:
    """What one scenario found."""

    scenario: Scenario
    outcome: str
    #: Why it failed, was not applicable or erred, in one line; empty when it passed. A
    #: violation the validator found is the first one, after the scenario's own finding.
    details: str
    seconds: float
    #: Every rule the validator saw the server break while the scenario ran.
    violations: tuple[Violation, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.scenario.id,
            "level": self.scenario.level,
            "addition": self.scenario.addition,
            "page": self.scenario.page,
            "section": self.scenario.section,
            "outcome": self.outcome,
            "details": self.details,
            "violations": [dataclasses.asdict(violation) for violation in self.violations],
            "seconds": round(self.seconds, 3),
        }


def _address(scenario: Scenario, suffix: str) -> str:
    # Letters, digits-free, and hyphens: a valid name for a Kafka topic, an SQS queue (and
    # its ARN as the Lambda adapter parses it), an MQTT topic and a Redis channel alike.
    return "amgi-" + scenario.id.replace(".", "-") + suffix


def _checked(app: AMGIApplication) -> AMGIApplication:
    # Warning mode: the server sees exactly what the scenario's application does.
    return validator(app, strict=False)


async def _play(harness: Harness, scenario: Scenario, timeout: float) -> Result:
    ctx = Context(harness, _address(scenario, "-in"), _address(scenario, "-out"), wrap=_checked)
    began = time.monotonic()
    outcome, details = Outcome.PASS, ""
    # Every call of the scenario's applications, in the tasks and threads the server runs
    # them in, reports to this collector; the warnings of warning mode would repeat it.
    with collect() as violations, warnings.catch_warnings():
        warnings.simplefilter("ignore", ValidationWarning)
        try:
            await asyncio.wait_for(scenario.play(ctx), timeout)
        except Failure as failure:
            outcome, details = Outcome.FAIL, str(failure)
        except NotApplicable as reason:
            outcome, details = Outcome.NOT_APPLICABLE, str(reason)
        except asyncio.TimeoutError:
            outcome, details = Outcome.FAIL, f"the scenario did not finish within {timeout:g} s"
        except Exception as exception:
            outcome, details = Outcome.ERROR, f"{type(exception).__name__}: {exception}"
        if ctx.started and not ctx.stopped:
            try:
                await asyncio.wait_for(harness.stop(), _STOP_TIMEOUT)
            except asyncio.TimeoutError:
                details = _joined(details, f"the server did not stop within {_STOP_TIMEOUT:g} s")
            except Exception as exception:
                details = _joined(
                    details, f"stopping raised {type(exception).__name__}: {exception}"
                )
    server = tuple(violation for violation in violations if violation.side == "server")
    application = [violation for violation in violations if violation.side != "server"]
    if server:
        first = server[0]
        details = _joined(details, f"{first.rule} ({first.level}): {first.text}")
        if outcome in (Outcome.PASS, Outcome.NOT_APPLICABLE):
            outcome = Outcome.FAIL
    elif application and outcome == Outcome.PASS:
        # The scenario's own application broke a rule: the suite is at fault, not the server.
        first = application[0]
        outcome, details = (
            Outcome.ERROR,
            f"the suite's application broke {first.rule}: {first.text}",
        )
    return Result(scenario, outcome, details, time.monotonic() - began, server)


def _joined(details: str, more: str) -> str:
    return f"{details}; {more}" if details else more


async def run_async(
    harness: Harness, scenarios: Sequence[Scenario] = SCENARIOS, *, timeout: float = DEFAULT_TIMEOUT
) -> list[Result]:
    """:func:`run`, in the running event loop."""
    await harness.open()
    try:
        return [await _play(harness, scenario, timeout) for scenario in scenarios]
    finally:
        await harness.close()


def run(
    harness: Harness, scenarios: Sequence[Scenario] = SCENARIOS, *, timeout: float = DEFAULT_TIMEOUT
) -> list[Result]:
    """Open ``harness``, play each of ``scenarios`` against it in turn, close it.

    Each scenario has ``timeout`` seconds; one that takes longer fails (a
    server that never ends a batch does not hang the run).
    """
    return asyncio.run(run_async(harness, scenarios, timeout=timeout))


def run_scenario(
    harness: Harness, scenario: Scenario, *, timeout: float = DEFAULT_TIMEOUT
) -> Result:
    """Open ``harness``, play ``scenario`` against it, close it: one pytest test per scenario."""
    (result,) = run(harness, [scenario], timeout=timeout)
    return result


def load_harness(target: str) -> Harness:
    """The harness ``target`` names: ``path/to/file.py`` or ``package.module``, each with an
    optional ``:attribute`` (``harness`` when left out).

    The attribute is a harness, or a class or function that makes one when
    called without arguments.
    """
    location, _, attribute = target.partition(":")
    attribute = attribute or "harness"
    path = Path(location)
    if location.endswith(".py") or path.is_file():
        if not path.is_file():
            raise LookupError(f"{target}: no such file")
        name = f"_amgi_conformance_target_{path.stem}"
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise LookupError(f"{target}: not a Python file")
        module = importlib.util.module_from_spec(spec)
        # A dataclass or a pickle in the file looks its module up by name.
        sys.modules[name] = module
        spec.loader.exec_module(module)
    else:
        module = importlib.import_module(location)
    try:
        found: Any = getattr(module, attribute)
    except AttributeError:
        raise LookupError(f"{target}: {location} has no attribute {attribute!r}") from None
    if inspect.isclass(found) or inspect.isfunction(found):
        try:
            inspect.signature(found).bind()
        except TypeError:
            raise LookupError(
                f"{target}: {attribute} is not a harness: it cannot be called without arguments"
            ) from None
        found = found()
    for member in ("capabilities", "start", "stop", "publish", "sent", "open", "close"):
        if not hasattr(found, member):
            raise LookupError(f"{target}: {attribute} is not a harness: it has no {member!r}")
    harness: Harness = found
    return harness
