"""The binding and extension TypedDicts at run time.

Their keys and required/optional split, on every interpreter, are in the
table of tests/test_runtime_introspection.py. Here: the design rules of the
Bindings page. Events and the scope take the specification's mapping of
mappings; the per-protocol TypedDicts are an opt-in that fits it, and the
containers are the one reference of which protocol takes which.
"""

import ast
import re
import typing
from collections.abc import Mapping
from pathlib import Path

import pytest

import amgi_types

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "src" / "amgi_types" / "__init__.py"

CARRIERS = [
    ("MessageReceiveEvent", "bindings"),
    ("MessageSendEvent", "bindings"),
    ("MessageScope", "extensions"),
]
CONTAINERS = ["MessageReceiveBindings", "MessageSendBindings", "MessageExtensions"]
PROTOCOL_BINDINGS = [
    name
    for name in amgi_types.__all__
    if name.endswith("Bindings") and not name.startswith("Message")
]


@pytest.mark.parametrize("name", PROTOCOL_BINDINGS)
def test_every_binding_field_is_optional(name: str) -> None:
    assert getattr(amgi_types, name).__required_keys__ == frozenset()


@pytest.mark.parametrize(("carrier", "key"), CARRIERS)
def test_events_and_scope_take_the_specifications_mapping_of_mappings(
    carrier: str, key: str
) -> None:
    hints = typing.get_type_hints(getattr(amgi_types, carrier))
    assert hints[key] == Mapping[str, Mapping[str, typing.Any]]
    assert key in getattr(amgi_types, carrier).__optional_keys__


def test_every_protocol_typeddict_is_listed_by_a_container() -> None:
    listed = {
        hint.__name__
        for container in ("MessageReceiveBindings", "MessageSendBindings")
        for hint in typing.get_type_hints(getattr(amgi_types, container)).values()
    }
    assert listed == set(PROTOCOL_BINDINGS)


def test_receive_and_send_containers_name_the_same_protocols() -> None:
    receive = typing.get_type_hints(amgi_types.MessageReceiveBindings)
    send = typing.get_type_hints(amgi_types.MessageSendBindings)
    assert receive.keys() == send.keys()


@pytest.mark.parametrize("name", PROTOCOL_BINDINGS)
def test_field_names_are_snake_case_and_never_the_events_type(name: str) -> None:
    for field in getattr(amgi_types, name).__annotations__:
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", field), f"{name}.{field}"
        # "type" would read as the event's own key; AsyncAPI says messageType.
        assert field != "type", f"{name}.{field}"


def test_every_public_name_is_declared_once_so_hovers_show_its_docstring() -> None:
    module = ast.parse(SOURCE.read_text(encoding="utf-8"))
    declared: list[str] = []
    for node in ast.walk(module):
        if isinstance(node, ast.ClassDef):
            declared.append(node.name)
        elif isinstance(node, ast.Assign):
            declared += [target.id for target in node.targets if isinstance(target, ast.Name)]
    twice = {name for name in declared if declared.count(name) > 1}
    assert not twice
    assert set(amgi_types.__all__) <= set(declared)


@pytest.mark.parametrize("name", [*CONTAINERS, *PROTOCOL_BINDINGS])
def test_binding_and_extension_typeddicts_have_their_own_docstring(name: str) -> None:
    doc = getattr(amgi_types, name).__doc__
    assert doc and not doc.startswith(("dict(", "A simple typed namespace")), name
