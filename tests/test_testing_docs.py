"""The "Testing applications" page: its examples run and print what it shows,
it is in the site's table of contents, and the README points to it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
EXAMPLES = DOCS / "examples"
PAGE = DOCS / "testing.rst"


def included_examples() -> list[str]:
    return re.findall(r"^\.\. literalinclude:: examples/(\S+)$", PAGE.read_text(), re.MULTILINE)


def shown_output(example: str) -> str:
    """The text block the page shows after ``It prints:`` for an example."""
    text = PAGE.read_text(encoding="utf-8")
    after = text[text.index(f".. literalinclude:: examples/{example}") :]
    match = re.search(r"It prints:\n\n\.\. code-block:: text\n\n((?:   .*\n|\n)+)", after)
    assert match, f"the page shows no output of {example}"
    return "".join(line[3:] + "\n" for line in match.group(1).rstrip("\n").splitlines())


def test_the_page_includes_the_examples_that_the_tests_run() -> None:
    assert included_examples() == ["testing_orders.py", "testing_verdicts.py", "testing_chained.py"]


@pytest.mark.parametrize("example", ["testing_orders.py", "testing_chained.py"])
def test_the_tests_of_an_example_pass_under_asyncio_and_trio(example: str) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-v", EXAMPLES / example],
        cwd=EXAMPLES,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    passed = re.findall(r"^\S+::(\S+) PASSED", completed.stdout, re.MULTILINE)
    defined = re.findall(r"^(?:async )?def (test_\w+)", (EXAMPLES / example).read_text(), re.M)
    asynchronous = re.findall(r"^async def (test_\w+)", (EXAMPLES / example).read_text(), re.M)
    assert sorted(passed) == sorted(
        [name for name in defined if name not in asynchronous]
        + [f"{name}[{backend}]" for name in asynchronous for backend in ("asyncio", "trio")]
    )


def test_the_verdict_example_prints_what_the_page_shows() -> None:
    completed = subprocess.run(
        [sys.executable, EXAMPLES / "testing_verdicts.py"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert completed.stdout == shown_output("testing_verdicts.py")


def test_the_page_is_in_the_table_of_contents() -> None:
    index = (DOCS / "index.rst").read_text(encoding="utf-8")
    toctree = index[index.index(":caption: Using amgi_types") :]
    assert re.search(r"^   testing$", toctree, re.MULTILINE)


def test_the_readme_points_to_the_page() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    also = readme[readme.index("## Also in the package") : readme.index("## Developing")]
    paragraph = also[also.index("- `amgi_types.testing`") :].split("\n- ")[0]
    assert "Testing applications" in paragraph and "docs/testing.rst" in paragraph
    assert "InMemoryServer" in paragraph
