"""The type-checker corpus: four checkers agree with the markers in tests/typing/.

Each checker runs once over every corpus file and the package source, with the
settings in tests/typing/ and the interpreter running these tests. Files in
``tests/typing/pass/``, ``docs/examples/`` and ``src/amgi_types/`` must be
clean; in ``tests/typing/fail/`` a line ending in ``# expect-error`` must be
rejected by every checker, and one ending in ``# expect-error: mypy, pyright``
by exactly the checkers listed. Every other line must be clean.
"""

import functools
import io
import json
import os
import re
import subprocess
import sys
import tokenize
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
TYPING = REPO / "tests" / "typing"
PASS_DIR = TYPING / "pass"
FAIL_DIR = TYPING / "fail"
EXAMPLES_DIR = REPO / "docs" / "examples"
PACKAGE_DIR = REPO / "src" / "amgi_types"
BIN = Path(sys.executable).parent
CHECKERS = ("mypy", "pyright", "ty", "pyrefly")

FAIL_FILES = sorted(FAIL_DIR.glob("*.py"))
CLEAN_FILES = [
    *sorted(PASS_DIR.glob("*.py")),
    *sorted(EXAMPLES_DIR.glob("*.py")),
    *sorted(PACKAGE_DIR.rglob("*.py")),
]
CORPUS = [*CLEAN_FILES, *FAIL_FILES]

MARKER = re.compile(r"#\s*expect-error(?P<listed>:[^#]*)?\s*$")


def oldest_supported_python() -> str:
    """The floor of requires-python: the corpus must hold on every supported version."""
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^requires-python\s*=\s*">=\s*(\d+\.\d+)', pyproject, re.MULTILINE)
    assert match, "pyproject.toml has no requires-python floor"
    return match.group(1)


PYTHON_VERSION = oldest_supported_python()


@dataclass(frozen=True)
class Diagnostic:
    path: Path
    line: int
    message: str


class CheckerFailure(AssertionError):
    """The checker crashed, or its output cannot be trusted to list its findings."""


def expected_errors(path: Path) -> dict[int, frozenset[str]]:
    """Line number -> the checkers that must report an error there, from the markers."""
    expected: dict[int, frozenset[str]] = {}
    source = path.read_text(encoding="utf-8")
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.COMMENT:
            continue
        match = MARKER.search(token.string)
        if match is None:
            continue
        listed = match.group("listed")
        if listed is None:
            checkers = frozenset(CHECKERS)
        else:
            checkers = frozenset(name.strip() for name in listed[1:].split(","))
        expected[token.start[0]] = checkers
    return expected


def command(checker: str, paths: list[str]) -> list[str]:
    """The command line of one run over paths relative to the repository.

    The interpreter, this checkout's paths and the Python version are given
    here; every other setting is in the checker's file in tests/typing/.
    """
    python = sys.executable
    if checker == "mypy":
        return [
            str(BIN / "mypy"),
            *("--config-file", str(TYPING / "mypy.ini")),
            *("--python-executable", python),
            *("--python-version", PYTHON_VERSION),
            *("--output", "json"),
            *paths,
        ]
    if checker == "pyright":
        return [
            str(BIN / "pyright"),
            *("--project", str(TYPING / "pyrightconfig.json")),
            *("--pythonpath", python),
            *("--pythonversion", PYTHON_VERSION),
            "--outputjson",
            *paths,
        ]
    if checker == "ty":
        return [
            str(BIN / "ty"),
            "check",
            *("--config-file", str(TYPING / "ty.toml")),
            *("--python", python),
            *("--python-version", PYTHON_VERSION),
            *("--extra-search-path", str(REPO / "src")),
            *("--output-format", "gitlab"),
            "--no-progress",
            *paths,
        ]
    assert checker == "pyrefly"
    return [
        str(BIN / "pyrefly"),
        "check",
        *("--config", str(TYPING / "pyrefly.toml")),
        *("--python-interpreter-path", python),
        *("--python-version", PYTHON_VERSION),
        *("--min-severity", "warn"),
        *("--output-format", "json"),
        "--summary=none",
        *paths,
    ]


def parse_mypy(stdout: str) -> Iterator[tuple[str, int, str]]:
    for line in stdout.splitlines():
        if line.strip():
            item = json.loads(line)
            if item["severity"] != "note":
                yield item["file"], item["line"], f"{item['message']} [{item['code']}]"


def parse_pyright(stdout: str) -> Iterator[tuple[str, int, str]]:
    for item in json.loads(stdout)["generalDiagnostics"]:
        if item["severity"] in ("error", "warning"):
            line = item["range"]["start"]["line"] + 1
            yield item["file"], line, f"{item['message']} [{item.get('rule', '')}]"


def parse_ty(stdout: str) -> Iterator[tuple[str, int, str]]:
    for item in json.loads(stdout):
        location = item["location"]
        yield location["path"], location["positions"]["begin"]["line"], item["description"]


def parse_pyrefly(stdout: str) -> Iterator[tuple[str, int, str]]:
    for item in json.loads(stdout)["errors"]:
        yield item["path"], item["line"], f"{item['description']} [{item['name']}]"


PARSERS: dict[str, Callable[[str], Iterator[tuple[str, int, str]]]] = {
    "mypy": parse_mypy,
    "pyright": parse_pyright,
    "ty": parse_ty,
    "pyrefly": parse_pyrefly,
}


def interpret(
    checker: str, returncode: int, stdout: str, stderr: str, checked: list[Path]
) -> list[Diagnostic]:
    """The diagnostics of one run, or CheckerFailure when the run cannot be trusted.

    All four checkers exit 0 when clean and 1 when they report errors; any other
    status is a crash or a usage error. An exit of 1 with nothing parsed means
    the errors went somewhere the parser does not look.
    """
    context = f"{checker} exited {returncode}\nstdout:\n{stdout[-3000:]}\nstderr:\n{stderr[-3000:]}"
    if returncode not in (0, 1):
        raise CheckerFailure(f"{checker} did not complete a check; {context}")
    try:
        parsed = list(PARSERS[checker](stdout))
    except (ValueError, KeyError, TypeError) as error:
        raise CheckerFailure(f"{checker} output is not parseable ({error!r}); {context}") from None
    if returncode == 1 and not parsed:
        raise CheckerFailure(f"{checker} failed without a parseable diagnostic; {context}")
    known = {path.resolve() for path in checked}
    diagnostics = []
    for file, line, message in parsed:
        path = (REPO / file).resolve() if file else REPO
        if path not in known:
            raise CheckerFailure(
                f"{checker} reported on {file!r}, which it was not asked to check: {message}"
            )
        diagnostics.append(Diagnostic(path, line, message))
    return diagnostics


def run_checker(checker: str, files: list[Path]) -> list[Diagnostic]:
    paths = [os.path.relpath(path, REPO) for path in files]
    completed = subprocess.run(
        command(checker, paths), cwd=REPO, capture_output=True, text=True, check=False
    )
    return interpret(checker, completed.returncode, completed.stdout, completed.stderr, files)


@pytest.fixture(scope="session")
def corpus_diagnostics() -> Callable[[str], list[Diagnostic]]:
    """One run per checker over the whole corpus, made on first use and shared."""
    return functools.cache(lambda checker: run_checker(checker, CORPUS))


def corpus_id(path: Path) -> str:
    return os.path.relpath(path, REPO)


def disagreements(checker: str, path: Path, diagnostics: list[Diagnostic]) -> list[str]:
    """Each unmarked line the checker rejected and each marked line it accepted."""
    reported: dict[int, list[str]] = {}
    for diagnostic in diagnostics:
        if diagnostic.path == path.resolve():
            reported.setdefault(diagnostic.line, []).append(diagnostic.message)
    expected = {line for line, checkers in expected_errors(path).items() if checker in checkers}
    where = corpus_id(path)
    found = [
        f"{checker}: {where}:{line}: unexpected error: {message}"
        for line in sorted(reported.keys() - expected)
        for message in reported[line]
    ]
    found += [
        f"{checker}: {where}:{line}: marked line, but {checker} reported no error"
        for line in sorted(expected - reported.keys())
    ]
    return found


@pytest.mark.parametrize("path", CORPUS, ids=corpus_id)
@pytest.mark.parametrize("checker", CHECKERS)
def test_checker_reports_exactly_the_marked_lines(
    checker: str, path: Path, corpus_diagnostics: Callable[[str], list[Diagnostic]]
) -> None:
    found = disagreements(checker, path, corpus_diagnostics(checker))
    assert not found, "\n".join(found)


def test_unmarked_error_and_unreported_marked_line_are_both_disagreements(tmp_path: Path) -> None:
    path = tmp_path / "mixed.py"
    path.write_text(
        "a = 1  # expect-error\nb = 2  # expect-error: pyright, ty\nc = 3\n",
        encoding="utf-8",
    )
    diagnostics = [Diagnostic(path, 2, "two"), Diagnostic(path, 3, "three")]
    assert disagreements("mypy", path, diagnostics) == [
        f"mypy: {corpus_id(path)}:2: unexpected error: two",
        f"mypy: {corpus_id(path)}:3: unexpected error: three",
        f"mypy: {corpus_id(path)}:1: marked line, but mypy reported no error",
    ]
    assert disagreements("ty", path, [Diagnostic(path, 1, "one"), Diagnostic(path, 2, "two")]) == []


@pytest.mark.parametrize("path", FAIL_FILES, ids=corpus_id)
def test_fail_file_marks_a_line_with_known_checkers(path: Path) -> None:
    expected = expected_errors(path)
    assert expected, f"{corpus_id(path)} marks no line with # expect-error"
    for line, checkers in expected.items():
        assert checkers <= set(CHECKERS), (
            f"{corpus_id(path)}:{line}: unknown checker in marker: {sorted(checkers - set(CHECKERS))}"
        )


@pytest.mark.parametrize("path", CLEAN_FILES, ids=corpus_id)
def test_clean_file_carries_no_marker(path: Path) -> None:
    assert not expected_errors(path), f"{corpus_id(path)} must be clean, yet marks expected errors"


def test_corpus_holds_the_issues_minimum_of_files() -> None:
    assert len(list(PASS_DIR.glob("*.py"))) >= 12
    assert len(FAIL_FILES) >= 15


def pinned_version(package: str) -> str:
    constraints = (REPO / "requirements" / "constraints.txt").read_text(encoding="utf-8")
    match = re.search(
        rf"^{re.escape(package)}==(\S+)\s*$", constraints, re.MULTILINE | re.IGNORECASE
    )
    assert match, f"requirements/constraints.txt pins no version of {package}"
    return match.group(1)


@pytest.mark.parametrize("checker", CHECKERS)
def test_checker_version_is_the_pinned_one(checker: str) -> None:
    completed = subprocess.run(
        [str(BIN / checker), "--version"], capture_output=True, text=True, check=True
    )
    match = re.search(r"\d+(?:\.\d+)+", completed.stdout)
    assert match, f"{checker} --version printed no version: {completed.stdout!r}"
    assert match.group(0) == pinned_version(checker)


@pytest.mark.parametrize("checker", CHECKERS)
def test_checker_that_cannot_read_its_input_fails_the_run(checker: str, tmp_path: Path) -> None:
    with pytest.raises(CheckerFailure):
        run_checker(checker, [tmp_path / "no_such_file.py"])


# What each checker prints when it reports nothing.
NOTHING_REPORTED = {
    "mypy": "",
    "pyright": '{"generalDiagnostics": []}',
    "ty": "[]",
    "pyrefly": '{"errors": []}',
}


@pytest.mark.parametrize("checker", CHECKERS)
def test_clean_exit_with_nothing_reported_is_a_clean_run(checker: str) -> None:
    assert interpret(checker, 0, NOTHING_REPORTED[checker], "", CORPUS) == []


@pytest.mark.parametrize("checker", CHECKERS)
def test_error_exit_with_nothing_reported_fails(checker: str) -> None:
    with pytest.raises(CheckerFailure, match="without a parseable diagnostic"):
        interpret(checker, 1, NOTHING_REPORTED[checker], "", CORPUS)


@pytest.mark.parametrize("checker", CHECKERS)
def test_crash_fails(checker: str) -> None:
    with pytest.raises(CheckerFailure, match="did not complete"):
        interpret(
            checker, 2, NOTHING_REPORTED[checker], "Traceback (most recent call last):", CORPUS
        )


@pytest.mark.parametrize("checker", CHECKERS)
def test_unparseable_output_fails(checker: str) -> None:
    with pytest.raises(CheckerFailure, match="not parseable"):
        interpret(checker, 1, "Traceback (most recent call last):", "", CORPUS)
