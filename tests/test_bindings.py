"""The binding and extension TypedDicts at run time, on every CPython 3.10-3.13.

The tables are the design of the Bindings page: every field of every binding
is optional, since a server fills what its protocol gives and reads what it
needs. The containers accept keys they do not list: the type checkers are told
by PEP 728 ``extra_items``, declared only for them, and run-time readers by
``__extra_items__``; the last tests keep both in step with the run-time keys.
"""

import ast
import collections.abc
import json
import subprocess
import typing
from pathlib import Path

import pytest

import amgi_types

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "src" / "amgi_types" / "__init__.py"

# Name -> (required keys, optional keys).
BINDING_KEYS: dict[str, tuple[set[str], set[str]]] = {
    "KafkaReceiveBindings": (set(), {"key", "partition", "offset", "timestamp"}),
    "KafkaSendBindings": (set(), {"key"}),
    "AMQPMessageBindings": (
        set(),
        {
            "exchange",
            "routing_key",
            "message_id",
            "correlation_id",
            "reply_to",
            "content_type",
            "content_encoding",
            "delivery_mode",
            "priority",
            "expiration",
            "timestamp",
            "type",
            "user_id",
            "app_id",
        },
    ),
    "MQTTMessageBindings": (
        set(),
        {
            "qos",
            "retain",
            "payload_format_indicator",
            "correlation_data",
            "content_type",
            "response_topic",
            "message_expiry_interval",
        },
    ),
    "SQSReceiveBindings": (set(), {"message_group_id", "message_deduplication_id"}),
    "SQSSendBindings": (set(), {"message_group_id", "message_deduplication_id", "delay_seconds"}),
    "RedisMessageBindings": (set(), set()),
    "NATSMessageBindings": (set(), set()),
    "GooglePubSubMessageBindings": (set(), {"ordering_key"}),
    "SNSMessageBindings": (set(), set()),
    "MessageReceiveBindings": (
        set(),
        {"kafka", "amqp", "mqtt", "sqs", "redis", "nats", "googlepubsub", "sns"},
    ),
    "MessageSendBindings": (
        set(),
        {"kafka", "amqp", "mqtt", "sqs", "redis", "nats", "googlepubsub", "sns"},
    ),
    "MessageExtensions": (set(), {"message.ack.out_of_order"}),
    "MessageAckOutOfOrderExtension": (set(), set()),
}

# Where each event and scope takes them.
CARRIERS = {
    ("MessageReceiveEvent", "bindings"): "MessageReceiveBindings",
    ("MessageSendEvent", "bindings"): "MessageSendBindings",
    ("MessageScope", "extensions"): "MessageExtensions",
}

# Printed as JSON by each interpreter: what it sees of the tables' TypedDicts.
_OBSERVE = """
import json, sys, typing
import amgi_types
if sys.version_info >= (3, 11):
    from typing import is_typeddict
else:
    from typing_extensions import is_typeddict
found = {}
for name in json.loads(sys.argv[1]):
    cls = getattr(amgi_types, name)
    found[name] = {
        "required": sorted(cls.__required_keys__),
        "optional": sorted(cls.__optional_keys__),
        "hints": sorted(typing.get_type_hints(cls, include_extras=True)),
        "is_typeddict": is_typeddict(cls),
    }
print(json.dumps(found))
"""


def observe(python: str) -> dict[str, dict[str, object]]:
    result = subprocess.run(
        [python, "-I", "-c", _OBSERVE, json.dumps(sorted(BINDING_KEYS))],
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, dict[str, object]] = json.loads(result.stdout)
    return found


def assert_split(found: dict[str, dict[str, object]]) -> None:
    for name, (required, optional) in BINDING_KEYS.items():
        assert set(typing.cast("list[str]", found[name]["required"])) == required, name
        assert set(typing.cast("list[str]", found[name]["optional"])) == optional, name
        assert set(typing.cast("list[str]", found[name]["hints"])) == required | optional, name
        assert found[name]["is_typeddict"], name


def test_every_binding_typeddict_is_public() -> None:
    assert set(BINDING_KEYS) <= set(amgi_types.__all__)


@pytest.mark.parametrize("name", sorted(BINDING_KEYS))
def test_required_and_optional_keys_are_as_designed(name: str) -> None:
    cls = getattr(amgi_types, name)
    required, optional = BINDING_KEYS[name]
    assert (set(cls.__required_keys__), set(cls.__optional_keys__)) == (required, optional)
    assert set(typing.get_type_hints(cls, include_extras=True)) == required | optional


@pytest.mark.parametrize(("carrier", "key"), sorted(CARRIERS))
def test_events_and_scope_carry_the_typed_containers(carrier: str, key: str) -> None:
    hints = typing.get_type_hints(getattr(amgi_types, carrier), include_extras=True)
    assert typing.get_args(hints[key]) == (getattr(amgi_types, CARRIERS[carrier, key]),)
    assert key in getattr(amgi_types, carrier).__optional_keys__


@pytest.mark.parametrize("minor", [10, 11, 12, 13], ids=lambda minor: f"3.{minor}")
def test_keys_are_split_the_same_on_interpreter(
    minor: int, installed_python: collections.abc.Callable[[int], str]
) -> None:
    # The session's environment of that interpreter (tests/conftest.py).
    assert_split(observe(installed_python(minor)))


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
