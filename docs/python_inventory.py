"""Write an intersphinx inventory of the Python docs from the running interpreter.

The build must never touch the network, and a copy of docs.python.org's
``objects.inv`` checked into the repository would drift from the interpreter
the docs are built with. The names a type annotation can mention (builtins,
exceptions, ``typing``, ``collections.abc``, ``datetime``) are all importable,
and docs.python.org anchors them predictably, so the inventory is generated.
"""

import builtins
import collections.abc
import datetime
import inspect
import sys
import typing
from pathlib import Path
from types import ModuleType

import sphobjinv

# Builtin classes documented under "Built-in Types"; the other builtin classes
# (int, float, bool, object, type, ...) are anchored in "Built-in Functions".
_STDTYPES = frozenset(
    {
        "str",
        "bytes",
        "bytearray",
        "dict",
        "list",
        "tuple",
        "set",
        "frozenset",
        "range",
        "memoryview",
    }
)
_CONSTANTS = frozenset({"None", "True", "False", "Ellipsis", "NotImplemented"})


def _builtin_entries() -> list[tuple[str, str, str]]:
    entries = []
    for name, obj in vars(builtins).items():
        if name.startswith("_"):
            continue
        if name in _CONSTANTS:
            entries.append((name, "data", f"library/constants.html#{name}"))
        elif isinstance(obj, type) and issubclass(obj, BaseException):
            entries.append((name, "exception", f"library/exceptions.html#{name}"))
        elif isinstance(obj, type):
            page = "stdtypes" if name in _STDTYPES else "functions"
            entries.append((name, "class", f"library/{page}.html#{name}"))
        elif callable(obj):
            entries.append((name, "function", f"library/functions.html#{name}"))
    return entries


def _module_entries(module: ModuleType, page: str) -> list[tuple[str, str, str]]:
    entries = []
    module_name = module.__name__
    entries.append((module_name, "module", f"library/{page}.html#module-{module_name}"))
    for name in module.__all__:
        obj = getattr(module, name)
        qualified = f"{module_name}.{name}"
        uri = f"library/{page}.html#{qualified}"
        if isinstance(obj, type) or typing.get_origin(obj) is not None:
            roles = ["class"]
        elif inspect.isroutine(obj):
            roles = ["function"]
        else:
            # docs.python.org files special forms such as typing.Any as py:data,
            # but Sphinx renders every name in an annotation as a py:class
            # reference, which does not match py:data entries; list both.
            roles = ["data", "class"]
        entries.extend((qualified, role, uri) for role in roles)
    return entries


def write_inventory(path: Path) -> Path:
    """Write the inventory to ``path`` and return it."""
    inventory = sphobjinv.Inventory()
    inventory.project = "Python"
    inventory.version = f"{sys.version_info.major}.{sys.version_info.minor}"
    entries = _builtin_entries()
    entries += _module_entries(typing, "typing")
    entries += _module_entries(collections.abc, "collections.abc")
    entries += _module_entries(datetime, "datetime")
    for name, role, uri in entries:
        inventory.objects.append(
            sphobjinv.DataObjStr(
                name=name, domain="py", role=role, priority="1", uri=uri, dispname="-"
            )
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    sphobjinv.writebytes(path, sphobjinv.compress(inventory.data_file(contract=True)))
    return path
