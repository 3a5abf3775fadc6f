"""The binding and extension TypedDicts at run time.

Their keys and required/optional split, on every interpreter, are in the
table of tests/test_runtime_introspection.py. Here: the design rules of the
Bindings page. Every field of every binding is optional, since a server fills
what its protocol gives and reads what it needs. The containers accept keys they do not list: the type checkers are told
by PEP 728 ``extra_items``, declared only for them, and run-time readers by
``__extra_items__``; the last tests keep both in step with the run-time keys.
"""

import ast
import collections.abc
import typing
from pathlib import Path

import pytest

import amgi_types

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "src" / "amgi_types" / "__init__.py"

# Where each event and scope takes them.
CARRIERS = {
    ("MessageReceiveEvent", "bindings"): "MessageReceiveBindings",
    ("MessageSendEvent", "bindings"): "MessageSendBindings",
    ("MessageScope", "extensions"): "MessageExtensions",
}

BINDINGS = [name for name in amgi_types.__all__ if name.endswith("Bindings")]


@pytest.mark.parametrize("name", BINDINGS)
def test_every_binding_field_is_optional(name: str) -> None:
    assert getattr(amgi_types, name).__required_keys__ == frozenset()


@pytest.mark.parametrize(("carrier", "key"), sorted(CARRIERS))
def test_events_and_scope_carry_the_typed_containers(carrier: str, key: str) -> None:
    hints = typing.get_type_hints(getattr(amgi_types, carrier), include_extras=True)
    assert typing.get_args(hints[key]) == (getattr(amgi_types, CARRIERS[carrier, key]),)
    assert key in getattr(amgi_types, carrier).__optional_keys__


def _declarations(branch: list[ast.stmt]) -> dict[str, dict[str, str]]:
    """Name -> {key: annotation source} of the TypedDicts declared in ``branch``."""
    found: dict[str, dict[str, str]] = {}
    for statement in branch:
        if isinstance(statement, ast.ClassDef):
            keys = {
                item.target.id: ast.unparse(item.annotation)
                for item in statement.body
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
            }
            for base in statement.bases:
                keys.update(found.get(ast.unparse(base), {}))
            found[statement.name] = keys
        elif (
            isinstance(statement, ast.Assign)
            and isinstance(statement.value, ast.Call)
            and len(statement.value.args) == 2
            and isinstance(statement.value.args[1], ast.Dict)
        ):
            fields = statement.value.args[1]
            name = ast.literal_eval(statement.value.args[0])
            found[name] = {
                ast.literal_eval(key): ast.unparse(value)
                for key, value in zip(fields.keys, fields.values)
                if key is not None
            }
    return found


def test_checkers_and_run_time_see_the_same_keys() -> None:
    module = ast.parse(SOURCE.read_text(encoding="utf-8"))
    [branch] = [
        statement
        for statement in module.body
        if isinstance(statement, ast.If) and ast.unparse(statement.test) == "not TYPE_CHECKING"
    ]
    at_run_time = _declarations(branch.body)
    for_checkers = _declarations(branch.orelse)
    names = {"MessageReceiveBindings", "MessageSendBindings", "MessageExtensions"}
    assert names <= set(for_checkers) and names <= set(at_run_time)
    for name in names:
        assert for_checkers[name] == at_run_time[name], name
    # And the run-time declarations are what the package exports.
    for name in names:
        assert set(typing.get_type_hints(getattr(amgi_types, name))) == set(at_run_time[name])


def test_run_time_classes_carry_the_checkers_extra_items() -> None:
    module = ast.parse(SOURCE.read_text(encoding="utf-8"))
    [branch] = [
        statement
        for statement in module.body
        if isinstance(statement, ast.If) and ast.unparse(statement.test) == "not TYPE_CHECKING"
    ]
    declared = {
        statement.name: ast.unparse(keyword.value)
        for statement in branch.orelse
        if isinstance(statement, ast.ClassDef)
        for keyword in statement.keywords
        if keyword.arg == "extra_items"
    }
    assert set(declared) == {"MessageReceiveBindings", "MessageSendBindings", "MessageExtensions"}
    namespace = {"Mapping": collections.abc.Mapping, "Any": typing.Any}
    for name, source in declared.items():
        assert getattr(amgi_types, name).__extra_items__ == eval(source, namespace), name
