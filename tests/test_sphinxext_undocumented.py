"""Keys without a description: silent unless ``typeddict_warn_undocumented``
asks, and then one warning per key of a TypedDict per build, however often it
is rendered or expanded."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from conftest import ROOTS, Build


def undocumented(warnings: str) -> list[str]:
    return [w for w in warnings.splitlines() if "[amgi_types.undocumented_key]" in w]


def test_keys_without_descriptions_do_not_warn_by_default(
    build_root: Callable[..., Build],
) -> None:
    build = build_root("typeddict-habits")
    assert undocumented(build.warnings) == []


def test_the_conf_value_asks_for_one_warning_per_key_of_a_typeddict(
    build_root: Callable[..., Build],
) -> None:
    build = build_root("typeddict-habits", typeddict_warn_undocumented=True)
    found = undocumented(build.warnings)
    # Plain is rendered on its own and expanded twice in Holder, on two pages.
    keys = [re.search(r": (\S+): key '(\w+)'", w).groups() for w in found]  # type: ignore[union-attr]
    assert sorted(keys) == [
        ("habits_keys.Comments", "plain"),
        ("habits_plain.Holder", "one"),
        ("habits_plain.Holder", "two"),
        ("habits_plain.Plain", "first"),
        ("habits_plain.Plain", "second"),
    ]
    first = next(w for w in found if "'first'" in w)
    assert first.startswith(f"{build.srcdir / 'index.rst'}:")
    assert "habits_plain.py:9)" in first


def test_parallel_reading_gives_the_same_warnings(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-typeddict-habits", srcdir)
    runs = []
    for jobs in ("1", "2"):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "sphinx",
                "-q",
                "-E",
                "-j",
                jobs,
                "-b",
                "html",
                "-D",
                "typeddict_warn_undocumented=1",
                str(srcdir),
                str(tmp_path / jobs),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(sorted(undocumented(result.stderr)))
    assert runs[0] == runs[1]
    assert len(runs[0]) == 5
