"""Code that takes any protocol's bindings reads them as a ``Mapping``."""

from collections.abc import Mapping
from typing import Any

from amgi_types import MessageReceiveEvent


def log_bindings(bindings: Mapping[str, Any]) -> list[str]:
    return sorted(bindings)


def log_message(message: MessageReceiveEvent) -> list[str]:
    bindings = message.get("bindings", {})
    return log_bindings(bindings) + log_bindings(bindings.get("kafka", {}))
