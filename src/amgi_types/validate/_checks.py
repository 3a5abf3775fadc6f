"""The compiled checks behind :mod:`amgi_types.validate`.

Every check is derived at run time from the TypedDicts of :mod:`amgi_types`
(their type hints, required and optional keys, literals and unions), so the
types stay the single source of truth. A type is compiled once into a tree of
nodes, and each node checks a value in two ways:

- ``emit`` writes the source of a fast predicate, plain ``type(x) is ...``
  tests compiled into one flat function, which accepts the common
  well-formed value and turns away anything else;
- ``collect``, the thorough pass, walks a value the predicate turned away and
  finds every problem with its path, and every unknown key.

The fast predicate never accepts a value in which the thorough pass finds a
problem or an unknown key: it takes exact ``dict``, ``str``, ``list`` and
``tuple`` only, keys included, and leaves everything else to the thorough
pass. The thorough pass reads a value through its base class's methods and
never through what the value's class overrides, since a value may be hostile:
whatever it is, a check ends in a verdict, not in another exception.

Standard library only; imported by :mod:`amgi_types.validate`, never by
``import amgi_types``.
"""

from __future__ import annotations

import array
import collections
import collections.abc
import contextlib
import types
import typing
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any, NamedTuple, Union, cast

from amgi_types import (
    AMGIReceiveEvent,
    AMGISendEvent,
    MessageExtensions,
    MessageReceiveBindings,
    MessageReceiveEvent,
    MessageScope,
    MessageSendBindings,
    MessageSendEvent,
    Scope,
)
from amgi_types._typeddict import is_special_form, is_typeddict, strip_qualifiers

# --------------------------------------------------------------------------
# Describing values in messages. Nothing here calls a method the value's
# class could override, nor anything whose time grows with the value.

_MAX_SHOWN = 40
# Beyond this, an int is described by its size: its repr takes time that
# grows with it, and raises past sys.get_int_max_str_digits().
_MAX_INT_BITS = 128


def type_name(value: object) -> str:
    name = type.__dict__["__qualname__"].__get__(type(value))
    return name if type(name) is str else "object"


def shortened(text: str) -> str:
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 3] + "..."


def quoted(text: str) -> str:
    """A str for a message: its repr, but never longer than a line."""
    return repr(text[: _MAX_SHOWN + 1]) if len(text) > _MAX_SHOWN else repr(text)


def describe(value: object) -> str:
    cls = type(value)
    if value is None:
        return "None"
    if cls is str:
        text = repr(cast(str, value)[: _MAX_SHOWN + 1])
    elif cls is bytes:
        text = repr(cast(bytes, value)[: _MAX_SHOWN + 1])
    elif cls is int:
        if int.bit_length(cast(int, value)) > _MAX_INT_BITS:
            return f"int (of {int.bit_length(cast(int, value))} bits)"
        text = repr(value)
    elif cls is float or cls is bool:
        text = repr(value)
    else:
        return type_name(value)
    return f"{cls.__name__} ({shortened(text)})"


def plain_str(value: object) -> str | None:
    """A str or str subclass as a plain str, whatever the subclass overrides;
    None for anything else."""
    return str.__str__(cast(str, value)) if issubclass(type(value), str) else None


def key_path(key: object) -> str:
    name = plain_str(key)
    if name is not None:
        return '["' + shortened(name).translate(_ESCAPES) + '"]'
    return f"[<key of type {type_name(key)}>]"


# A key's backslash and quote, and every control character, escaped: an
# error stays one line whatever the key holds.
_ESCAPES = {
    code: ascii(chr(code))[1:-1] for code in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]
}
_ESCAPES.update({ord("\\"): "\\\\", ord('"'): '\\"'})


def raised(exc: BaseException) -> str:
    return f"reading it raised {type_name(exc)}"


# --------------------------------------------------------------------------
# Reading containers: through the base class where there is one.


class Found:
    """What the thorough pass found in one value: errors, and unknown keys,
    which are reported but never make a value wrong (forward compatibility).

    Each error is a line, its path before the first colon; ``paths`` holds
    the paths alone, in the same order. The errors of one value are bounded:
    past ``MAX_ERRORS`` the pass stops, whatever the size of the value.
    """

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.paths: list[str] = []
        self.unknown: list[str] = []

    def error(self, path: str, problem: str) -> None:
        if len(self.errors) >= MAX_ERRORS:
            raise Enough
        self.errors.append(f"{path}: {problem}")
        self.paths.append(path)

    def extend(self, other: Found) -> None:
        self.unknown.extend(other.unknown)
        for path, line in zip(other.paths, other.errors, strict=True):
            if len(self.errors) >= MAX_ERRORS:
                raise Enough
            self.errors.append(line)
            self.paths.append(path)


# Past this many, more errors tell nothing more about a value, and finding
# them takes time that grows with it.
MAX_ERRORS = 100


class Enough(Exception):
    """Raised inside the thorough pass once a value has MAX_ERRORS errors."""


_dict_items_of: Callable[[dict[object, object]], Iterable[tuple[object, object]]] = dict[
    object, object
].items
_list_iter: Callable[[list[object]], Iterable[object]] = list[object].__iter__
_tuple_iter: Callable[[tuple[object, ...]], Iterable[object]] = tuple[object, ...].__iter__


def subclass(cls: type, base: type | tuple[type, ...]) -> bool:
    """``issubclass``, False where it raises: an ABC asks each of its
    subclasses, and a subclass's metaclass may raise in ``__subclasscheck__``."""
    try:
        return issubclass(cls, base)
    except Exception:
        return False


def dict_items(value: object) -> list[tuple[object, object]]:
    """The items of a dict or dict subclass, whatever the subclass overrides."""
    return list(_dict_items_of(cast("dict[object, object]", value)))


class Unreadable(Exception):
    """A container of a class without a base to read through raised while its
    items were read."""


def mapping_items(value: object) -> list[tuple[object, object]] | None:
    """The items of any mapping, None for a value that is not one."""
    cls = type(value)
    if issubclass(cls, dict):
        return dict_items(value)
    if not subclass(cls, collections.abc.Mapping):
        return None
    # MappingProxyType and user-defined mappings: their own methods are the
    # only way in.
    mapping = cast("collections.abc.Mapping[object, object]", value)
    try:
        return [(key, mapping[key]) for key in mapping]
    except Exception as exc:
        raise Unreadable(raised(exc)) from None


def read_mapping(
    value: object, path: str, found: Found, expected: str
) -> list[tuple[object, object]] | None:
    """The items of a mapping, or None once what is wrong with it is found."""
    try:
        items = mapping_items(value)
    except Unreadable as problem:
        found.error(path, str(problem))
        return None
    if items is None:
        found.error(path, f"expected {expected}, got {describe(value)}")
    return items


def named_items(
    items: list[tuple[object, object]], path: str, found: Found
) -> list[tuple[str, str, object]]:
    """Each item by its key's str value, with its path. A key that is not a
    str, or the same str twice (a str subclass with a hash of its own), is
    an error, and its item is left out."""
    named: list[tuple[str, str, object]] = []
    seen: set[str] = set()
    for key, item in items:
        name = plain_str(key)
        if name is None:
            found.error(path + key_path(key), "keys must be str")
            continue
        where = path + key_path(name)
        if name in seen:
            found.error(where, "key given twice")
            continue
        seen.add(name)
        named.append((name, where, item))
    return named


def read_key(value: object, name: str) -> object:
    """``value[name]`` of a mapping already checked, or None; read through the
    items, since a key object that compares equal to ``name`` may raise."""
    try:
        items = mapping_items(value) or []
    except Unreadable:
        return None
    for key, item in items:
        if plain_str(key) == name:
            return item
    return None


# Python's sequences that are text or raw bytes, never a sequence of pairs:
# empty, they would pass as empty headers.
_NOT_SEQUENCES = (str, collections.UserString, bytes, bytearray, memoryview, array.array)


def read_sequence(value: object, kind: type) -> Iterable[object] | None:
    """The items of a sequence of the kind (list, tuple or any Sequence),
    None for a value of another kind. A user-defined sequence is read item by
    item as the caller goes, which may raise :class:`Unreadable`."""
    cls = type(value)
    if subclass(cls, _NOT_SEQUENCES):
        return None
    if issubclass(cls, list):
        return list(_list_iter(cast("list[object]", value))) if kind is not tuple else None
    if issubclass(cls, tuple):
        return list(_tuple_iter(cast("tuple[object, ...]", value))) if kind is not list else None
    if kind is not collections.abc.Sequence or not subclass(cls, collections.abc.Sequence):
        return None
    # A user-defined sequence: its own methods are the only way in.
    return _user_items(cast("collections.abc.Sequence[object]", value))


def _user_items(sequence: collections.abc.Sequence[object]) -> Iterator[object]:
    # Read lazily: a check that stops at MAX_ERRORS stops reading too.
    try:
        for index in range(len(sequence)):
            yield sequence[index]
    except Exception as exc:
        raise Unreadable(raised(exc)) from None


# --------------------------------------------------------------------------
# The nodes.


class Emitter:
    """The source of a generated function, being written."""

    def __init__(self, fail: str = "return False", open_top: str | None = None) -> None:
        # The statement that ends the generated function on a failed test.
        self.fail = fail
        # The variable of a value whose own keys may include unknown ones
        # (their being str still tested), or None: the check of a value that
        # is well-formed but for unknown keys at its top level.
        self.open_top = open_top
        self.lines: list[str] = []
        self.names: dict[str, object] = {}
        self._counter = 0
        # Local names in use. A name is released once the code that uses it
        # is written, and taken again by later code: a function with fewer
        # locals starts faster, and the send event's check has dozens of
        # branches.
        self._live: set[str] = set()
        # TypedDicts whose fields are being written: met again inside
        # themselves, they are checked by a call instead of inline.
        self.active: set[Node] = set()

    def fresh(self, stem: str) -> str:
        """A local name no code being written uses."""
        index = 0
        while f"{stem}{index}" in self._live:
            index += 1
        name = f"{stem}{index}"
        self._live.add(name)
        return name

    def release(self, *names: str) -> None:
        self._live.difference_update(names)

    def constant(self, value: object) -> str:
        self._counter += 1
        name = f"_c{self._counter}"
        self.names[name] = value
        return name

    def line(self, indent: int, text: str) -> None:
        self.lines.append("    " * indent + text)


class Node:
    expected = ""

    def collect(self, value: object, path: str, found: Found) -> None:
        raise NotImplementedError

    def emit(self, var: str, out: Emitter, indent: int) -> None:
        """Write statements that run ``out.fail`` unless ``var`` passes."""
        raise NotImplementedError

    def expr(self, var: str, out: Emitter) -> str | None:
        """A single expression true when ``var`` passes, for simple nodes."""
        return None

    def accepts_kind(self, value: object) -> bool:
        """Whether ``value`` is of the container kind this node checks."""
        return False

    def wrong(self, value: object, path: str, found: Found) -> None:
        found.error(path, f"expected {self.expected}, got {describe(value)}")


class AnyNode(Node):
    expected = "anything"

    def collect(self, value: object, path: str, found: Found) -> None:
        pass

    def emit(self, var: str, out: Emitter, indent: int) -> None:
        pass


class NoneNode(Node):
    expected = "None"

    def collect(self, value: object, path: str, found: Found) -> None:
        if value is not None:
            self.wrong(value, path, found)

    def expr(self, var: str, out: Emitter) -> str:
        return f"{var} is None"

    def emit(self, var: str, out: Emitter, indent: int) -> None:
        out.line(indent, f"if {var} is not None: {out.fail}")


class ClassNode(Node):
    """An instance of a class; ``bool`` is never taken for ``int`` or ``float``."""

    def __init__(self, cls: type) -> None:
        self.cls = cls
        self.expected = cls.__name__
        if cls is float:
            # int is acceptable where float is expected (PEP 484).
            self.accepted: tuple[type, ...] = (float, int)
        elif cls is complex:
            self.accepted = (complex, float, int)
        else:
            self.accepted = (cls,)
        self.refuse_bool = cls in (int, float, complex)

    def collect(self, value: object, path: str, found: Found) -> None:
        cls = type(value)
        try:
            ok = issubclass(cls, self.accepted) and not (self.refuse_bool and issubclass(cls, bool))
        except Exception:
            ok = False
        if not ok:
            self.wrong(value, path, found)

    def expr(self, var: str, out: Emitter) -> str:
        return " or ".join(f"type({var}) is {out.constant(cls)}" for cls in self.accepted)

    def emit(self, var: str, out: Emitter, indent: int) -> None:
        tests = " and ".join(f"type({var}) is not {out.constant(cls)}" for cls in self.accepted)
        out.line(indent, f"if {tests}: {out.fail}")


# Base-class conversions that ignore whatever a subclass overrides.
_PLAIN: dict[type, Callable[[Any], object]] = {
    str: str.__str__,
    int: int.__int__,
    float: float.__float__,
    bytes: lambda value: bytes.__getitem__(value, slice(None)),
}


class LiteralNode(Node):
    def __init__(self, values: tuple[object, ...]) -> None:
        self.values = values
        shown = ", ".join(repr(v) for v in values)
        self.expected = shown if len(values) == 1 else f"one of {shown}"
        # Grouped by exact class so that True never matches 1, nor 1 True.
        self.by_class: dict[type, frozenset[object]] = {}
        for v in values:
            self.by_class[type(v)] = self.by_class.get(type(v), frozenset()) | {v}

    def matches(self, value: object) -> bool:
        cls = type(value)
        for base, allowed in self.by_class.items():
            if cls is base:
                if value in allowed:
                    return True
            # Compared as the base class (a str enum as its str): a
            # subclass's __eq__ or __hash__ may lie or raise.
            elif (
                base in _PLAIN
                and issubclass(cls, base)
                and not issubclass(cls, bool)
                and _PLAIN[base](value) in allowed
            ):
                return True
        return False

    def collect(self, value: object, path: str, found: Found) -> None:
        if not self.matches(value):
            self.wrong(value, path, found)

    def expr(self, var: str, out: Emitter) -> str:
        return " or ".join(
            f"(type({var}) is {out.constant(cls)} and {var} in {out.constant(allowed)})"
            for cls, allowed in self.by_class.items()
        )

    def emit(self, var: str, out: Emitter, indent: int) -> None:
        out.line(indent, f"if not ({self.expr(var, out)}): {out.fail}")


class UnionNode(Node):
    def __init__(self, members: list[Node]) -> None:
        self.members = members
        self.expected = " or ".join(m.expected for m in members)

    def collect(self, value: object, path: str, found: Found) -> None:
        attempts: list[tuple[Node, Found]] = []
        for member in self.members:
            attempt = Found()
            # A member with too many errors to list is as wrong as any.
            with contextlib.suppress(Enough):
                member.collect(value, path, attempt)
            if not attempt.errors:
                found.unknown.extend(attempt.unknown)
                return
            attempts.append((member, attempt))
        # The member of the value's own kind explains the problem best: a
        # dict's problems are told by the dict member, not "expected None".
        deep = [attempt for member, attempt in attempts if member.accepts_kind(value)]
        if len(deep) == 1:
            found.extend(deep[0])
        else:
            self.wrong(value, path, found)

    def expr(self, var: str, out: Emitter) -> str | None:
        parts = [member.expr(var, out) for member in self.members]
        if any(part is None for part in parts):
            return None
        return " or ".join(f"({part})" for part in parts)

    def emit(self, var: str, out: Emitter, indent: int) -> None:
        test = self.expr(var, out)
        if test is None:
            # Members with loops or several statements become predicates of
            # their own; the value passes if one of them does.
            test = " or ".join(
                f"{out.constant(holder(member))}[0]({var})" for member in self.members
            )
        out.line(indent, f"if not ({test}): {out.fail}")


# The unknown-key lines a TypedDict keeps for reuse.
_KEPT_LINES = 64

# Above this many optional keys, one pass over a dict's items beats one
# lookup per key: such TypedDicts are mostly sparse.
_FEW_OPTIONAL = 3


class TypedDictNode(Node):
    def __init__(self, name: str) -> None:
        self.name = name
        self.expected = f"a dict ({name})"
        # Filled once the fields are compiled, so that a TypedDict that
        # refers to itself compiles.
        self.fields: dict[str, tuple[bool, Node]] = {}
        self.known = ""
        self.unknown_lines: dict[tuple[str, str], str] = {}

    def set_fields(self, fields: dict[str, tuple[bool, Node]], known: str | None = None) -> None:
        self.fields = fields
        self.known = known or f"{self.name} has {', '.join(fields) or 'no keys'}"
        self.unknown_lines = {}

    def unknown_line(self, path: str, key: str) -> str:
        """The report of an unknown key at the top of a value, kept for the
        next message: a few names, bounded."""
        line = self.unknown_lines.get((path, key))
        if line is None:
            line = f"{path}{key_path(key)}: unknown key ({self.known})"
            if len(self.unknown_lines) < _KEPT_LINES:
                self.unknown_lines[path, key] = line
        return line

    def accepts_kind(self, value: object) -> bool:
        return issubclass(type(value), dict)

    def collect(self, value: object, path: str, found: Found) -> None:
        if not issubclass(type(value), dict):
            self.wrong(value, path, found)
            return
        self.collect_items(dict_items(value), path, found)

    def collect_items(self, items: list[tuple[object, object]], path: str, found: Found) -> None:
        named = named_items(items, path, found)
        for name, where, item in named:
            field = self.fields.get(name)
            if field is None:
                found.unknown.append(f"{where}: unknown key ({self.known})")
            else:
                field[1].collect(item, where, found)
        seen = {name for name, _, _ in named}
        for key, (required, _) in self.fields.items():
            if required and key not in seen:
                found.error(path + key_path(key), "required key missing")

    def emit(self, var: str, out: Emitter, indent: int) -> None:
        out.line(indent, f"if type({var}) is not dict: {out.fail}")
        self.emit_fields(var, out, indent, skip=None)

    def emit_fields(self, var: str, out: Emitter, indent: int, skip: str | None) -> None:
        if self in out.active:
            out.line(indent, f"if not {out.constant(holder(self))}[0]({var}): {out.fail}")
            return
        out.active.add(self)
        optional = sum(1 for required, _ in self.fields.values() if not required)
        if optional <= _FEW_OPTIONAL:
            self.emit_lookups(var, out, indent, skip)
        else:
            self.emit_item_loop(var, out, indent, skip)
        out.active.discard(self)

    def emit_lookups(self, var: str, out: Emitter, indent: int, skip: str | None) -> None:
        """A test that the dict holds the keys it should and no other, all of
        them exact str, then one lookup per key.

        The keys come first: a value with an unknown key, a newer side's, is
        turned away before its fields are read. A missing required key raises
        KeyError, and unpacking a dict of another size ValueError, which the
        generated function turns into a failed test. Exact str keys matter: a
        key object that hashes and compares like "id" would be found by the
        lookup of "id".
        """
        present = self.emit_keys(var, out, indent)
        for key, (required, node) in self.fields.items():
            if key == skip:
                continue
            item = out.fresh("x")
            if required:
                out.line(indent, f"{item} = {var}[{key!r}]")
                node.emit(item, out, indent)
            else:
                out.line(indent, f"if {present[key]}:")
                out.line(indent + 1, f"{item} = {var}[{key!r}]")
                node.emit(item, out, indent + 1)
            out.release(item)
        out.release(*present.values())

    def emit_keys(self, var: str, out: Emitter, indent: int) -> dict[str, str]:
        """The test of the dict's keys: these and no other, exact str. The
        local that says whether each optional key is present is returned."""
        optional = [key for key, (required, _) in self.fields.items() if not required]
        present = {key: out.fresh("p") for key in optional}
        for key in optional:
            out.line(indent, f"{present[key]} = {key!r} in {var}")
        if var == out.open_top:
            key = out.fresh("k")
            out.line(indent, f"for {key} in {var}:")
            out.line(indent + 1, f"if type({key}) is not str: {out.fail}")
            out.release(key)
            return present
        if not self.fields:
            out.line(indent, f"if {var}: {out.fail}")
            return present
        count = out.fresh("n")
        if optional:
            out.line(indent, f"{count} = {len(self.fields)}")
            for key in optional:
                out.line(indent, f"if not {present[key]}: {count} -= 1")
        # Unpacking the dict into as many names as keys were found both
        # counts its keys and names them without a loop.
        required_count = len(self.fields) - len(optional)
        keyword = "if"
        for size in range(len(self.fields), required_count - 1, -1):
            keys = [out.fresh("k") for _ in range(size)]
            tests = " or ".join(f"type({key}) is not str" for key in keys)
            out.release(*keys)
            if not optional:
                out.line(indent, f"{', '.join(keys)}, = {var}")
                out.line(indent, f"if {tests}: {out.fail}")
                break
            out.line(indent, f"{keyword} {count} == {size}:")
            keyword = "elif"
            if size:
                out.line(indent + 1, f"{', '.join(keys)}, = {var}")
                out.line(indent + 1, f"if {tests}: {out.fail}")
            else:
                out.line(indent + 1, f"if {var}: {out.fail}")
        out.release(count)
        return present

    def emit_item_loop(self, var: str, out: Emitter, indent: int, skip: str | None) -> None:
        """One pass over the items: cheaper when most keys are optional and
        absent, as in bindings."""
        count, key, item = out.fresh("n"), out.fresh("k"), out.fresh("x")
        out.line(indent, f"{count} = 0")
        out.line(indent, f"for {key}, {item} in {var}.items():")
        out.line(indent + 1, f"if type({key}) is not str: {out.fail}")
        keyword = "if"
        for name, (required, node) in self.fields.items():
            out.line(indent + 1, f"{keyword} {key} == {name!r}:")
            keyword = "elif"
            if required:
                out.line(indent + 2, f"{count} += 1")
            if name != skip:
                node.emit(item, out, indent + 2)
            out.line(indent + 2, "pass")
        out.line(indent + 1, f"else: {'pass' if var == out.open_top else out.fail}")
        required_count = sum(1 for required, _ in self.fields.values() if required)
        out.line(indent, f"if {count} != {required_count}: {out.fail}")
        out.release(count, key, item)


class DiscriminatedNode(Node):
    """A union of TypedDicts told apart by one literal key, such as ``type``."""

    def __init__(self, key: str, table: dict[str, TypedDictNode]) -> None:
        self.key = key
        self.table = table
        names = ", ".join(repr(v) for v in table)
        self.key_expected = names if len(table) == 1 else f"one of {names}"
        self.expected = "a dict"

    def accepts_kind(self, value: object) -> bool:
        return issubclass(type(value), dict)

    def subset(self, prefix: str) -> DiscriminatedNode:
        """The members whose tag starts with ``prefix``."""
        return DiscriminatedNode(
            self.key, {tag: node for tag, node in self.table.items() if tag.startswith(prefix)}
        )

    def collect(self, value: object, path: str, found: Found) -> None:
        if not issubclass(type(value), dict):
            self.wrong(value, path, found)
            return
        items = dict_items(value)
        tag: object = _MISSING
        for key, item in items:
            if plain_str(key) == self.key:
                tag = item
        where = path + key_path(self.key)
        if tag is _MISSING:
            found.error(where, "required key missing")
            return
        name = plain_str(tag)
        member = self.table.get(name) if name is not None else None
        if member is None:
            found.error(where, f"expected {self.key_expected}, got {describe(tag)}")
            return
        member.collect_items(items, path, found)

    def emit(self, var: str, out: Emitter, indent: int) -> None:
        out.line(indent, f"if type({var}) is not dict: {out.fail}")
        tag = out.fresh("t")
        out.line(indent, f"{tag} = {var}[{self.key!r}]")
        out.line(indent, f"if type({tag}) is not str: {out.fail}")
        keyword = "if"
        for value, member in self.table.items():
            out.line(indent, f"{keyword} {tag} == {value!r}:")
            # The key itself is known good here; it still counts as present.
            member.emit_fields(var, out, indent + 1, skip=self.key)
            keyword = "elif"
        out.line(indent, f"else: {out.fail}")
        out.release(tag)


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()


class MappingNode(Node):
    """``dict[K, V]`` (a dict only) or ``Mapping[K, V]`` (any mapping)."""

    def __init__(self, key: Node, value: Node, dict_only: bool) -> None:
        self.key = key
        self.value = value
        self.dict_only = dict_only
        self.expected = "a dict" if dict_only else "a mapping"

    def accepts_kind(self, value: object) -> bool:
        return issubclass(type(value), dict)

    def collect(self, value: object, path: str, found: Found) -> None:
        if self.dict_only and not issubclass(type(value), dict):
            self.wrong(value, path, found)
            return
        items = read_mapping(value, path, found, self.expected)
        for key, item in items or []:
            before = len(found.errors)
            self.key.collect(key, path + key_path(key), found)
            if len(found.errors) == before:
                self.value.collect(item, path + key_path(key), found)

    def emit(self, var: str, out: Emitter, indent: int) -> None:
        out.line(indent, f"if type({var}) is not dict: {out.fail}")
        key, item = out.fresh("k"), out.fresh("x")
        if isinstance(self.value, AnyNode):
            out.line(indent, f"for {key} in {var}:")
        else:
            out.line(indent, f"for {key}, {item} in {var}.items():")
        self.key.emit(key, out, indent + 1)
        self.value.emit(item, out, indent + 1)
        out.line(indent + 1, "pass")
        out.release(key, item)


class RegistryNode(Node):
    """A mapping the specification leaves open to any name, such as
    ``bindings`` (protocols) or ``extensions``: the names this package types
    are checked against their TypedDicts; any other name is an unknown key,
    whose value is still checked against the declared type."""

    def __init__(
        self, name: str, members: dict[str, TypedDictNode], other: MappingNode, rule: Rule
    ) -> None:
        self.members = members
        self.other = other
        self.rule = rule
        self.expected = other.expected
        self.known = f"{name} has {', '.join(members)}"

    def collect(self, value: object, path: str, found: Found) -> None:
        items = read_mapping(value, path, found, self.expected)
        if items is None:
            return
        named = named_items(items, path, found)
        for name, where, item in named:
            member = self.members.get(name)
            if member is None:
                found.unknown.append(f"{where}: unknown key ({self.known})")
                self.other.value.collect(item, where, found)
                continue
            fields = read_mapping(item, where, found, f"a mapping ({member.name})")
            if fields is not None:
                member.collect_items(fields, where, found)
        most = self.rule.most
        if most is not None and len(named) > most:
            shown = ", ".join(shortened(name) for name, _, _ in named)
            found.error(path, f"{len(named)} entries ({shown}); {self.rule.why}")

    def emit(self, var: str, out: Emitter, indent: int) -> None:
        out.line(indent, f"if type({var}) is not dict: {out.fail}")
        if self.rule.most is not None:
            out.line(indent, f"if len({var}) > {self.rule.most}: {out.fail}")
        key, item = out.fresh("k"), out.fresh("x")
        out.line(indent, f"for {key}, {item} in {var}.items():")
        out.line(indent + 1, f"if type({key}) is not str: {out.fail}")
        keyword = "if"
        for name, member in self.members.items():
            out.line(indent + 1, f"{keyword} {key} == {name!r}:")
            keyword = "elif"
            member.emit(item, out, indent + 2)
            out.line(indent + 2, "pass")
        # Unknown names are warned about: the thorough pass's job.
        out.line(indent + 1, f"else: {out.fail}")
        out.release(key, item)


class SequenceNode(Node):
    """``Sequence[X]``, ``list[X]`` or ``tuple[X, ...]``.

    Text and raw bytes (``str``, ``bytes``, ``memoryview``, ``array``...) are
    sequences to Python but never what an AMGI field means by one, so they
    are refused.
    """

    def __init__(self, item: Node, kind: type) -> None:
        self.item = item
        self.kind = kind
        names: dict[type, str] = {list: "a list", tuple: "a tuple"}
        self.expected = names.get(kind, "a sequence (list or tuple)")

    def accepts_kind(self, value: object) -> bool:
        cls = type(value)
        return subclass(cls, self.kind) and not subclass(cls, _NOT_SEQUENCES)

    def collect(self, value: object, path: str, found: Found) -> None:
        try:
            items = read_sequence(value, self.kind)
        except Unreadable as problem:
            found.error(path, str(problem))
            return
        if items is None:
            self.wrong(value, path, found)
            return
        try:
            for index, item in enumerate(items):
                self.item.collect(item, f"{path}[{index}]", found)
        except Unreadable as problem:
            found.error(path, str(problem))

    def emit(self, var: str, out: Emitter, indent: int) -> None:
        if self.kind is collections.abc.Sequence:
            out.line(indent, f"if type({var}) is not list and type({var}) is not tuple: {out.fail}")
        else:
            out.line(indent, f"if type({var}) is not {self.kind.__name__}: {out.fail}")
        item = out.fresh("x")
        out.line(indent, f"for {item} in {var}:")
        self.item.emit(item, out, indent + 1)
        out.line(indent + 1, "pass")
        out.release(item)


class TupleNode(Node):
    """``tuple[X, Y]``: exactly these items, in this order."""

    def __init__(self, items: list[Node]) -> None:
        self.items = items
        self.expected = f"a tuple of {len(items)} items ({', '.join(i.expected for i in items)})"

    def accepts_kind(self, value: object) -> bool:
        return issubclass(type(value), tuple)

    def collect(self, value: object, path: str, found: Found) -> None:
        try:
            read = read_sequence(value, tuple)
        except Unreadable as problem:
            found.error(path, str(problem))
            return
        # A list or a tuple: read at once.
        items = None if read is None else list(read)
        if items is None or len(items) != len(self.items):
            self.wrong(value, path, found)
            return
        for index, (node, item) in enumerate(zip(self.items, items, strict=True)):
            node.collect(item, f"{path}[{index}]", found)

    def emit(self, var: str, out: Emitter, indent: int) -> None:
        out.line(indent, f"if type({var}) is not tuple: {out.fail}")
        names = [out.fresh("x") for _ in self.items]
        # Unpacking a tuple of another length raises ValueError, which the
        # generated function turns into a failed test.
        out.line(indent, f"{', '.join(names)}, = {var}")
        for name, node in zip(names, self.items, strict=True):
            node.emit(name, out, indent)
        out.release(*names)


# --------------------------------------------------------------------------
# From type hints to nodes.


class Rule(NamedTuple):
    """Where the specification leaves a mapping open to any name: the
    TypedDicts that list the names this package types, and how many names a
    value may hold, with the reason."""

    registries: tuple[type, ...]
    most: int | None = None
    why: str = ""


# The first registry of each is the one of the key's own direction; a send
# event's bindings also take the fields of a received message's, since an
# application may forward a received message's bindings (a retry topic, a
# dead-letter queue) and a server ignores what it does not send.
OPEN_KEYS: dict[tuple[type, str], Rule] = {
    (MessageReceiveEvent, "bindings"): Rule(
        (MessageReceiveBindings,),
        most=1,
        why="a received message carries the bindings of one protocol only",
    ),
    (MessageSendEvent, "bindings"): Rule((MessageSendBindings, MessageReceiveBindings)),
    (MessageScope, "extensions"): Rule((MessageExtensions,)),
}

_cache: dict[object, Node] = {}


def compile_type(tp: object) -> Node:
    try:
        cached = _cache.get(tp)
    except TypeError:  # an unhashable annotation
        cached = None
    if cached is not None:
        return cached
    node = _build(tp)
    with contextlib.suppress(TypeError):  # an unhashable annotation is built each time
        _cache[tp] = node
    return node


def _build(tp: object) -> Node:
    tp, _ = strip_qualifiers(tp)
    if tp is Any or tp is object:
        return AnyNode()
    if tp is None or tp is type(None):
        return NoneNode()
    if is_typeddict(tp):
        return _build_typeddict(tp)
    alias_value = getattr(tp, "__value__", None)
    if alias_value is not None and type(tp).__name__ == "TypeAliasType":
        return compile_type(alias_value)
    supertype = getattr(tp, "__supertype__", None)
    if supertype is not None:  # NewType
        return compile_type(supertype)
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is Union or origin is types.UnionType:
        return _build_union([compile_type(a) for a in args])
    if is_special_form(origin, "Literal"):
        return LiteralNode(args)
    if origin in (dict, collections.abc.Mapping, collections.abc.MutableMapping):
        key, value = (compile_type(a) for a in args) if args else (AnyNode(), AnyNode())
        return MappingNode(key, value, dict_only=origin is dict)
    if origin in (list, collections.abc.Sequence):
        return SequenceNode(compile_type(args[0]) if args else AnyNode(), origin)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return SequenceNode(compile_type(args[0]), tuple)
        return TupleNode([compile_type(a) for a in args])
    if isinstance(tp, type) and origin is None:
        if tp in (dict, collections.abc.Mapping):
            return MappingNode(AnyNode(), AnyNode(), dict_only=tp is dict)
        if tp in (list, collections.abc.Sequence):
            return SequenceNode(AnyNode(), tp)
        return ClassNode(tp)
    raise TypeError(f"amgi_types.validate cannot derive a check from {tp!r}")


def _fields(tp: type) -> dict[str, tuple[bool, object]]:
    """Each key of a TypedDict: whether it is required, and its type."""
    hints = typing.get_type_hints(tp, include_extras=True)
    required_keys: frozenset[str] = getattr(tp, "__required_keys__")  # noqa: B009 (type checkers do not know this attribute on its static type)
    fields: dict[str, tuple[bool, object]] = {}
    for key, hint in hints.items():
        inner, explicit = strip_qualifiers(hint)
        # An explicit Required/NotRequired wins over __required_keys__,
        # which is wrong for modules using postponed annotations.
        fields[key] = (explicit if explicit is not None else key in required_keys, inner)
    return fields


def _build_typeddict(tp: type) -> TypedDictNode:
    node = TypedDictNode(tp.__name__)
    _cache[tp] = node  # before the fields: a TypedDict may refer to itself
    try:
        fields: dict[str, tuple[bool, Node]] = {}
        for key, (required, hint) in _fields(tp).items():
            rule = OPEN_KEYS.get((tp, key))
            compiled = compile_type(hint)
            if rule is not None:
                assert isinstance(compiled, MappingNode)
                compiled = _build_registry(rule, compiled)
            fields[key] = (required, compiled)
        node.set_fields(fields)
    except BaseException:
        del _cache[tp]
        raise
    return node


def _build_registry(rule: Rule, declared: MappingNode) -> RegistryNode:
    """The check of an open mapping: each name its registries list, checked
    against the union of the fields the registries give it."""
    by_name: dict[str, list[TypedDictNode]] = {}
    for registry in rule.registries:
        for name, (_, hint) in _fields(registry).items():
            member = compile_type(hint)
            assert isinstance(member, TypedDictNode)
            if member not in by_name.setdefault(name, []):
                by_name[name].append(member)
    members = {name: _merged(nodes) for name, nodes in by_name.items()}
    return RegistryNode(rule.registries[0].__name__, members, declared, rule)


def _merged(nodes: list[TypedDictNode]) -> TypedDictNode:
    """One TypedDict's fields, and those only the others have, as optional."""
    first, others = nodes[0], nodes[1:]
    if not others:
        return first
    merged = TypedDictNode(first.name)
    fields = dict(first.fields)
    known = first.known
    for other in others:
        added = {key: (False, node) for key, (_, node) in other.fields.items() if key not in fields}
        if added:
            fields.update(added)
            known += f", and {other.name} {', '.join(added)}"
    merged.set_fields(fields, known)
    return merged


def _build_union(members: list[Node]) -> Node:
    flat: list[Node] = []
    for member in members:
        flat.extend(member.members if isinstance(member, UnionNode) else [member])
    discriminated = _discriminate(flat)
    if discriminated is not None:
        return discriminated
    return UnionNode(flat)


def _discriminate(members: list[Node]) -> DiscriminatedNode | None:
    typed = [member for member in members if isinstance(member, TypedDictNode)]
    if len(members) < 2 or len(typed) != len(members):
        return None
    for key in typed[0].fields:
        table: dict[str, TypedDictNode] = {}
        for member in typed:
            required, node = member.fields.get(key, (False, None))
            if not required or not isinstance(node, LiteralNode):
                break
            values = [value for value in node.values if type(value) is str]
            if len(values) != len(node.values) or any(value in table for value in values):
                break
            table.update(dict.fromkeys(values, member))
        else:
            return DiscriminatedNode(key, table)
    return None


# --------------------------------------------------------------------------
# Generated predicates and checkers.


def predicate(node: Node, open_top: bool = False) -> Callable[[object], bool]:
    """Generate the fast predicate of a node: the function's source is written
    out and compiled once, so a check runs as one flat function. With
    ``open_top``, the value may hold unknown keys at its top level."""
    out = Emitter(open_top="v" if open_top else None)
    out.line(0, "def fast(v):")
    out.line(1, "try:")
    node.emit("v", out, 2)
    # A missing key and a dict or tuple of the wrong size raise; so may a
    # hostile key compared during a lookup.
    out.line(1, "except Exception:")
    out.line(2, "return False")
    out.line(1, "return True")
    namespace: dict[str, Any] = dict(out.names)
    exec("\n".join(out.lines), namespace)
    fast: Callable[[object], bool] = namespace["fast"]
    return fast


_holders: dict[Node, list[Callable[[object], bool]]] = {}


def holder(node: Node) -> list[Callable[[object], bool]]:
    """A one-item list holding the node's predicate, for generated code to
    call; it exists before the predicate is generated, which may call it."""
    held = _holders.get(node)
    if held is None:
        held = _holders[node] = list[Callable[[object], bool]]()
        held.append(predicate(node))
    return held


class Checker:
    """A compiled check of one type: a fast predicate and the thorough pass."""

    def __init__(self, node: Node, name: str) -> None:
        self.node = node
        self.name = name
        self.fast = predicate(node)
        self.open_top = predicate(node, open_top=True)

    def examine(self, value: object) -> Found | None:
        """None for a value the fast predicate accepts; what the thorough pass
        finds otherwise."""
        return None if self.fast(value) else self.thorough(value)

    def thorough(self, value: object) -> Found:
        found = Found()
        try:
            self.node.collect(value, self.name, found)
        except Enough:
            found.errors.append(
                f"{self.name}: more problems than the first {MAX_ERRORS}, not listed"
            )
            found.paths.append(self.name)
        except RecursionError:
            found.errors.append(f"{self.name}: nested too deeply to check")
            found.paths.append(self.name)
        return found

    def unknown_only(self, value: object) -> list[str] | None:
        """The unknown-key lines of a value that is well-formed but for
        unknown keys at its top level, such as a newer side's extra key in an
        event; None for any other value, which the thorough pass reads.

        Cheaper than the thorough pass by far: a forward-compatible key in
        every message must not cost each one a thorough pass."""
        if not self.open_top(value):
            return None
        # A dict with exact str keys, well-formed but for unknown ones.
        event = cast("dict[str, str]", value)
        node = self.node
        if isinstance(node, DiscriminatedNode):
            member = node.table[event[node.key]]
        elif isinstance(node, TypedDictNode):
            member = node
        else:
            return None
        fields = member.fields
        lines = [member.unknown_line(self.name, key) for key in event if key not in fields]
        return lines or None

    def tags(self) -> Collection[str]:
        """The tags of the members of a tagged union, such as event types."""
        assert isinstance(self.node, DiscriminatedNode)
        return self.node.table.keys()

    def subset(self, prefix: str) -> Checker:
        """The check of the members of a tagged union whose tag starts with
        ``prefix``, such as the events of one scope type."""
        assert isinstance(self.node, DiscriminatedNode)
        return Checker(self.node.subset(prefix), self.name)


_checkers: dict[tuple[object, str], Checker] = {}


def checker(tp: object, name: str) -> Checker:
    found = _checkers.get((tp, name))
    if found is None:
        found = _checkers[tp, name] = Checker(compile_type(tp), name)
    return found


def generate(
    checker: Checker,
    name: str,
    parameter: str,
    on_reject: Callable[[Checker, object], None],
    module: str,
) -> Callable[[object], None]:
    """A function that runs the fast tests inline and calls ``on_reject`` when
    they do not pass. One flat function, because a second call would cost a
    small event's check a third of its time."""
    out = Emitter(fail="raise _Reject")
    out.names.update(_Reject=_Reject, _on_reject=on_reject, _checker=checker)
    out.line(0, f"def {name}({parameter}):")
    out.line(1, "try:")
    checker.node.emit(parameter, out, 2)
    out.line(2, "return")
    # A hostile key may raise anything inside the fast tests.
    out.line(1, "except Exception:")
    out.line(2, "pass")
    out.line(1, f"_on_reject(_checker, {parameter})")
    namespace: dict[str, Any] = dict(out.names, __name__=module)
    exec("\n".join(out.lines), namespace)
    function: Callable[[object], None] = namespace[name]
    function.__annotations__ = {parameter: "object", "return": "None"}
    return function


class _Reject(Exception):
    """Raised inside a generated check when the fast tests do not pass."""


scope_checker = checker(Scope, "scope")
receive_checker = checker(AMGIReceiveEvent, "receive event")
send_checker = checker(AMGISendEvent, "send event")
