"""Run-time conformance checks for AMGI servers and applications.

What :mod:`wsgiref.validate` is to WSGI: :func:`check_scope`,
:func:`check_receive_event` and :func:`check_send_event` check one value
against the package's TypedDicts, and :func:`validator` wraps an application
so that both the server and the application are checked while they talk.

Every check is derived at run time from the TypedDicts of :mod:`amgi_types`
(their type hints, required and optional keys, literals and unions), so the
types stay the single source of truth. Each TypedDict is compiled once into a
generated predicate that accepts the common well-formed case with plain
``type(...) is ...`` tests; anything it does not accept goes to a thorough
pass that collects every problem with its path.

This module uses the standard library only; ``import amgi_types`` does not
import it.
"""

from __future__ import annotations

import collections.abc
import types
import typing
import warnings
from collections.abc import Callable, Iterable
from typing import Any, Union, cast

from amgi_types import (
    AMGIApplication,
    AMGIReceiveCallable,
    AMGIReceiveEvent,
    AMGISendCallable,
    AMGISendEvent,
    Scope,
)
from amgi_types._typeddict import extra_items, is_special_form, is_typeddict, strip_qualifiers

__all__ = [
    "ValidationError",
    "ValidationWarning",
    "check_scope",
    "check_receive_event",
    "check_send_event",
    "validator",
]


class ValidationError(ValueError):
    """A scope or event breaks the AMGI specification.

    A subclass of :class:`ValueError`: the value has the wrong shape or
    arrives at the wrong moment, which is not always a matter of types.

    :ivar errors: Every problem found, one line each, such as
        ``send event["headers"][2][0]: expected bytes, got str ('x')``.
        The message of the exception is these lines, the first
        twenty of them when there are more.
    :ivar side: ``"server"`` or ``"application"`` when raised by
        :func:`validator`, naming who broke the rule; ``None`` when raised by
        a ``check_*`` function.
    """

    def __init__(self, errors: Iterable[str], side: str | None = None) -> None:
        self.errors: tuple[str, ...] = tuple(errors)
        self.side = side
        if len(self.errors) == 1:
            text = self.errors[0]
        else:
            shown = self.errors[:_SHOWN_ERRORS]
            text = f"{len(self.errors)} problems:\n" + "\n".join(shown)
            if len(self.errors) > len(shown):
                text += f"\n... and {len(self.errors) - len(shown)} more in .errors"
        super().__init__(text)


_SHOWN_ERRORS = 20


class ValidationWarning(UserWarning):
    """A protocol violation reported by ``validator(app, strict=False)``.

    The message is the same text a :class:`ValidationError` would carry.
    """


# --------------------------------------------------------------------------
# Describing values in messages. Nothing here may call a method of the value
# that its class could override: the value may be hostile.

_SHOWN_BY_VALUE = (str, bytes, int, float, bool)
_MAX_REPR = 40


def _type_name(value: object) -> str:
    cls = type(value)
    name = type.__dict__["__qualname__"].__get__(cls)
    return name if type(name) is str else "object"


def _describe(value: object) -> str:
    cls = type(value)
    if value is None:
        return "None"
    if any(cls is shown for shown in _SHOWN_BY_VALUE):
        text = repr(value)
        if len(text) > _MAX_REPR:
            text = text[: _MAX_REPR - 3] + "..."
        return f"{cls.__name__} ({text})"
    return _type_name(value)


_dict_items_of: Callable[[dict[object, object]], Iterable[tuple[object, object]]] = dict[
    object, object
].items


def _dict_items(value: object) -> list[tuple[object, object]]:
    """The items of a dict or dict subclass, whatever the subclass overrides."""
    return list(_dict_items_of(cast("dict[object, object]", value)))


def _plain_str(value: object) -> str | None:
    """A str or str subclass as a plain str, whatever the subclass overrides."""
    return str.__str__(cast(str, value)) if issubclass(type(value), str) else None


def _key_path(key: object) -> str:
    name = _plain_str(key)
    if name is not None:
        text = name if len(name) <= _MAX_REPR else name[: _MAX_REPR - 3] + "..."
        return '["' + text.replace("\\", "\\\\").replace('"', '\\"') + '"]'
    return f"[<key of type {_type_name(key)}>]"


def _raised(exc: BaseException) -> str:
    return f"reading it raised {_type_name(exc)}"


# --------------------------------------------------------------------------
# The compiled form of a type: a tree of nodes. ``collect`` is the thorough
# pass (every problem, with its path); ``emit`` writes the source of the fast
# predicate, which may turn away a valid value (the thorough pass then
# accepts it) but never accepts an invalid one.


class _Emitter:
    def __init__(self, fail: str = "return False") -> None:
        # The statement that ends the generated function on a failed test.
        self.fail = fail
        self.lines: list[str] = []
        self.names: dict[str, object] = {}
        self._counter = 0
        # TypedDicts whose fields are being written: met again inside
        # themselves, they are checked by a call instead of inline.
        self.active: set[_Node] = set()

    def fresh(self, stem: str) -> str:
        self._counter += 1
        return f"{stem}{self._counter}"

    def constant(self, value: object) -> str:
        name = self.fresh("_c")
        self.names[name] = value
        return name

    def line(self, indent: int, text: str) -> None:
        self.lines.append("    " * indent + text)


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()


class _Node:
    expected = ""

    def collect(self, value: object, path: str, errors: list[str]) -> None:
        raise NotImplementedError

    def emit(self, var: str, out: _Emitter, indent: int) -> None:
        """Write statements that run ``out.fail`` unless ``var`` passes."""
        raise NotImplementedError

    def expr(self, var: str, out: _Emitter) -> str | None:
        """A single expression true when ``var`` passes, for simple nodes."""
        return None

    def accepts_kind(self, value: object) -> bool:
        """Whether ``value`` is of the container kind this node checks."""
        return False

    def wrong(self, value: object, path: str, errors: list[str]) -> None:
        errors.append(f"{path}: expected {self.expected}, got {_describe(value)}")


class _AnyNode(_Node):
    expected = "anything"

    def collect(self, value: object, path: str, errors: list[str]) -> None:
        pass

    def emit(self, var: str, out: _Emitter, indent: int) -> None:
        pass


class _NoneNode(_Node):
    expected = "None"

    def collect(self, value: object, path: str, errors: list[str]) -> None:
        if value is not None:
            self.wrong(value, path, errors)

    def expr(self, var: str, out: _Emitter) -> str:
        return f"{var} is None"

    def emit(self, var: str, out: _Emitter, indent: int) -> None:
        out.line(indent, f"if {var} is not None: {out.fail}")


class _ClassNode(_Node):
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

    def collect(self, value: object, path: str, errors: list[str]) -> None:
        cls = type(value)
        try:
            ok = issubclass(cls, self.accepted) and not (
                self.refuse_bool and issubclass(cls, bool)
            )
        except Exception:
            ok = False
        if not ok:
            self.wrong(value, path, errors)

    def expr(self, var: str, out: _Emitter) -> str:
        return " or ".join(f"type({var}) is {out.constant(cls)}" for cls in self.accepted)

    def emit(self, var: str, out: _Emitter, indent: int) -> None:
        tests = " and ".join(f"type({var}) is not {out.constant(cls)}" for cls in self.accepted)
        out.line(indent, f"if {tests}: {out.fail}")


class _LiteralNode(_Node):
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
            elif base in _PLAIN and issubclass(cls, base) and not issubclass(cls, bool):
                # Compared as the base class: a subclass's __eq__ or __hash__
                # may lie or raise.
                if _PLAIN[base](value) in allowed:
                    return True
        return False

    def collect(self, value: object, path: str, errors: list[str]) -> None:
        if not self.matches(value):
            self.wrong(value, path, errors)

    def expr(self, var: str, out: _Emitter) -> str:
        return " or ".join(
            f"(type({var}) is {out.constant(cls)} and {var} in {out.constant(allowed)})"
            for cls, allowed in self.by_class.items()
        )

    def emit(self, var: str, out: _Emitter, indent: int) -> None:
        out.line(indent, f"if not ({self.expr(var, out)}): {out.fail}")


# Base-class conversions that ignore whatever a subclass overrides.
_PLAIN: dict[type, Callable[[Any], object]] = {
    str: str.__str__,
    int: int.__int__,
    float: float.__float__,
    bytes: lambda value: bytes.__getitem__(value, slice(None)),
}


class _UnionNode(_Node):
    def __init__(self, members: list[_Node]) -> None:
        self.members = members
        self.expected = " or ".join(m.expected for m in members)

    def collect(self, value: object, path: str, errors: list[str]) -> None:
        attempts: list[tuple[_Node, list[str]]] = []
        for member in self.members:
            found: list[str] = []
            member.collect(value, path, found)
            if not found:
                return
            attempts.append((member, found))
        # The member of the value's own kind explains the problem best: a
        # dict's problems are told by the dict member, not "expected None".
        deep = [found for member, found in attempts if member.accepts_kind(value)]
        if len(deep) == 1:
            errors.extend(deep[0])
        else:
            self.wrong(value, path, errors)

    def expr(self, var: str, out: _Emitter) -> str | None:
        parts = [member.expr(var, out) for member in self.members]
        if any(part is None for part in parts):
            return None
        return " or ".join(f"({part})" for part in parts)

    def emit(self, var: str, out: _Emitter, indent: int) -> None:
        test = self.expr(var, out)
        if test is None:
            # Members with loops or several statements become predicates of
            # their own; the value passes if one of them does.
            test = " or ".join(
                f"{out.constant(_holder(member))}[0]({var})" for member in self.members
            )
        out.line(indent, f"if not ({test}): {out.fail}")


class _TypedDictNode(_Node):
    def __init__(self, tp: type) -> None:
        self.tp = tp
        self.expected = f"a dict ({tp.__name__})"
        # Filled by _compile once the fields are compiled, so that a
        # TypedDict that refers to itself compiles.
        self.fields: dict[str, tuple[bool, _Node]] = {}
        self.extra: _Node | None = None

    def accepts_kind(self, value: object) -> bool:
        return issubclass(type(value), dict)

    def collect(self, value: object, path: str, errors: list[str]) -> None:
        if not issubclass(type(value), dict):
            self.wrong(value, path, errors)
            return
        self.collect_items(_dict_items(value), path, errors)

    def collect_items(self, items: list[tuple[object, object]], path: str, errors: list[str]) -> None:
        seen: dict[str, object] = {}
        for key, item in items:
            name = _plain_str(key)
            if name is None:
                errors.append(f"{path}{_key_path(key)}: keys must be str")
                continue
            key = name
            seen[key] = item
            field = self.fields.get(key)
            if field is not None:
                field[1].collect(item, path + _key_path(key), errors)
            elif self.extra is not None:
                self.extra.collect(item, path + _key_path(key), errors)
            else:
                known = ", ".join(self.fields) or "no keys"
                errors.append(
                    f"{path}{_key_path(key)}: unknown key"
                    f" ({self.tp.__name__} has {known})"
                )
        for key, (required, _) in self.fields.items():
            if required and key not in seen:
                errors.append(f"{path}{_key_path(key)}: required key missing")

    def emit(self, var: str, out: _Emitter, indent: int) -> None:
        out.line(indent, f"if type({var}) is not dict: {out.fail}")
        self.emit_fields(var, out, indent, skip=None)

    def emit_fields(self, var: str, out: _Emitter, indent: int, skip: str | None) -> None:
        if self in out.active:
            out.line(indent, f"if not {out.constant(_holder(self))}[0]({var}): {out.fail}")
            return
        out.active.add(self)
        self.emit_own_fields(var, out, indent, skip)
        out.active.discard(self)

    def emit_own_fields(self, var: str, out: _Emitter, indent: int, skip: str | None) -> None:
        optional = sum(1 for req, _ in self.fields.values() if not req)
        if self.extra is None and optional <= _FEW_OPTIONAL:
            self.emit_lookups(var, out, indent, skip)
        else:
            self.emit_item_loop(var, out, indent, skip)

    def emit_lookups(self, var: str, out: _Emitter, indent: int, skip: str | None) -> None:
        """One lookup per key, then a length test for unknown keys.

        A missing required key raises KeyError, which the generated function
        turns into a failed test.
        """
        count = out.fresh("n")
        required = sum(1 for req, _ in self.fields.values() if req)
        out.line(indent, f"{count} = {required}")
        for key, (req, node) in self.fields.items():
            if key == skip:
                continue
            item = out.fresh("x")
            if req:
                out.line(indent, f"{item} = {var}[{key!r}]")
                node.emit(item, out, indent)
            else:
                out.line(indent, f"if {key!r} in {var}:")
                out.line(indent + 1, f"{item} = {var}[{key!r}]")
                out.line(indent + 1, f"{count} += 1")
                node.emit(item, out, indent + 1)
        out.line(indent, f"if len({var}) != {count}: {out.fail}")

    def emit_item_loop(self, var: str, out: _Emitter, indent: int, skip: str | None) -> None:
        """One pass over the items: cheaper when most keys are optional and
        absent (bindings), and the only way to check unknown keys' values."""
        count, key, item = out.fresh("n"), out.fresh("k"), out.fresh("x")
        out.line(indent, f"{count} = 0")
        out.line(indent, f"for {key}, {item} in {var}.items():")
        out.line(indent + 1, f"if type({key}) is not str: {out.fail}")
        keyword = "if"
        for name, (req, node) in self.fields.items():
            out.line(indent + 1, f"{keyword} {key} == {name!r}:")
            keyword = "elif"
            if req:
                out.line(indent + 2, f"{count} += 1")
            if name != skip:
                node.emit(item, out, indent + 2)
            out.line(indent + 2, "pass")
        if self.extra is None:
            out.line(indent + 1, f"else: {out.fail}")
        else:
            out.line(indent + 1, "else:")
            self.extra.emit(item, out, indent + 2)
            out.line(indent + 2, "pass")
        required = sum(1 for req, _ in self.fields.values() if req)
        out.line(indent, f"if {count} != {required}: {out.fail}")


# Above this many optional keys, one pass over a dict's items beats one
# lookup per key: such TypedDicts are mostly sparse.
_FEW_OPTIONAL = 3


class _DiscriminatedNode(_Node):
    """A union of TypedDicts told apart by one literal key, such as ``type``."""

    def __init__(self, key: str, table: dict[str, _TypedDictNode]) -> None:
        self.key = key
        self.table = table
        names = ", ".join(repr(v) for v in table)
        self.key_expected = names if len(table) == 1 else f"one of {names}"
        self.expected = "a dict"

    def accepts_kind(self, value: object) -> bool:
        return issubclass(type(value), dict)

    def collect(self, value: object, path: str, errors: list[str]) -> None:
        if not issubclass(type(value), dict):
            self.wrong(value, path, errors)
            return
        items = _dict_items(value)
        tag: object = _MISSING
        for key, item in items:
            if _plain_str(key) == self.key:
                tag = item
        where = path + _key_path(self.key)
        if tag is _MISSING:
            errors.append(f"{where}: required key missing")
            return
        name = _plain_str(tag)
        member = self.table.get(name) if name is not None else None
        if member is None:
            errors.append(f"{where}: expected {self.key_expected}, got {_describe(tag)}")
            return
        member.collect_items(items, path, errors)

    def emit(self, var: str, out: _Emitter, indent: int) -> None:
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


class _MappingNode(_Node):
    """``dict[K, V]`` (a dict only) or ``Mapping[K, V]`` (any mapping)."""

    def __init__(self, key: _Node, value: _Node, dict_only: bool) -> None:
        self.key = key
        self.value = value
        self.dict_only = dict_only
        self.expected = "a dict" if dict_only else "a mapping"

    def accepts_kind(self, value: object) -> bool:
        return issubclass(type(value), dict)

    def collect(self, value: object, path: str, errors: list[str]) -> None:
        cls = type(value)
        if issubclass(cls, dict):
            items = _dict_items(value)
        elif not self.dict_only and issubclass(cls, collections.abc.Mapping):
            mapping = cast("collections.abc.Mapping[object, object]", value)
            try:
                items = [(key, mapping[key]) for key in mapping]
            except Exception as exc:
                errors.append(f"{path}: {_raised(exc)}")
                return
        else:
            self.wrong(value, path, errors)
            return
        for key, item in items:
            before = len(errors)
            self.key.collect(key, path + _key_path(key), errors)
            if len(errors) == before:
                self.value.collect(item, path + _key_path(key), errors)

    def emit(self, var: str, out: _Emitter, indent: int) -> None:
        out.line(indent, f"if type({var}) is not dict: {out.fail}")
        key, item = out.fresh("k"), out.fresh("x")
        if isinstance(self.value, _AnyNode):
            out.line(indent, f"for {key} in {var}:")
        else:
            out.line(indent, f"for {key}, {item} in {var}.items():")
        self.key.emit(key, out, indent + 1)
        self.value.emit(item, out, indent + 1)
        if isinstance(self.key, _AnyNode) and isinstance(self.value, _AnyNode):
            out.line(indent + 1, "pass")


class _SequenceNode(_Node):
    """``Sequence[X]``, ``list[X]`` or ``tuple[X, ...]``.

    ``str`` and ``bytes`` are sequences to Python but never what an AMGI
    field means by one, so they are refused.
    """

    def __init__(self, item: _Node, kind: type) -> None:
        self.item = item
        self.kind = kind
        names: dict[type, str] = {list: "a list", tuple: "a tuple"}
        self.expected = names.get(kind, "a sequence (list or tuple)")

    def accepts_kind(self, value: object) -> bool:
        cls = type(value)
        return issubclass(cls, self.kind) and not issubclass(cls, (str, bytes, bytearray))

    def collect(self, value: object, path: str, errors: list[str]) -> None:
        try:
            items = _read_sequence(value, self.kind)
        except _Unreadable as problem:
            errors.append(f"{path}: {problem}")
            return
        if items is None:
            self.wrong(value, path, errors)
            return
        for index, item in enumerate(items):
            self.item.collect(item, f"{path}[{index}]", errors)

    def emit(self, var: str, out: _Emitter, indent: int) -> None:
        if self.kind is collections.abc.Sequence:
            out.line(
                indent, f"if type({var}) is not list and type({var}) is not tuple: {out.fail}"
            )
        else:
            out.line(indent, f"if type({var}) is not {self.kind.__name__}: {out.fail}")
        item = out.fresh("x")
        out.line(indent, f"for {item} in {var}:")
        self.item.emit(item, out, indent + 1)
        out.line(indent + 1, "pass")


class _TupleNode(_Node):
    """``tuple[X, Y]``: exactly these items, in this order."""

    def __init__(self, items: list[_Node]) -> None:
        self.items = items
        self.expected = f"a tuple of {len(items)} items ({', '.join(i.expected for i in items)})"

    def accepts_kind(self, value: object) -> bool:
        return issubclass(type(value), tuple)

    def collect(self, value: object, path: str, errors: list[str]) -> None:
        try:
            items = _read_sequence(value, tuple)
        except _Unreadable as problem:
            errors.append(f"{path}: {problem}")
            return
        if items is None or len(items) != len(self.items):
            self.wrong(value, path, errors)
            return
        for index, (node, item) in enumerate(zip(self.items, items)):
            node.collect(item, f"{path}[{index}]", errors)

    def emit(self, var: str, out: _Emitter, indent: int) -> None:
        out.line(indent, f"if type({var}) is not tuple: {out.fail}")
        names = [out.fresh("x") for _ in self.items]
        # Unpacking a tuple of another length raises ValueError, which the
        # generated function turns into a failed test.
        out.line(indent, f"{', '.join(names)}, = {var}")
        for name, node in zip(names, self.items):
            node.emit(name, out, indent)


_list_iter: Callable[[list[object]], Iterable[object]] = list[object].__iter__
_tuple_iter: Callable[[tuple[object, ...]], Iterable[object]] = tuple[object, ...].__iter__


class _Unreadable(Exception):
    """A user-defined container raised while its items were read."""


def _read_sequence(value: object, kind: type) -> list[object] | None:
    """The items of a sequence of the kind, read without trusting overridden
    methods where there is a base class to read through; None for a value
    of another kind."""
    cls = type(value)
    if issubclass(cls, (str, bytes, bytearray)):
        return None
    if issubclass(cls, list):
        return list(_list_iter(cast("list[object]", value))) if kind is not tuple else None
    if issubclass(cls, tuple):
        return list(_tuple_iter(cast("tuple[object, ...]", value))) if kind is not list else None
    if kind is not collections.abc.Sequence or not issubclass(cls, collections.abc.Sequence):
        return None
    # A user-defined sequence: its own methods are the only way in.
    sequence = cast("collections.abc.Sequence[object]", value)
    try:
        return [sequence[index] for index in range(len(sequence))]
    except Exception as exc:
        raise _Unreadable(_raised(exc)) from None


# --------------------------------------------------------------------------
# From type hints to nodes.

_cache: dict[object, _Node] = {}


def _compile(tp: object) -> _Node:
    try:
        cached = _cache.get(tp)
    except TypeError:  # an unhashable annotation
        cached = None
    if cached is not None:
        return cached
    node = _build(tp)
    try:
        _cache[tp] = node
    except TypeError:
        pass
    return node


def _build(tp: object) -> _Node:
    tp, _ = strip_qualifiers(tp)
    if tp is Any or tp is object:
        return _AnyNode()
    if tp is None or tp is type(None):
        return _NoneNode()
    if is_typeddict(tp):
        return _build_typeddict(tp)
    alias_value = getattr(tp, "__value__", None)
    if alias_value is not None and type(tp).__name__ == "TypeAliasType":
        return _compile(alias_value)
    supertype = getattr(tp, "__supertype__", None)
    if supertype is not None:  # NewType
        return _compile(supertype)
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is Union or origin is types.UnionType:
        return _build_union([_compile(a) for a in args])
    if is_special_form(origin, "Literal"):
        return _LiteralNode(args)
    if origin in (dict, collections.abc.Mapping, collections.abc.MutableMapping):
        key, value = (_compile(a) for a in args) if args else (_AnyNode(), _AnyNode())
        return _MappingNode(key, value, dict_only=origin is dict)
    if origin in (list, collections.abc.Sequence):
        return _SequenceNode(_compile(args[0]) if args else _AnyNode(), origin)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return _SequenceNode(_compile(args[0]), tuple)
        return _TupleNode([_compile(a) for a in args])
    if isinstance(tp, type) and origin is None:
        if tp in (dict, collections.abc.Mapping):
            return _MappingNode(_AnyNode(), _AnyNode(), dict_only=tp is dict)
        if tp in (list, collections.abc.Sequence):
            return _SequenceNode(_AnyNode(), tp)
        return _ClassNode(tp)
    raise TypeError(f"amgi_types.validate cannot derive a check from {tp!r}")


def _build_typeddict(tp: type) -> _TypedDictNode:
    node = _TypedDictNode(tp)
    _cache[tp] = node  # before the fields: a TypedDict may refer to itself
    try:
        hints = typing.get_type_hints(tp, include_extras=True)
        required_keys: frozenset[str] = getattr(tp, "__required_keys__")
        for key, hint in hints.items():
            inner, explicit = strip_qualifiers(hint)
            # An explicit Required/NotRequired wins over __required_keys__,
            # which is wrong for modules using postponed annotations.
            required = explicit if explicit is not None else key in required_keys
            node.fields[key] = (required, _compile(inner))
        extra = extra_items(tp)
        if extra is not None:
            node.extra = _compile(extra)
    except BaseException:
        del _cache[tp]
        raise
    return node


def _build_union(members: list[_Node]) -> _Node:
    flat: list[_Node] = []
    for member in members:
        flat.extend(member.members if isinstance(member, _UnionNode) else [member])
    discriminated = _discriminate(flat)
    if discriminated is not None:
        return discriminated
    return _UnionNode(flat)


def _discriminate(members: list[_Node]) -> _DiscriminatedNode | None:
    typed = [member for member in members if isinstance(member, _TypedDictNode)]
    if len(members) < 2 or len(typed) != len(members):
        return None
    for key in typed[0].fields:
        table: dict[str, _TypedDictNode] = {}
        for member in typed:
            required, node = member.fields.get(key, (False, None))
            if not required or not isinstance(node, _LiteralNode):
                break
            values = [value for value in node.values if type(value) is str]
            if len(values) != len(node.values) or any(value in table for value in values):
                break
            table.update(dict.fromkeys(values, member))
        else:
            return _DiscriminatedNode(key, table)
    return None


def _predicate(node: _Node) -> Callable[[object], bool]:
    """Generate the fast predicate of a node: the function's source is written
    out and compiled once, so a check runs as one flat function."""
    out = _Emitter()
    out.line(0, "def fast(v):")
    out.line(1, "try:")
    node.emit("v", out, 2)
    # A missing key and a tuple of the wrong length raise these.
    out.line(1, "except (KeyError, ValueError):")
    out.line(2, "return False")
    out.line(1, "return True")
    namespace: dict[str, Any] = dict(out.names)
    exec("\n".join(out.lines), namespace)
    fast: Callable[[object], bool] = namespace["fast"]
    return fast


_holders: dict[_Node, list[Callable[[object], bool]]] = {}


def _holder(node: _Node) -> list[Callable[[object], bool]]:
    """A one-item list holding the node's predicate, for generated code to
    call; it exists before the predicate is generated, which may call it."""
    holder = _holders.get(node)
    if holder is None:
        holder = _holders[node] = list[Callable[[object], bool]]()
        holder.append(_predicate(node))
    return holder


class _Checker:
    """A compiled check of one type: a fast predicate and the thorough pass."""

    def __init__(self, node: _Node, name: str) -> None:
        self.node = node
        self.name = name
        self.fast = _predicate(self.node)

    def errors(self, value: object) -> list[str]:
        try:
            if self.fast(value):
                return []
        except Exception:
            # A hostile object raised inside the predicate; the thorough pass
            # reads nothing through the value's own methods.
            pass
        return self.thorough(value)

    def thorough(self, value: object) -> list[str]:
        found: list[str] = []
        try:
            self.node.collect(value, self.name, found)
        except RecursionError:
            found.append(f"{self.name}: nested too deeply to check")
        return found


_checkers: dict[tuple[object, str], _Checker] = {}


def _checker(tp: object, name: str) -> _Checker:
    checker = _checkers.get((tp, name))
    if checker is None:
        checker = _checkers[tp, name] = _Checker(_compile(tp), name)
    return checker


def _raise_errors(checker: _Checker, value: object) -> None:
    found = checker.thorough(value)
    if found:
        raise ValidationError(found)


class _Reject(Exception):
    """Raised inside a generated check when the fast tests do not pass."""


def _public_check(checker: _Checker, name: str, parameter: str, doc: str) -> Callable[[object], None]:
    """Generate a public check function: the fast tests inline, then the
    thorough pass when they do not pass. One flat function, because a second
    call would cost a small event's check a third of its time."""
    out = _Emitter(fail="raise _Reject")
    out.names.update(_Reject=_Reject, _raise=_raise_errors, _checker=checker)
    out.line(0, f"def {name}({parameter}):")
    out.line(1, "try:")
    checker.node.emit(parameter, out, 2)
    out.line(2, "return")
    # A hostile object may raise anything inside the fast tests; the
    # thorough pass reads nothing through the value's own methods.
    out.line(1, "except Exception:")
    out.line(2, "pass")
    out.line(1, f"_raise(_checker, {parameter})")
    namespace: dict[str, Any] = dict(out.names, __name__=__name__)
    exec("\n".join(out.lines), namespace)
    function: Callable[[object], None] = namespace[name]
    function.__doc__ = doc
    function.__annotations__ = {parameter: "object", "return": "None"}
    return function


_scope_checker = _checker(Scope, "scope")
_receive_checker = _checker(AMGIReceiveEvent, "receive event")
_send_checker = _checker(AMGISendEvent, "send event")
_send_fast = _send_checker.fast

check_scope = _public_check(
    _scope_checker,
    "check_scope",
    "scope",
    """Check that ``scope`` is a well-formed :data:`amgi_types.Scope`.

    :raises ValidationError: listing every problem found.
    """,
)

check_receive_event = _public_check(
    _receive_checker,
    "check_receive_event",
    "event",
    """Check that ``event`` is a well-formed :data:`amgi_types.AMGIReceiveEvent`.

    :raises ValidationError: listing every problem found.
    """,
)

check_send_event = _public_check(
    _send_checker,
    "check_send_event",
    "event",
    """Check that ``event`` is a well-formed :data:`amgi_types.AMGISendEvent`.

    :raises ValidationError: listing every problem found, such as
        ``send event["headers"][2][0]: expected bytes, got str ('x')``.
    """,
)


# --------------------------------------------------------------------------
# The validating middleware.

_OUT_OF_ORDER = "message.ack.out_of_order"
_SERVER = "server"
_APPLICATION = "application"


_receive_by_scope: dict[str, _Checker] = {}


def _receive_checker_for(scope_type: str) -> _Checker:
    """The check of the events ``receive()`` may return in one scope type.

    Events of a protocol are named after its scope type (``message.receive``
    in a ``message`` scope), so the split follows from the types' own
    literals.
    """
    checker = _receive_by_scope.get(scope_type)
    if checker is None:
        union = _receive_checker.node
        assert isinstance(union, _DiscriminatedNode)
        table = {
            tag: member
            for tag, member in union.table.items()
            if tag.startswith(scope_type + ".")
        }
        node = _DiscriminatedNode(union.key, table)
        checker = _receive_by_scope[scope_type] = _Checker(node, "receive event")
    return checker


# The unbound base-class method: a dict subclass's override is never called.
_dict_get: Callable[[Any, str], object] = dict[str, object].get


def _read(mapping: object, key: str) -> object:
    """``mapping[key]`` or ``None``, for a dict already checked: a hostile
    key object in it may still raise when compared."""
    try:
        return _dict_get(mapping, key)
    except Exception:
        return None


def _first_outside_frame() -> int:
    """The stack level of the nearest caller outside this module: a warning
    then points at the application's ``send()`` or ``receive()`` line, or at
    the server's call of the application."""
    # Imported here: only warning mode needs it, and only once it warns.
    import inspect

    level = 0
    frame = inspect.currentframe()
    while frame is not None and frame.f_globals.get("__name__") == __name__:
        frame = frame.f_back
        level += 1
    return level


class _Session:
    """What one call of the wrapped application has seen so far."""

    def __init__(self, scope: object, strict: bool) -> None:
        self.strict = strict
        # The protocol is followed only for a well-formed scope; for another,
        # events are still checked, each on its own.
        self.scope_errors = _scope_checker.errors(scope)
        scope_ok = not self.scope_errors
        scope_type = _read(scope, "type") if scope_ok else None
        self.scope_type = scope_type if type(scope_type) is str else None
        extensions = _read(scope, "extensions") if scope_ok else None
        self.out_of_order = type(extensions) is dict and _OUT_OF_ORDER in extensions
        self.prefix = f"{self.scope_type}."
        if self.scope_type is not None:
            self.receive_checker = _receive_checker_for(self.scope_type)
        else:
            self.receive_checker = _receive_checker
        self.receive_fast = self.receive_checker.fast
        # message scope
        self.batch_over = False
        self.order: list[str] = []  # ids in delivery order
        self.delivered: set[str] = set()
        self.settled: set[str] = set()
        self.next_unsettled = 0  # index in order of the oldest unsettled id
        # lifespan scope
        self.received_startup = False
        self.received_shutdown = False
        self.startup_answered: str | None = None
        self.shutdown_answered: str | None = None

    def violation(self, side: str, rule: str, details: Iterable[str]) -> None:
        lines = [f"{side} broke the rule '{rule}': {detail}" for detail in details]
        if not lines:
            return
        if self.strict:
            raise ValidationError(lines, side)
        for line in lines:
            warnings.warn(line, ValidationWarning, stacklevel=_first_outside_frame())

    # ---- server's side

    # Called for every message: the common case is kept to a few operations.
    def received(self, event: object) -> None:
        try:
            ok = self.receive_fast(event)
        except Exception:
            ok = False
        if not ok and not self.received_checked_thoroughly(event):
            return
        if self.scope_type == "message":
            try:
                message_id = _dict_get(event, "id")
                more_messages = _dict_get(event, "more_messages")
            except Exception:
                return
            if type(message_id) is not str:
                return
            if message_id in self.delivered:
                self.violation(
                    _SERVER,
                    "message ids are unique within a batch",
                    [f"id {message_id!r} was delivered twice"],
                )
            else:
                self.delivered.add(message_id)
                self.order.append(message_id)
            if more_messages is not True:
                self.batch_over = True
        elif self.scope_type == "lifespan":
            self.received_lifespan(event)

    def received_checked_thoroughly(self, event: object) -> bool:
        """Report what is wrong with a received event; whether it is right."""
        errors = self.receive_checker.thorough(event)
        if not errors:
            return True
        if self.scope_type is not None and not _receive_checker.errors(event):
            rule = f"only {self.scope_type} events in a {self.scope_type} scope"
            errors = [f"receive() returned {_read(event, 'type')!r}"]
        else:
            rule = "received events are well-formed"
        self.violation(_SERVER, rule, errors)
        return False

    def received_lifespan(self, event: object) -> None:
        rule = "lifespan events in a legal order"
        if _read(event, "type") == "lifespan.startup":
            if self.received_shutdown:
                self.violation(_SERVER, rule, ["lifespan.startup came after lifespan.shutdown"])
            elif self.received_startup:
                self.violation(_SERVER, rule, ["lifespan.startup was delivered twice"])
            self.received_startup = True
        else:
            if self.received_shutdown:
                self.violation(_SERVER, rule, ["lifespan.shutdown was delivered twice"])
            elif not self.received_startup:
                self.violation(_SERVER, rule, ["lifespan.shutdown came before lifespan.startup"])
            self.received_shutdown = True

    # ---- application's side

    def receive_after_last(self) -> None:
        self.violation(
            _APPLICATION,
            "no receive() after the last message of a batch",
            ["receive() was called after a message with more_messages false or missing"],
        )

    # Called for every ack: the common case is kept to a few operations.
    def sending(self, event: object) -> None:
        try:
            ok = _send_fast(event)
        except Exception:
            ok = False
        if not ok:
            errors = _send_checker.thorough(event)
            if errors:
                self.violation(_APPLICATION, "sent events are well-formed", errors)
                return
        try:
            event_type = _dict_get(event, "type")
            message_id = _dict_get(event, "id")
        except Exception:
            return
        if self.scope_type is None or type(event_type) is not str:
            return
        if not event_type.startswith(self.prefix):
            self.violation(
                _APPLICATION,
                f"only {self.scope_type} events in a {self.scope_type} scope",
                [f"sent {event_type!r}"],
            )
        elif self.scope_type == "lifespan":
            self.answer_lifespan(event_type)
        elif (event_type == "message.ack" or event_type == "message.nack") and type(
            message_id
        ) is str:
            self.settle(event_type, message_id)

    def settle(self, event_type: str, message_id: str) -> None:
        if message_id not in self.delivered:
            self.violation(
                _APPLICATION,
                "ack or nack only received ids",
                [f"{event_type} for id {message_id!r}, which was never received"],
            )
            return
        if message_id in self.settled:
            self.violation(
                _APPLICATION,
                "every received id acked or nacked exactly once",
                [f"{event_type} for id {message_id!r}, which was already acked or nacked"],
            )
            return
        if not self.out_of_order:
            expected = self.order[self.next_unsettled]
            if message_id != expected:
                self.violation(
                    _APPLICATION,
                    f"acks and nacks in delivery order, without the {_OUT_OF_ORDER} extension",
                    [f"{event_type} for id {message_id!r} before id {expected!r}"],
                )
        self.settled.add(message_id)
        while self.next_unsettled < len(self.order) and self.order[self.next_unsettled] in self.settled:
            self.next_unsettled += 1

    def answer_lifespan(self, event_type: str) -> None:
        rule = "lifespan events in a legal order"
        ended = self.shutdown_answered
        if ended is not None:
            self.violation(
                _APPLICATION, rule, [f"{event_type} was sent after {ended}"]
            )
        elif event_type.startswith("lifespan.startup."):
            if self.startup_answered is not None:
                self.violation(
                    _APPLICATION, rule, [f"{event_type} was sent after {self.startup_answered}"]
                )
            elif not self.received_startup:
                self.violation(
                    _APPLICATION, rule, [f"{event_type} was sent before lifespan.startup was received"]
                )
            self.startup_answered = event_type
        else:
            if not self.received_shutdown:
                self.violation(
                    _APPLICATION, rule, [f"{event_type} was sent before lifespan.shutdown was received"]
                )
            self.shutdown_answered = event_type

    def returned(self) -> None:
        if self.scope_type != "message":
            return
        unsettled = [m for m in self.order if m not in self.settled]
        self.violation(
            _APPLICATION,
            "every received id acked or nacked exactly once",
            [f"the application returned without acking or nacking id {m!r}" for m in unsettled],
        )


def validator(app: AMGIApplication, *, strict: bool = True) -> AMGIApplication:
    """Wrap ``app`` so that every exchange with the server is checked.

    Scopes, events and the objects passed through are handed on unchanged.
    Checked on the server's side: the scope, every event ``receive()``
    returns, unique ids within a batch, lifespan events in order. Checked on
    the application's side: every event given to ``send()``; no
    ``receive()`` after the last message of a batch; every received id acked
    or nacked exactly once, and only received ids, by the time the
    application returns; acks and nacks in delivery order unless the scope's
    ``extensions`` hold ``"message.ack.out_of_order"``; lifespan events only
    in a lifespan scope and message events only in a message scope; lifespan
    answers only after the event they answer, once, and nothing after the
    shutdown answer.

    If the application raises, the exception goes through and the
    end-of-batch check is skipped: the server decides what becomes of
    unsettled messages then.

    :param strict: With ``True``, a violation raises :class:`ValidationError`
        (from ``receive()`` or ``send()``, or from the wrapper before or after
        the application runs), and the offending event never reaches the
        other side. With ``False``, each violation is reported as a
        :class:`ValidationWarning` and everything is passed on.
    """

    async def validating_app(
        scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable, /
    ) -> None:
        session = _Session(scope, strict)
        session.violation(_SERVER, "the scope is well-formed", session.scope_errors)

        async def checked_receive() -> AMGIReceiveEvent:
            if session.batch_over:
                session.receive_after_last()
            event = await receive()
            session.received(event)
            return event

        async def checked_send(event: AMGISendEvent, /) -> None:
            session.sending(event)
            await send(event)

        await app(scope, checked_receive, checked_send)
        session.returned()

    return validating_app
