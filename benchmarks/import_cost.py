"""Start-up cost of ``import amgi_types`` against ``import typing``, per interpreter.

For each CPython 3.10-3.13 found, amgi_types is installed from this repository
(not editable, so 3.10 also gets typing_extensions) into a scratch directory,
then whole-process wall times of the two imports are taken in alternation and
their medians compared, with the module's own execution time as
``-X importtime`` reports it (steadier than a whole process on a busy machine).

``--baseline REV`` measures the package as of a git revision in the same run,
interleaved with the rest: the figure to compare a change against. The target
(issue 11): no dearer than the baseline, about 1.07x ``import typing`` on 3.11.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RUNS = 100
WARM_UP = 3

# The test suite's interpreter finder, so both cover the same interpreters.
_spec = importlib.util.spec_from_file_location("runtime_check", REPO / "tests/runtime_check.py")
assert _spec is not None and _spec.loader is not None
runtime_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(runtime_check)


def wall_time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - start


def command(python: str, target: Path, module: str) -> list[str]:
    # -I -S: neither site nor the user's environment runs, so the commands
    # differ only in the import; the scratch directory goes last on sys.path,
    # where site-packages would be.
    code = f"import sys; sys.path.append({str(target)!r}); import {module}"
    return [python, "-I", "-S", "-c", code]


def self_time(command_: list[str]) -> float:
    """Microseconds that amgi_types' own module body took, per ``-X importtime``."""
    stderr = subprocess.run(
        [command_[0], "-X", "importtime", *command_[1:]], capture_output=True, text=True, check=True
    ).stderr
    for line in io.StringIO(stderr):
        match = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s+amgi_types$", line.rstrip())
        if match:
            return float(match.group(1))
    raise RuntimeError(f"-X importtime did not report amgi_types:\n{stderr}")


def measure(commands: list[list[str]]) -> list[float]:
    """The median wall seconds of each command, run in rotating order."""
    for _ in range(WARM_UP):
        for command_ in commands:
            wall_time(command_)
    times: list[list[float]] = [[] for _ in commands]
    for run in range(RUNS):
        # Rotate which goes first so none always runs on a warmer cache.
        for offset in range(len(commands)):
            index = (run + offset) % len(commands)
            times[index].append(wall_time(commands[index]))
    return [statistics.median(series) for series in times]


def install(python: str, source: Path | str, target: Path) -> None:
    # Installing into a plain directory as root is intended here.
    pip = [sys.executable, "-m", "pip", "--python", python, "install", "--quiet"]
    pip.append("--root-user-action=ignore")
    subprocess.run([*pip, "--target", target, source], check=True)


def export(revision: str, destination: Path) -> Path:
    """The repository as of ``revision``, in a folder pip can install from."""
    archive = subprocess.run(
        ["git", "-C", REPO, "archive", "--format=tar", revision], capture_output=True, check=True
    ).stdout
    destination.mkdir()
    subprocess.run(["tar", "-x", "-C", destination], input=archive, check=True)
    return destination


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--baseline", metavar="REV", help="also measure amgi_types as of this git revision"
    )
    baseline = parser.parse_args().baseline
    header = f"{'python':<10}{'typing ms':>11}{'amgi_types ms':>15}{'ratio':>8}{'self us':>9}"
    if baseline:
        header += f"{'baseline ms':>13}{'ratio':>8}{'self us':>9}"
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        old_source = export(baseline, Path(scratch) / "baseline") if baseline else None
        for minor in (10, 11, 12, 13):
            python = runtime_check.find_interpreter(minor)
            if python is None:
                print(f"3.{minor}: not found, skipped")
                continue
            target = Path(scratch) / f"3.{minor}"
            install(python, REPO, target)
            commands = [command(python, target, "typing"), command(python, target, "amgi_types")]
            if old_source is not None:
                old_target = Path(scratch) / f"3.{minor}-baseline"
                install(python, old_source, old_target)
                commands.append(command(python, old_target, "amgi_types"))
            version = subprocess.run(
                [python, "-I", "-S", "-c", "import platform; print(platform.python_version())"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            medians = measure(commands)
            own = [statistics.median(self_time(c) for _ in range(RUNS // 4)) for c in commands[1:]]
            row = f"{version:<10}{medians[0] * 1000:>11.2f}{medians[1] * 1000:>15.2f}"
            row += f"{medians[1] / medians[0]:>8.3f}{own[0]:>9.0f}"
            if old_source is not None:
                row += f"{medians[2] * 1000:>13.2f}{medians[2] / medians[0]:>8.3f}{own[1]:>9.0f}"
            rows.append(row)
    print(f"median of {RUNS} whole-process runs each, interleaved; self us: amgi_types' own")
    print("module time per -X importtime (median); target: no dearer than the baseline")
    print(header)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
