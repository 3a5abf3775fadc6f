"""Observe amgi_types at run time on the interpreter running this file.

``tests/test_runtime_introspection.py`` imports :func:`introspect` and
:func:`imported_modules` for the interpreter running pytest, and runs this file
as a script in a throwaway environment of each CPython 3.10-3.13, which prints
the same observations as JSON. The test compares them with the specification;
this file only observes, so both runs are judged by the same assertions.
:func:`find_interpreter` locates those interpreters, for the environments of
``tests/conftest.py`` (shared with ``test_bindings.py`` and
``test_validate_interpreters.py``) and for ``benchmarks/import_cost.py``.

Standard library only: the throwaway environment holds amgi_types and its own
dependencies and nothing else.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import types
import typing
from importlib import metadata
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    from typing import is_typeddict
else:
    # On 3.10 amgi_types builds its TypedDicts with typing_extensions, whose
    # classes typing.is_typeddict does not recognise.
    from typing_extensions import is_typeddict

# Run in a fresh interpreter: this process has already imported far more than
# ``typing``, which would hide what amgi_types itself pulls in.
_NEW_MODULES = """
import sys, typing
before = set(sys.modules)
import amgi_types
print("\\n".join(sorted(set(sys.modules) - before)))
"""


def _kind(value: object) -> str:
    # Either spelling of a union: ``Union[A, B]`` or ``A | B``.
    if typing.get_origin(value) in (typing.Union, types.UnionType):
        return "union"
    if isinstance(value, type) and issubclass(value, dict):
        return "typeddict"
    if isinstance(value, type) and getattr(value, "_is_protocol", False):
        return "protocol"
    return "other"


def _typeddict(cls: Any) -> dict[str, Any]:
    try:
        hints = typing.get_type_hints(cls, include_extras=True)
    except Exception as exc:  # the report names the failure instead of stopping
        resolved: object = f"{type(exc).__name__}: {exc}"
        type_tag = None
    else:
        resolved = sorted(hints)
        tag = hints.get("type")
        type_tag = list(typing.get_args(tag)) if typing.get_origin(tag) is typing.Literal else None
    return {
        "required": sorted(cls.__required_keys__),
        "optional": sorted(cls.__optional_keys__),
        "type_hints": resolved,
        "type_tag": type_tag,
        "is_typeddict": is_typeddict(cls),
    }


def introspect(module: types.ModuleType) -> dict[str, Any]:
    """What the module's public names are, as JSON-friendly data."""
    names = list(module.__all__)
    present = {name: getattr(module, name) for name in names if hasattr(module, name)}
    kinds = {name: _kind(value) for name, value in present.items()}
    return {
        "all": names,
        "missing": [name for name in names if name not in present],
        # Submodules (amgi_types.validate, once imported) are attributes too,
        # but not names that ``from amgi_types import *`` should bring.
        "public": sorted(
            name
            for name, value in vars(module).items()
            if not name.startswith("_") and not isinstance(value, types.ModuleType)
        ),
        "kinds": kinds,
        "typeddicts": {
            name: _typeddict(present[name]) for name, kind in kinds.items() if kind == "typeddict"
        },
        "unions": {
            name: sorted(member.__name__ for member in typing.get_args(present[name]))
            for name, kind in kinds.items()
            if kind == "union"
        },
    }


def imported_modules(python: str) -> dict[str, list[str]]:
    """The modules that ``import amgi_types`` adds to a bare ``import typing``."""
    output = subprocess.run(
        [python, "-I", "-c", _NEW_MODULES], capture_output=True, text=True, check=True
    ).stdout
    new = output.split()
    return {
        "modules": new,
        "not_stdlib": [
            name for name in new if name.partition(".")[0] not in sys.stdlib_module_names
        ],
    }


def pyenv_root() -> Path:
    pyenv = shutil.which("pyenv")
    if pyenv:
        return Path(subprocess.run([pyenv, "root"], capture_output=True, text=True).stdout.strip())
    return Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))


def find_interpreter(minor: int) -> str | None:
    """The newest CPython 3.<minor> under pyenv, else ``python3.<minor>`` on PATH."""
    versions = pyenv_root() / "versions"
    # Release builds only: "3.13.0t" (free-threaded) or "3.12-dev" are other
    # interpreters.
    candidates = sorted(
        (int(match[1]), path)
        for path in glob.glob(str(versions / f"3.{minor}.*" / "bin" / "python"))
        if (match := re.fullmatch(rf"3\.{minor}\.(\d+)", Path(path).parents[1].name))
    )
    return candidates[-1][1] if candidates else shutil.which(f"python3.{minor}")


def main() -> None:
    import amgi_types

    print(
        json.dumps(
            {
                "version": list(sys.version_info[:2]),
                "introspection": introspect(amgi_types),
                "imports": imported_modules(sys.executable),
                "distributions": sorted(
                    dist.metadata["Name"].lower().replace("_", "-")
                    for dist in metadata.distributions()
                ),
            }
        )
    )


if __name__ == "__main__":
    main()
