"""The README: its example is the type-checked minimal app; its commands install and build."""

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


def test_readme_installs_from_a_checkout_and_names_the_protocol() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    # The name on the package index is the upstream project's later protocol.
    assert not re.search(r"^\s*(python -m )?pip install '?amgi-types\b", readme, flags=re.MULTILINE)
    assert re.search(r"^python -m pip install \./amgi-types$", readme, flags=re.MULTILINE)
    assert "AMGI 1.0" in readme and "0.34.0" in readme
