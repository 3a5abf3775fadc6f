"""Each warning filter docs/validate.rst documents, run exactly as written,
does what the page says; and ``python -W`` with the category does not."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PAGE = (REPO / "docs" / "validate.rst").read_text(encoding="utf-8")

SLIP = """
import asyncio

from amgi_types.validate import check_send_event, validator


async def app(scope, receive, send):
    await receive()  # and never acks


async def receive():
    return {"type": "message.receive", "id": "1", "headers": []}


async def send(event):
    pass


def test_a_slip_in_warning_mode():
    scope = {"type": "message", "amgi": {"version": "1.0", "spec_version": "1.0"}, "address": "a"}
    asyncio.run(validator(app, strict=False)(scope, receive, send))


def test_an_unknown_key():
    check_send_event({"type": "message.ack", "id": "1", "reason": "ok"})
"""


def block(language: str, caption: str | None = None) -> str:
    """The one code block of that language (and caption) on the page, dedented."""
    option = rf"   :caption: {re.escape(caption)}\n" if caption else ""
    (found,) = re.findall(
        rf"^\.\. code-block:: {language}\n{option}\n((?:   .*\n|\n)+)", PAGE, flags=re.MULTILINE
    )
    return "\n".join(line[3:] for line in found.splitlines()).strip() + "\n"


def run(command: str, where: Path) -> subprocess.CompletedProcess[str]:
    """A command as a user types it, ``python`` being this interpreter."""
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    environment.pop("PYTHONWARNINGS", None)
    return subprocess.run(
        command, shell=True, cwd=where, env=environment, capture_output=True, text=True, check=False
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "test_slip.py").write_text(SLIP, encoding="utf-8")
    return tmp_path


def outcomes(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout.strip().splitlines()[-1]


def test_the_slip_passes_with_a_warning_without_a_filter(project: Path) -> None:
    result = run("python -m pytest -p no:cacheprovider", project)
    assert result.returncode == 0, result.stdout
    assert "ValidationWarning" in result.stdout and "UnknownKeyWarning" in result.stdout


def test_the_documented_pytest_command_fails_the_run(project: Path) -> None:
    (command,) = [line[2:] for line in block("console").splitlines() if line.startswith("$ ")]
    result = run(command + " -p no:cacheprovider", project)
    assert result.returncode == 1, result.stdout
    assert "2 failed" in outcomes(result)


def test_the_documented_pytest_setting_fails_the_run(project: Path) -> None:
    (project / "pyproject.toml").write_text(block("toml"), encoding="utf-8")
    result = run("python -m pytest -p no:cacheprovider", project)
    assert result.returncode == 1, result.stdout
    assert "2 failed" in outcomes(result)


def test_the_documented_conftest_silences_unknown_keys(project: Path) -> None:
    (project / "conftest.py").write_text(block("python", "conftest.py"), encoding="utf-8")
    result = run("python -m pytest -p no:cacheprovider", project)
    assert result.returncode == 0, result.stdout
    assert "UnknownKeyWarning" not in result.stdout and "ValidationWarning" in result.stdout


def test_the_documented_simplefilter_in_a_program_silences_unknown_keys(project: Path) -> None:
    program = block("python", "a program") + "\n".join(
        ["from test_slip import *", "test_a_slip_in_warning_mode()", "test_an_unknown_key()", ""]
    )
    (project / "program.py").write_text(program, encoding="utf-8")
    result = run("python program.py", project)
    assert result.returncode == 0, result.stderr
    assert "UnknownKeyWarning" not in result.stderr and "ValidationWarning" in result.stderr


def test_python_w_with_the_category_is_ignored_as_the_page_says(project: Path) -> None:
    result = run("python -W error::amgi_types.validate.ValidationWarning -c pass", project)
    assert "Invalid -W option ignored" in result.stderr
    assert "Invalid -W option ignored" in " ".join(PAGE.split())
