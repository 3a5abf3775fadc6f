"""The AMGI server conformance suite: the specification's scenarios, run against a server.

What h2spec is to HTTP/2 servers: a server author writes a :class:`Harness`
for their server (start it with an application, stop it, publish to its
broker, read what reached the broker), and :func:`run` plays every
:data:`SCENARIOS` entry against it, each with a time limit of its own, and
says which rules the server keeps. ``python -m amgi_types.conformance
TARGET`` does the same from a shell and prints the table.

Every call of a scenario's application runs under the validator
(:func:`amgi_types.validate.validator`, in warning mode, so the server sees
exactly what the application does) and its collector: a violation by the
server fails the scenario that saw it, with the violation in the result.

This module uses the standard library only; ``import amgi_types`` does not
import it.
"""

from __future__ import annotations

from amgi_types.conformance._harness import Capabilities, Harness, Message
from amgi_types.conformance._runner import (
    Outcome,
    Result,
    load_harness,
    run,
    run_async,
    run_scenario,
)
from amgi_types.conformance._scenarios import SCENARIOS, Scenario

__all__ = [
    "SCENARIOS",
    "Capabilities",
    "Harness",
    "Message",
    "Outcome",
    "Result",
    "Scenario",
    "load_harness",
    "run",
    "run_async",
    "run_scenario",
]
