"""Start-up cost of ``import amgi_types`` against ``import typing``, per interpreter.

For each CPython 3.10-3.13 found, amgi_types is installed from this repository
(not editable, so 3.10 also gets typing_extensions) into a scratch directory,
then whole-process wall times of the two imports are taken in alternation and
their medians compared. Target: a ratio of at most 1.03 on 3.11 and later.
"""

from __future__ import annotations

import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RUNS = 100
WARM_UP = 3
TARGET = 1.03

# The test suite's interpreter finder, so both cover the same interpreters.
_spec = importlib.util.spec_from_file_location("runtime_check", REPO / "tests/runtime_check.py")
assert _spec is not None and _spec.loader is not None
runtime_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(runtime_check)


def wall_time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - start


def measure(python: str, target: Path) -> tuple[float, float]:
    """Median seconds of ``import typing`` and of ``import amgi_types``."""
    # -I -S: neither site nor the user's environment runs, so the two commands
    # differ only in the import; the scratch directory goes last on sys.path,
    # where site-packages would be.
    def command(module: str) -> list[str]:
        code = f"import sys; sys.path.append({str(target)!r}); import {module}"
        return [python, "-I", "-S", "-c", code]

    typing_command, amgi_command = command("typing"), command("amgi_types")
    for _ in range(WARM_UP):
        wall_time(typing_command)
        wall_time(amgi_command)
    typing_times: list[float] = []
    amgi_times: list[float] = []
    for run in range(RUNS):
        # Alternate which goes first so neither always runs on a warmer cache.
        pair = [(typing_command, typing_times), (amgi_command, amgi_times)]
        for command_, times in pair if run % 2 == 0 else reversed(pair):
            times.append(wall_time(command_))
    return statistics.median(typing_times), statistics.median(amgi_times)


def main() -> None:
    rows: list[tuple[str, float, float, float, str]] = []
    with tempfile.TemporaryDirectory() as scratch:
        for minor in (10, 11, 12, 13):
            python = runtime_check.find_interpreter(minor)
            if python is None:
                print(f"3.{minor}: not found, skipped")
                continue
            target = Path(scratch) / f"3.{minor}"
            # Installing into a plain directory as root is intended here.
            pip = [sys.executable, "-m", "pip", "--python", python, "install", "--quiet"]
            pip.append("--root-user-action=ignore")
            subprocess.run([*pip, "--target", target, REPO], check=True)
            version = subprocess.run(
                [python, "-I", "-S", "-c", "import platform; print(platform.python_version())"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            typing_s, amgi_s = measure(python, target)
            ratio = amgi_s / typing_s
            verdict = "no target" if minor < 11 else "ok" if ratio <= TARGET else "over target"
            rows.append((version, typing_s * 1000, amgi_s * 1000, ratio, verdict))
    print(f"median of {RUNS} runs each, interleaved; target ratio <= {TARGET} on 3.11+")
    print(f"{'python':<10}{'typing ms':>11}{'amgi_types ms':>15}{'ratio':>8}  verdict")
    for version, typing_ms, amgi_ms, ratio, verdict in rows:
        print(f"{version:<10}{typing_ms:>11.2f}{amgi_ms:>15.2f}{ratio:>8.3f}  {verdict}")


if __name__ == "__main__":
    main()
