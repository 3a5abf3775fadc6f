"""The README's example is a real file that the type-checker corpus checks."""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_readme_example_is_the_type_checked_minimal_app() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL)
    example = (REPO / "docs" / "examples" / "minimal_app.py").read_text(encoding="utf-8")
    assert blocks == [example]


def test_readme_gives_the_two_set_up_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^make docs\b", readme, flags=re.MULTILINE)
    assert re.search(r"^make test\b", readme, flags=re.MULTILINE)
