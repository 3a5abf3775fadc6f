"""Which type of ``bindings`` and ``extensions`` each checker accepts: the measured table.

The Bindings page chooses the type of the events' ``bindings`` and the scope's
``extensions`` from this table. Each candidate design is written out with
the same small set of events, each use case is a program of its own, and the
four pinned checkers of the corpus (with its settings) run over every pair.
A cell gives the checkers whose verdict is the one the use case wants:
accepted for a program the specification allows, rejected for a mistake.

Run with ``.venv/bin/python benchmarks/bindings_designs.py`` (``make bench``).
"""

import shutil
import sys
import tempfile
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from test_typing_corpus import CHECKERS, run_checker  # noqa: E402

PRELUDE = """\
from collections.abc import Mapping
from typing import Any, Literal

from typing_extensions import NotRequired, TypedDict


class KafkaReceive(TypedDict, total=False):
    key: bytes | None
    partition: int


class KafkaSend(TypedDict, total=False):
    key: bytes | None


class AckOutOfOrder(TypedDict):
    pass
"""

CONTAINERS = """\
class ReceiveBindings(TypedDict, total=False, extra_items=Mapping[str, Any]):
    kafka: KafkaReceive


class SendBindings(TypedDict, total=False, extra_items=Mapping[str, Any]):
    kafka: KafkaSend


Extensions = TypedDict(
    "Extensions",
    {"message.ack.out_of_order": AckOutOfOrder},
    total=False,
    extra_items=Mapping[str, Any],
)
"""

# Each design: the declarations it needs and the type of the three keys.
DESIGNS = {
    "Mapping[str, Mapping[str, Any]] (chosen)": (
        "",
        ("Mapping[str, Mapping[str, Any]]",) * 3,
    ),
    "dict[str, dict[str, Any]] (the seed's words)": (
        "",
        ("dict[str, dict[str, Any]]",) * 3,
    ),
    "TypedDict containers with PEP 728 extra_items (0.1.0)": (
        CONTAINERS,
        ("ReceiveBindings", "SendBindings", "Extensions"),
    ),
    "union of the two": (
        CONTAINERS,
        (
            "ReceiveBindings | Mapping[str, Mapping[str, Any]]",
            "SendBindings | Mapping[str, Mapping[str, Any]]",
            "Extensions | Mapping[str, Mapping[str, Any]]",
        ),
    ),
}

EVENTS = """\
class Receive(TypedDict):
    type: Literal["message.receive"]
    id: str
    bindings: NotRequired[{0}]


class Send(TypedDict):
    type: Literal["message.send"]
    address: str
    bindings: NotRequired[{1}]


class Scope(TypedDict):
    type: Literal["message"]
    extensions: NotRequired[{2}]
"""

ALLOWED, MISTAKE = "accepted", "rejected"

# (use case, wanted verdict, program). Each program is checked on its own.
CASES = [
    (
        "bindings from a dict[str, dict[str, Any]] variable",
        ALLOWED,
        """
        def case(bindings: dict[str, dict[str, Any]]) -> Send:
            return {"type": "message.send", "address": "a", "bindings": bindings}
    """,
    ),
    (
        "bindings of an unlisted protocol, inline",
        ALLOWED,
        """
        send: Send = {"type": "message.send", "address": "a", "bindings": {"pulsar": {"key": "k"}}}
    """,
    ),
    (
        "bindings read by a protocol name in a str, then .get()",
        ALLOWED,
        """
        def case(message: Receive, protocol: str) -> object:
            return message.get("bindings", {}).get(protocol, {}).get("key")
    """,
    ),
    (
        "received bindings forwarded into a send event",
        ALLOWED,
        """
        def case(message: Receive) -> Send:
            return {"type": "message.send", "address": "dlq", "bindings": message.get("bindings", {})}
    """,
    ),
    (
        "extensions from a dict[str, dict[str, Any]] variable",
        ALLOWED,
        """
        def case(extensions: dict[str, dict[str, Any]]) -> Scope:
            return {"type": "message", "extensions": extensions}
    """,
    ),
    (
        "an unlisted extension, inline",
        ALLOWED,
        """
        scope: Scope = {"type": "message", "extensions": {"acme.deadline": {"seconds": 30}}}
    """,
    ),
    (
        "extensions read by a name in a str, then .get()",
        ALLOWED,
        """
        def case(scope: Scope, name: str) -> object:
            return scope.get("extensions", {}).get(name, {}).get("seconds")
    """,
    ),
    (
        "a scope's extensions forwarded into a new scope",
        ALLOWED,
        """
        def case(scope: Scope) -> Scope:
            return {"type": "message", "extensions": scope.get("extensions", {})}
    """,
    ),
    (
        "a typed protocol value (KafkaSend) in a send event",
        ALLOWED,
        """
        kafka: KafkaSend = {"key": b"k"}
        send: Send = {"type": "message.send", "address": "a", "bindings": {"kafka": kafka}}
        made: Send = {"type": "message.send", "address": "a", "bindings": {"kafka": KafkaSend(key=None)}}
    """,
    ),
    (
        "a str key in a typed protocol value",
        MISTAKE,
        """
        kafka: KafkaSend = {"key": "text"}
    """,
    ),
    (
        "a str Kafka key written inline in the event",
        MISTAKE,
        """
        send: Send = {"type": "message.send", "address": "a", "bindings": {"kafka": {"key": "text"}}}
    """,
    ),
    (
        "a known field read as the wrong type",
        MISTAKE,
        """
        def case(message: Receive) -> None:
            key: int = message.get("bindings", {}).get("kafka", {}).get("key", 0)
            print(key)
    """,
    ),
]


def program(declarations: str, types: tuple[str, ...], case: str) -> str:
    return "\n\n".join([PRELUDE, declarations, EVENTS.format(*types), textwrap.dedent(case)])


def measure(directory: Path) -> dict[tuple[str, str], list[str]]:
    """(design, case) -> the checkers whose verdict is the wanted one."""
    files: dict[Path, tuple[str, str, str, int]] = {}
    for d, (design, (declarations, types)) in enumerate(DESIGNS.items()):
        for c, (case, wanted, text) in enumerate(CASES):
            path = directory / f"design{d}_case{c}.py"
            head = program(declarations, types, "")
            path.write_text(program(declarations, types, text), encoding="utf-8")
            # Only the case's own lines count: mypy rejects extra_items itself.
            files[path.resolve()] = (design, case, wanted, head.count("\n"))
    verdicts: dict[tuple[str, str], list[str]] = {}
    for checker in CHECKERS:
        rejected = {
            diagnostic.path
            for diagnostic in run_checker(checker, list(files))
            if diagnostic.line > files[diagnostic.path][3]
        }
        for path, (design, case, wanted, _) in files.items():
            verdict = MISTAKE if path in rejected else ALLOWED
            if verdict == wanted:
                verdicts.setdefault((design, case), []).append(checker)
            else:
                verdicts.setdefault((design, case), [])
    return verdicts


def cell(checkers: list[str]) -> str:
    if len(checkers) == len(CHECKERS):
        return "all 4"
    if not checkers:
        return "none"
    return ", ".join(checkers)


def main() -> None:
    # A fixed folder: mypy's cache, kept by path, would report a previous
    # run's folder for the same module names.
    directory = Path(tempfile.gettempdir()) / "amgi-types-bindings-designs"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir()
    verdicts = measure(directory)
    print("Checkers whose verdict is the wanted one (mypy, pyright, ty, pyrefly as pinned):\n")
    for design in DESIGNS:
        print(design)
        for case, wanted, _ in CASES:
            print(f"  {cell(verdicts[design, case]):28} {case} (wanted: {wanted})")
        print()


if __name__ == "__main__":
    main()
