"""A fresh clone of this repository installs into an empty virtual environment.

The package is never installed by name from the package index, where
``amgi-types`` is the upstream project and a later, incompatible protocol; the
README and the site tell readers to install from a checkout. These tests do
what they say, on what is committed: the repository is cloned (so a file that
exists only in a working tree fails here), and the installed package must be
AMGI 1.0's batched message protocol, not just any ``amgi_types``.

The first test builds the wheel with this environment's ``flit_core`` and
installs it with ``--no-index``, so it needs no network. The second runs the
README's command as it stands, ``pip install ./amgi-types``, which fetches
``flit_core`` from the package index in an isolated build; it is skipped, with
the reason, when the index cannot be reached. The third runs the site's
commands for installing it beside the batched-era framework and servers,
which pin ``amgi-types==0.34.0``, exactly as written, from the index too.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GIT = shutil.which("git")

# What the installed package must be: the 1.0 protocol, with its extra.
CHECK = """
import importlib.metadata, json, amgi_types
print(json.dumps({
    "file": amgi_types.__file__,
    "version": importlib.metadata.version("amgi-types"),
    "extras": importlib.metadata.metadata("amgi-types").get_all("Provides-Extra"),
    "ack_keys": sorted(amgi_types.MessageAckEvent.__required_keys__),
    "receive_optional": sorted(amgi_types.MessageReceiveEvent.__optional_keys__),
    "amgi_version": amgi_types.AMGIVersions.__annotations__["version"].__args__,
    "typed": (__import__("pathlib").Path(amgi_types.__file__).parent / "py.typed").is_file(),
}))
"""

pytestmark = [
    pytest.mark.skipif(GIT is None, reason="git is not on PATH; the clone needs it"),
    pytest.mark.skipif(
        not (REPO / ".git").exists(),
        reason="not a git checkout (an unpacked sdist?): nothing to clone",
    ),
]


def run(*command: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def checked(*command: str | Path) -> str:
    result = run(*command)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh clone of the committed state, in a folder named as the README names it."""
    target = tmp_path_factory.mktemp("checkout") / "amgi-types"
    assert GIT is not None
    checked(GIT, "clone", "--quiet", "--no-hardlinks", REPO, target)
    return target


def empty_venv(where: Path, *, with_pip: bool) -> Path:
    checked(sys.executable, "-m", "venv", *([] if with_pip else ["--without-pip"]), where)
    python = where / "bin" / "python"
    listed = json.loads(checked(*pip(python, with_pip), "list", "--format", "json", "--isolated"))
    assert {package["name"] for package in listed} <= {"pip", "setuptools"}, listed
    return python


def pip(python: Path, own: bool) -> list[str | Path]:
    """The environment's own pip, or this one's pointed at the environment."""
    return [python, "-m", "pip"] if own else [sys.executable, "-m", "pip", "--python", python]


def expected_version() -> str:
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^version = "([^"]+)"', pyproject, re.MULTILINE)
    assert match is not None
    return match.group(1)


def assert_installed_is_amgi_1_0(python: Path, venv: Path) -> None:
    installed = json.loads(checked(python, "-c", CHECK))
    # Imported from the environment, not from this checkout's src/.
    assert Path(installed["file"]).resolve().is_relative_to(venv.resolve())
    assert installed["version"] == expected_version()
    assert "sphinx" in installed["extras"]
    # The batched protocol: an ack names its message; a batch says when it ends.
    assert installed["ack_keys"] == ["id", "type"]
    assert "more_messages" in installed["receive_optional"]
    assert installed["amgi_version"] == ["1.0"]
    assert installed["typed"]


def test_wheel_built_from_a_fresh_clone_installs_offline(clone: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    checked(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--isolated",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "--wheel-dir",
        dist,
        clone,
    )
    wheels = list(dist.glob("amgi_types-*.whl"))
    assert len(wheels) == 1, wheels
    venv = tmp_path / "venv"
    python = empty_venv(venv, with_pip=False)
    checked(*pip(python, False), "install", "--isolated", "--no-index", "--quiet", wheels[0])
    assert_installed_is_amgi_1_0(python, venv)


def test_readme_command_installs_a_fresh_clone(clone: Path, tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^python -m pip install \./amgi-types$", readme, re.MULTILINE)
    venv = tmp_path / "venv"
    python = empty_venv(venv, with_pip=True)
    # The README's command, run where the clone's folder is ./amgi-types.
    result = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "./amgi-types"],
        cwd=clone.parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode and re.search(
        r"No matching distribution found for flit_core|Failed to establish a new connection"
        r"|Temporary failure in name resolution|Network is unreachable",
        result.stderr,
    ):
        pytest.skip(
            f"the package index is out of reach for the build's flit_core:\n{result.stderr[-500:]}"
        )
    assert result.returncode == 0, result.stderr
    assert_installed_is_amgi_1_0(python, venv)


def documented_commands(label: str) -> list[tuple[list[str], list[str]]]:
    """The console block of the section labelled ``label`` in docs/index.rst:
    each ``$`` command with the output lines shown after it."""
    text = (REPO / "docs" / "index.rst").read_text(encoding="utf-8")
    section = text.partition(f".. _{label}:")[2]
    block = section.partition(".. code-block:: console")[2].partition("\n\n")[2]
    commands: list[tuple[list[str], list[str]]] = []
    for line in block.splitlines():
        if line and not line.startswith("   "):
            break
        line = line.strip()
        if line.startswith("$ "):
            commands.append((shlex.split(line[2:]), []))
        elif line:
            commands[-1][1].append(line)
    return commands


def test_documented_install_beside_the_batched_era_packages_works(
    clone: Path, tmp_path: Path
) -> None:
    commands = documented_commands("installing-beside-batched-era")
    assert [command[:4] for command, _output in commands] == [
        ["python", "-m", "pip", "install"],
        ["python", "-m", "pip", "install"],
        ["python", "-m", "pip", "install"],
        ["python", "-m", "pip", "check"],
    ]
    assert "--no-deps" in commands[1][0]
    venv = tmp_path / "venv"
    python = empty_venv(venv, with_pip=True)
    for command, output in commands:
        # Each command as written, with the fresh environment's python, where
        # the clone's folder is ./amgi-types.
        result = subprocess.run(
            [str(python), *command[1:]],
            cwd=clone.parent,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if result.returncode and re.search(
            r"No matching distribution found|Failed to establish a new connection"
            r"|Temporary failure in name resolution|Network is unreachable",
            result.stderr,
        ):
            pytest.skip(f"the package index is out of reach:\n{result.stderr[-500:]}")
        if command[3] == "check":
            # The only conflicts are the upstream packages' pins, as shown.
            assert result.returncode == 1, result.stdout + result.stderr
            assert sorted(result.stdout.splitlines()) == sorted(output)
        else:
            assert result.returncode == 0, result.stderr
            assert output == []
    assert_installed_is_amgi_1_0(python, venv)
    # The framework and the server import, against this package.
    imported = checked(
        python,
        "-c",
        "import amgi_common, amgi_redis, asyncfast, amgi_types;"
        " print(asyncfast.AsyncFast.__name__, amgi_common.AMGIApplication is"
        " amgi_types.AMGIApplication)",
    )
    assert imported.split() == ["AsyncFast", "True"]
