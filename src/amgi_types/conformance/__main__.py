"""``python -m amgi_types.conformance TARGET``: the scenarios against a harness, as a table."""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

from amgi_types.conformance._runner import DEFAULT_TIMEOUT, Outcome, Result, load_harness, run


def level(result: Result) -> str:
    scenario = result.scenario
    return f"{scenario.level}, addition" if scenario.addition else scenario.level


def table(results: Sequence[Result]) -> str:
    """The results as a plain-text table: scenario, level, outcome, and why."""
    rows: list[tuple[str, str, str, str]] = [("scenario", "level", "outcome", "details")]
    rows += [(r.scenario.id, level(r), r.outcome, r.details) for r in results]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines: list[str] = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[3]]).rstrip())
    lines.insert(1, "  ".join("-" * width for width in [*widths, len("details")]))
    return "\n".join(lines)


def failed(results: Sequence[Result]) -> bool:
    """A MUST scenario failed, or a scenario could not be judged."""
    return any(
        (r.outcome == Outcome.FAIL and r.scenario.level == "MUST") or r.outcome == Outcome.ERROR
        for r in results
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m amgi_types.conformance",
        description="Run the AMGI conformance scenarios against a server's harness.",
        epilog="Exit status 1 when a MUST scenario fails or a scenario errs, else 0.",
    )
    parser.add_argument(
        "target",
        metavar="TARGET",
        help="the harness: path/to/file.py or package.module, with an optional :attribute "
        "(default: harness)",
    )
    parser.add_argument("--json", metavar="FILE", type=Path, help="also write the results here")
    parser.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=float,
        default=DEFAULT_TIMEOUT,
        help=f"time limit of each scenario (default: {DEFAULT_TIMEOUT:g})",
    )
    arguments = parser.parse_args(argv)
    try:
        harness = load_harness(arguments.target)
    except (LookupError, ImportError) as error:
        parser.error(str(error))
    began = datetime.datetime.now(datetime.timezone.utc)
    results = run(harness, timeout=arguments.timeout)
    print(f"{harness.name}: AMGI conformance, {began:%Y-%m-%d %H:%M} UTC")
    print(table(results))
    if arguments.json is not None:
        report = {
            "harness": harness.name,
            "date": began.isoformat(timespec="seconds"),
            "amgi_types": metadata.version("amgi-types"),
            "python": platform.python_version(),
            "scenarios": [result.as_json() for result in results],
        }
        arguments.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 1 if failed(results) else 0


if __name__ == "__main__":
    sys.exit(main())
