"""Sphinx build times with the typeddict directive against hand-written key lists.

A generated project documents 50 TypedDicts on five pages. One variant renders
them with ``.. typeddict::``; the other has the same key lists (accessor, type,
required or optional, description) written out by hand in reStructuredText.
Both use the same conf.py, which loads the extension. Each build runs in a new
process; builds of the two variants alternate, and the medians of five each
are compared.

Cold: into an empty output directory. Target: a ratio of at most 1.5.
Incremental: after one page's source is edited, into the output of the
previous build, so that Sphinx reads that page again (and only that page).

Real packages: every TypedDict of pydantic.config, pydantic_core.core_schema
and two modules of openai's generated request types, the test extra's pinned
versions, rendered on one page by ``.. typeddict::`` and by autodoc's
``.. autoclass:: :members: :undoc-members:`` (the way autodoc users document
them), cold HTML builds alternating, medians of three.
"""

from __future__ import annotations

import importlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COUNT = 50
PAGES = 5
RUNS = 5
TARGET = 1.5

MODULE_HEADER = '''"""Generated TypedDicts."""

from collections.abc import Sequence
from typing import Any, Literal

from typing_extensions import NotRequired, TypedDict


class Versions(TypedDict):
    """Versions.

    :var version: The version.
    :var spec_version: The version of the sub-specification.
    """

    version: Literal["1.0"]
    spec_version: str
'''

TYPEDDICT = '''

class Event{n}(TypedDict):
    """Event number {n}.

    :var type: Always ``"event.{n}"``.
    :var id: The event's identifier.
    :var versions: The versions in use.
    :var headers: The ``(name, value)`` pairs.
    :var payload: The body; missing means ``None``.
    :var extra: Anything else.
    """

    type: Literal["event.{n}"]
    id: str
    versions: Versions
    headers: Sequence[tuple[bytes, bytes]]
    payload: NotRequired[bytes | None]
    extra: NotRequired[dict[str, Any]]
'''

# (key path, type in reST, label, description) of every TypedDict, as the
# directive renders them.
HAND_WRITTEN_KEYS = [
    (("type",), '``"event.{n}"``', "required", 'Always ``"event.{n}"``.'),
    (("id",), ":py:class:`str`", "required", "The event's identifier."),
    (("versions",), ":py:class:`~bench_types.Versions`", "required", "The versions in use."),
    (("versions", "version"), '``"1.0"``', "required", "The version."),
    (
        ("versions", "spec_version"),
        ":py:class:`str`",
        "required",
        "The version of the sub-specification.",
    ),
    (
        ("headers",),
        (
            ":py:class:`~collections.abc.Sequence`\\[:py:class:`tuple`\\[:py:class:`bytes`,"
            " :py:class:`bytes`]]"
        ),
        "required",
        "The ``(name, value)`` pairs.",
    ),
    (
        ("payload",),
        ":py:class:`bytes` or :py:obj:`None`",
        "optional",
        "The body; missing means ``None``.",
    ),
    (
        ("extra",),
        ":py:class:`dict`\\[:py:class:`str`, :py:obj:`~typing.Any`]",
        "optional",
        "Anything else.",
    ),
]

CONF = """
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
extensions = ["amgi_types.sphinxext"]
"""


def hand_written(n: int) -> str:
    lines = []
    for path, kind, label, description in HAND_WRITTEN_KEYS:
        accessor = "message" + "".join(f'["{key}"]' for key in path)
        term = f"``{accessor}`` (*{kind.format(n=n)}*, {label})"
        lines += [term, f"   {description.format(n=n)}", ""]
    return "\n".join(lines)


def write_project(root: Path, by_directive: bool) -> None:
    root.mkdir()
    (root / "conf.py").write_text(CONF)
    module = MODULE_HEADER + "".join(TYPEDDICT.format(n=n) for n in range(COUNT))
    (root / "bench_types.py").write_text(module)
    per_page = COUNT // PAGES
    for page in range(PAGES):
        body = [f"Page {page}", "=" * 10, ""]
        for n in range(page * per_page, (page + 1) * per_page):
            body += [f"Event {n}", "-" * 10, ""]
            if by_directive:
                # Each has a heading of its own, as on the spec pages.
                body += [f".. typeddict:: bench_types.Event{n}", "   :no-signature:", ""]
            else:
                body += [hand_written(n)]
        (root / f"page{page}.rst").write_text("\n".join(body))
    toctree = "\n".join(f"   page{page}" for page in range(PAGES))
    (root / "index.rst").write_text(f"Benchmark\n=========\n\n.. toctree::\n\n{toctree}\n")


def timed_build(root: Path, strict: bool = True) -> float:
    command = [sys.executable, "-m", "sphinx", "-q", *(["-W"] if strict else [])]
    command += ["-b", "html", str(root), str(root / "_build")]
    start = time.perf_counter()
    # The real packages' Markdown docstrings give docutils warnings: not shown.
    subprocess.run(command, check=True, stderr=None if strict else subprocess.DEVNULL)
    return time.perf_counter() - start


REAL_MODULES = (
    "pydantic.config",
    "pydantic_core.core_schema",
    "openai.types.chat.completion_create_params",
    "openai.types.chat.chat_completion_user_message_param",
)
REAL_RUNS = 3
REAL_CONF = """
extensions = ["sphinx.ext.napoleon", "amgi_types.sphinxext.autodoc"]
"""


def real_typeddicts() -> list[str]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from amgi_types._typeddict import is_typeddict

    paths = []
    for name in REAL_MODULES:
        module = importlib.import_module(name)
        paths += [
            f"{name}.{attr}"
            for attr, value in vars(module).items()
            if is_typeddict(value) and value.__module__ == name
        ]
    return paths


def write_real_project(root: Path, paths: list[str], by_directive: bool) -> None:
    root.mkdir()
    (root / "conf.py").write_text(REAL_CONF)
    if by_directive:
        body = "".join(f".. typeddict:: {path}\n\n" for path in paths)
    else:
        options = "   :members:\n   :undoc-members:\n\n"
        body = "".join(f".. autoclass:: {path}\n{options}" for path in paths)
    (root / "index.rst").write_text(f"Real packages\n=============\n\n{body}")


def real_packages(scratch: Path) -> None:
    paths = real_typeddicts()
    directive, autodoc = scratch / "real-directive", scratch / "real-autodoc"
    write_real_project(directive, paths, by_directive=True)
    # Plain autodoc: the same conf less the extension that renders TypedDicts.
    write_real_project(autodoc, paths, by_directive=False)
    (autodoc / "conf.py").write_text('extensions = ["sphinx.ext.napoleon"]\n')
    times: dict[Path, list[float]] = {directive: [], autodoc: []}
    for run in range(REAL_RUNS):
        for root in [directive, autodoc] if run % 2 == 0 else [autodoc, directive]:
            shutil.rmtree(root / "_build", ignore_errors=True)
            times[root].append(timed_build(root, strict=False))
    by_directive, by_autodoc = (statistics.median(times[r]) for r in (directive, autodoc))
    print(f"{len(paths)} TypedDicts of {len(REAL_MODULES)} real modules, cold HTML build,")
    print(f"median of {REAL_RUNS}:")
    print(f"  autodoc (autoclass :members: :undoc-members:): {by_autodoc:.3f} s")
    print(f"  typeddict directive:                           {by_directive:.3f} s")
    print(f"  ratio: {by_directive / by_autodoc:.2f}")


def cold_build(root: Path) -> float:
    shutil.rmtree(root / "_build", ignore_errors=True)
    return timed_build(root)


def incremental_build(root: Path) -> float:
    """Edit the first page (a paragraph more), then rebuild."""
    page = root / "page0.rst"
    page.write_text(page.read_text() + "\nOne more paragraph.\n")
    return timed_build(root)


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        directive, manual = Path(scratch) / "directive", Path(scratch) / "manual"
        write_project(directive, by_directive=True)
        write_project(manual, by_directive=False)
        # A first build of each fills the OS's caches and compiles the modules.
        cold_build(directive)
        cold_build(manual)
        times: dict[str, dict[Path, list[float]]] = {"cold": {}, "incremental": {}}
        for run in range(RUNS):
            pair = [directive, manual] if run % 2 == 0 else [manual, directive]
            for root in pair:
                times["cold"].setdefault(root, []).append(cold_build(root))
                times["incremental"].setdefault(root, []).append(incremental_build(root))
        medians = {
            kind: (statistics.median(by_root[directive]), statistics.median(by_root[manual]))
            for kind, by_root in times.items()
        }
    by_directive, by_hand = medians["cold"]
    print(f"{COUNT} TypedDicts, cold HTML build, median of {RUNS}:")
    print(f"  written out by hand: {by_hand:.3f} s")
    print(f"  typeddict directive: {by_directive:.3f} s")
    print(f"  ratio: {by_directive / by_hand:.2f} (target <= {TARGET})")
    by_directive, by_hand = medians["incremental"]
    print(f"Incremental HTML build after editing one of {PAGES} pages, median of {RUNS}:")
    print(f"  written out by hand: {by_hand:.3f} s")
    print(f"  typeddict directive: {by_directive:.3f} s")
    print(f"  ratio: {by_directive / by_hand:.2f}", flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        real_packages(Path(scratch))


if __name__ == "__main__":
    main()
