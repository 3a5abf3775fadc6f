"""amgi_types at run time matches the specification, on every CPython 3.10-3.13.

The tables below are written from ``shared/spec/README.md`` (each protocol's
binding keys from the AsyncAPI bindings the project adopted), not read from the
package. ``runtime_check.py`` observes the package; the same assertions judge
what it sees in this process and in a throwaway environment of each
interpreter, where the package is installed from this repository as a user
would install it.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest

import amgi_types

CHECK_SCRIPT = Path(__file__).with_name("runtime_check.py")

# Loaded by path so the import does not depend on how pytest sets sys.path.
_spec = importlib.util.spec_from_file_location("runtime_check", CHECK_SCRIPT)
assert _spec is not None and _spec.loader is not None
runtime_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(runtime_check)

BINDING_PROTOCOLS = {"kafka", "amqp", "mqtt", "sqs", "redis", "nats", "googlepubsub", "sns"}

# Every TypedDict of the package: (required keys, optional keys). A TypedDict
# that amgi_types gains must be added here, with its keys from the spec.
TYPEDDICT_KEYS: dict[str, tuple[set[str], set[str]]] = {
    "AMGIVersions": ({"version", "spec_version"}, set()),
    "MessageScope": ({"type", "amgi", "address"}, {"state", "extensions"}),
    "LifespanScope": ({"type", "amgi"}, {"state"}),
    "MessageReceiveEvent": (
        {"type", "id", "headers"},
        {"payload", "bindings", "more_messages"},
    ),
    "MessageAckEvent": ({"type", "id"}, set()),
    "MessageNackEvent": ({"type", "id", "message"}, set()),
    "MessageSendEvent": ({"type", "address", "headers"}, {"payload", "bindings"}),
    "LifespanStartupEvent": ({"type"}, set()),
    "LifespanShutdownEvent": ({"type"}, set()),
    "LifespanStartupCompleteEvent": ({"type"}, set()),
    "LifespanStartupFailedEvent": ({"type", "message"}, set()),
    "LifespanShutdownCompleteEvent": ({"type"}, set()),
    "LifespanShutdownFailedEvent": ({"type", "message"}, set()),
    # Extensions: the spec README's "Extensions", and this project's
    # "message.nack.outcome" (issue 20).
    "MessageExtensions": (set(), {"message.ack.out_of_order", "message.nack.outcome"}),
    "MessageAckOutOfOrderExtension": (set(), set()),
    "MessageNackOutcomeExtension": ({"outcome"}, set()),
    # Bindings: the spec README's "Bindings object", keyed by protocol name;
    # every key may be absent.
    "MessageReceiveBindings": (set(), BINDING_PROTOCOLS),
    "MessageSendBindings": (set(), BINDING_PROTOCOLS),
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
            "message_type",
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
    "SQSSendBindings": (
        set(),
        {"message_group_id", "message_deduplication_id", "delay_seconds"},
    ),
    "RedisMessageBindings": (set(), set()),
    "NATSMessageBindings": (set(), set()),
    "GooglePubSubMessageBindings": (set(), {"ordering_key"}),
    "SNSMessageBindings": (set(), set()),
}

# The ``type`` literal of every scope and event.
TYPE_TAGS = {
    "MessageScope": "message",
    "LifespanScope": "lifespan",
    "MessageReceiveEvent": "message.receive",
    "MessageAckEvent": "message.ack",
    "MessageNackEvent": "message.nack",
    "MessageSendEvent": "message.send",
    "LifespanStartupEvent": "lifespan.startup",
    "LifespanShutdownEvent": "lifespan.shutdown",
    "LifespanStartupCompleteEvent": "lifespan.startup.complete",
    "LifespanStartupFailedEvent": "lifespan.startup.failed",
    "LifespanShutdownCompleteEvent": "lifespan.shutdown.complete",
    "LifespanShutdownFailedEvent": "lifespan.shutdown.failed",
}

UNION_MEMBERS = {
    "Scope": {"MessageScope", "LifespanScope"},
    "AMGIReceiveEvent": {
        "MessageReceiveEvent",
        "LifespanStartupEvent",
        "LifespanShutdownEvent",
    },
    "AMGISendEvent": {
        "MessageAckEvent",
        "MessageNackEvent",
        "MessageSendEvent",
        "LifespanStartupCompleteEvent",
        "LifespanStartupFailedEvent",
        "LifespanShutdownCompleteEvent",
        "LifespanShutdownFailedEvent",
    },
}

CALLABLE_PROTOCOLS = {"AMGIReceiveCallable", "AMGISendCallable", "AMGIApplication"}

# The spec's "Union and callable names", which applications import.
SPEC_NAMES = {
    "AMGIVersions",
    "MessageScope",
    "LifespanScope",
    "Scope",
    "MessageReceiveEvent",
    "MessageAckEvent",
    "MessageNackEvent",
    "MessageSendEvent",
    "LifespanStartupEvent",
    "LifespanShutdownEvent",
    "LifespanStartupCompleteEvent",
    "LifespanStartupFailedEvent",
    "LifespanShutdownCompleteEvent",
    "LifespanShutdownFailedEvent",
    "AMGIReceiveEvent",
    "AMGISendEvent",
    "AMGIReceiveCallable",
    "AMGISendCallable",
    "AMGIApplication",
}


def assert_public_names(report: dict[str, Any]) -> None:
    names = report["all"]
    assert len(names) == len(set(names)), f"__all__ repeats a name: {names}"
    assert report["missing"] == [], "names in __all__ that the module lacks"
    assert set(report["public"]) <= set(names), "public names missing from __all__"
    assert set(names) >= SPEC_NAMES, "spec names missing from __all__"


def assert_typeddict_keys(report: dict[str, Any]) -> None:
    found = report["typeddicts"]
    assert set(found) == set(TYPEDDICT_KEYS), (
        "the TypedDicts in __all__ differ from TYPEDDICT_KEYS; add each new "
        f"TypedDict to the table with its keys from the spec. Not in the table: "
        f"{sorted(set(found) - set(TYPEDDICT_KEYS))}; not in __all__: "
        f"{sorted(set(TYPEDDICT_KEYS) - set(found))}"
    )
    for name, (required, optional) in TYPEDDICT_KEYS.items():
        assert set(found[name]["required"]) == required, f"{name} required keys"
        assert set(found[name]["optional"]) == optional, f"{name} optional keys"


def assert_type_hints_resolve(report: dict[str, Any]) -> None:
    for name, (required, optional) in TYPEDDICT_KEYS.items():
        hints = report["typeddicts"][name]["type_hints"]
        assert isinstance(hints, list), f"get_type_hints({name}) raised {hints}"
        keys = set(cast("list[str]", hints))
        assert keys == required | optional, f"get_type_hints({name}) keys"


def assert_recognised_as_typeddicts(report: dict[str, Any]) -> None:
    not_recognised = [
        name for name, found in report["typeddicts"].items() if not found["is_typeddict"]
    ]
    assert not_recognised == []


def assert_type_tags(report: dict[str, Any]) -> None:
    tags = {name: found["type_tag"] for name, found in report["typeddicts"].items()}
    assert {name: tags.get(name) for name in TYPE_TAGS} == {
        name: [tag] for name, tag in TYPE_TAGS.items()
    }


def assert_unions_and_protocols(report: dict[str, Any]) -> None:
    unions = {name: set(members) for name, members in report["unions"].items()}
    assert unions == UNION_MEMBERS, "a union differs from UNION_MEMBERS, or is not in it"
    protocols = {name for name, kind in report["kinds"].items() if kind == "protocol"}
    assert protocols == CALLABLE_PROTOCOLS


ALL_CHECKS = [
    assert_public_names,
    assert_typeddict_keys,
    assert_type_hints_resolve,
    assert_recognised_as_typeddicts,
    assert_type_tags,
    assert_unions_and_protocols,
]


def assert_light_import(imports: dict[str, list[str]], version: tuple[int, int]) -> None:
    # Only the package itself (and typing_extensions where typing lacks what
    # it uses) may come from outside the standard library: no sphinx, no
    # submodule such as amgi_types.validate or amgi_types.sphinxext.
    if version >= (3, 11):
        assert imports["modules"] == ["amgi_types"]
    else:
        assert imports["not_stdlib"] == ["amgi_types", "typing_extensions"]


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    report: dict[str, Any] = runtime_check.introspect(amgi_types)
    return report


def test_all_lists_every_spec_name_and_every_public_attribute(report: dict[str, Any]) -> None:
    assert_public_names(report)


def test_required_and_optional_keys_match_the_spec(report: dict[str, Any]) -> None:
    assert_typeddict_keys(report)


def test_get_type_hints_resolves_every_key(report: dict[str, Any]) -> None:
    assert_type_hints_resolve(report)


def test_every_typeddict_is_recognised_as_one(report: dict[str, Any]) -> None:
    assert_recognised_as_typeddicts(report)


def test_type_literals_match_the_spec(report: dict[str, Any]) -> None:
    assert_type_tags(report)


def test_unions_hold_exactly_the_spec_members_and_callables_are_protocols(
    report: dict[str, Any],
) -> None:
    assert_unions_and_protocols(report)


def test_import_pulls_in_only_the_package() -> None:
    imports = runtime_check.imported_modules(sys.executable)
    print(f"import amgi_types adds: {imports['modules']}")
    assert_light_import(imports, sys.version_info[:2])


@pytest.mark.parametrize("minor", [10, 11, 12, 13], ids=lambda minor: f"3.{minor}")
def test_installed_package_matches_the_spec_on_interpreter(
    minor: int, installed_python: Callable[[int], str], tmp_path: Path
) -> None:
    # The session's environment of that interpreter (tests/conftest.py).
    venv_python = installed_python(minor)
    check = subprocess.run(
        [venv_python, "-I", CHECK_SCRIPT], capture_output=True, text=True, cwd=tmp_path
    )
    assert check.returncode == 0, f"{CHECK_SCRIPT.name} failed:\n{check.stderr}"
    result = json.loads(check.stdout)
    version = tuple(result["version"])
    print(f"3.{minor} ({venv_python}): import amgi_types adds {result['imports']['modules']}")

    assert version == (3, minor)
    if version < (3, 11):
        assert result["distributions"] == ["amgi-types", "typing-extensions"]
    else:
        assert result["distributions"] == ["amgi-types"]
    assert_light_import(result["imports"], version)
    for assert_spec in ALL_CHECKS:
        assert_spec(result["introspection"])
