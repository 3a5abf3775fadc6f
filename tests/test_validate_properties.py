"""Events generated from the TypedDicts pass; every single mutation is caught.

The generator below reads the same TypedDicts as amgi_types.validate, but on
its own: a valid value of each scope and event, together with the places
where one change would make it invalid (a required key dropped, a value of
the wrong type, a wrong literal, a second protocol in a received message's
bindings) or where an unknown key may go. Each invalid mutation must be
rejected with the mutated path at the start of one of the error lines; unknown
keys, one or many, must pass with one UnknownKeyWarning each; and the fast
path must never accept what the thorough pass rejects, hostile keys included.
"""

from __future__ import annotations

import collections.abc
import types
import typing
import warnings
from collections.abc import Callable
from datetime import datetime
from typing import Any, NamedTuple, Union

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import amgi_types
from amgi_types._typeddict import is_typeddict
from amgi_types.validate import (
    UnknownKeyWarning,
    ValidationError,
    _checks,
    check_receive_event,
    check_scope,
    check_send_event,
)

Path = tuple[str | int, ...]


class Registry(NamedTuple):
    """A key the specification leaves open to any protocol or extension: the
    TypedDict of the names this package types, those whose fields a value
    may also carry (forwarded from a received message), and whether one name
    at most is allowed."""

    names: Any
    also: Any = None
    one: bool = False


REGISTRIES = {
    (amgi_types.MessageReceiveEvent, "bindings"): Registry(
        amgi_types.MessageReceiveBindings, one=True
    ),
    (amgi_types.MessageSendEvent, "bindings"): Registry(
        amgi_types.MessageSendBindings, also=amgi_types.MessageReceiveBindings
    ),
    (amgi_types.MessageScope, "extensions"): Registry(amgi_types.MessageExtensions),
}


class Site(NamedTuple):
    """One place where a single change breaks the value."""

    # "drop", "wrong type", "wrong literal", "second protocol" or
    # "unknown key", which is reported as a warning, not an error
    kind: str
    path: Path  # where the problem must be reported
    replacement: object = None


class Sample(NamedTuple):
    value: object
    sites: list[Site]


class Alien:
    """A value no AMGI field accepts."""


def prefixed(prefix: Path, sites: list[Site]) -> list[Site]:
    return [site._replace(path=prefix + site.path) for site in sites]


def leaf(strategy: st.SearchStrategy[Any], wrong: bool = True) -> st.SearchStrategy[Sample]:
    return strategy.map(lambda v: Sample(v, [Site("wrong type", (), Alien())] if wrong else []))


def literal(values: tuple[Any, ...]) -> st.SearchStrategy[Sample]:
    def sample(value: Any) -> Sample:
        wrong = value + "~" if isinstance(value, str) else 99
        return Sample(value, [Site("wrong literal", (), wrong), Site("wrong type", (), Alien())])

    return st.sampled_from(values).map(sample)


def sequence_of(item: st.SearchStrategy[Sample], kind: type) -> st.SearchStrategy[Sample]:
    def combine(samples: list[Sample]) -> Sample:
        value = kind(s.value for s in samples) if kind is tuple else [s.value for s in samples]
        sites = [Site("wrong type", (), Alien())]
        for index, s in enumerate(samples):
            sites += prefixed((index,), s.sites)
        return Sample(value, sites)

    return st.lists(item, max_size=3).map(combine)


def fixed_tuple(items: list[st.SearchStrategy[Sample]]) -> st.SearchStrategy[Sample]:
    def combine(samples: tuple[Sample, ...]) -> Sample:
        sites = [Site("wrong type", (), Alien())]
        for index, s in enumerate(samples):
            sites += prefixed((index,), s.sites)
        return Sample(tuple(s.value for s in samples), sites)

    return st.tuples(*items).map(combine)


def mapping_of(value: st.SearchStrategy[Sample]) -> st.SearchStrategy[Sample]:
    def combine(items: dict[str, Sample]) -> Sample:
        sites = [Site("wrong type", (), Alien())]
        for key, s in items.items():
            sites += prefixed((key,), s.sites)
        return Sample({k: s.value for k, s in items.items()}, sites)

    return st.dictionaries(st.text(max_size=4), value, max_size=2).map(combine)


@st.composite
def typeddict(draw: st.DrawFn, tp: Any) -> Sample:
    hints = typing.get_type_hints(tp)
    value: dict[str, object] = {}
    sites = [Site("wrong type", (), Alien()), Site("unknown key", ("zz_unknown",), 1)]
    for key, hint in hints.items():
        required = key in tp.__required_keys__
        if not required and not draw(st.booleans()):
            continue
        registry = REGISTRIES.get((tp, key))
        s = draw(sample_of(hint) if registry is None else registry_sample(registry))
        value[key] = s.value
        sites += prefixed((key,), s.sites)
        if required:
            sites.append(Site("drop", (key,)))
    return Sample(value, sites)


@st.composite
def registry_sample(draw: st.DrawFn, registry: Registry) -> Sample:
    hints = typing.get_type_hints(registry.names)
    names = draw(
        st.lists(st.sampled_from(sorted(hints)), unique=True, max_size=1 if registry.one else 3)
    )
    value: dict[str, object] = {}
    sites = [Site("wrong type", (), Alien())]
    if registry.one:
        sites.append(Site("second protocol", ()))
    if not (registry.one and names):
        sites.append(Site("unknown key", ("x-unknown",), {}))
    for name in names:
        tp = hints[name]
        if registry.also is not None and draw(st.booleans()):
            # The received message's fields, forwarded as they came.
            tp = typing.get_type_hints(registry.also)[name]
        s = draw(typeddict(tp))
        value[name] = s.value
        sites += prefixed((name,), s.sites)
    return Sample(value, sites)


def sample_of(hint: Any) -> st.SearchStrategy[Sample]:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any:
        return leaf(st.none() | st.integers() | st.text(max_size=3), wrong=False)
    if hint is type(None) or hint is None:
        return leaf(st.none())
    if is_typeddict(hint):
        return typeddict(hint)
    if origin is Union or origin is types.UnionType:
        # Only members without a common kind are combined in these types, so
        # a mutation inside one member is reported at its own path.
        return st.one_of([sample_of(a) for a in args])
    if origin is typing.Literal:
        return literal(args)
    if origin in (dict, collections.abc.Mapping):
        return mapping_of(sample_of(args[1]))
    if origin is collections.abc.Sequence:
        return st.sampled_from([list, tuple]).flatmap(
            lambda kind: sequence_of(sample_of(args[0]), kind)
        )
    if origin is tuple:
        return fixed_tuple([sample_of(a) for a in args])
    scalars: dict[Any, st.SearchStrategy[Any]] = {
        str: st.text(max_size=6),
        bytes: st.binary(max_size=6),
        bool: st.booleans(),
        int: st.integers(),
        float: st.floats(allow_nan=False),
        datetime: st.datetimes(),
    }
    return leaf(scalars[hint])


def members(union: Any) -> list[Any]:
    return list(typing.get_args(union))


ROOTS: list[tuple[Any, str, Callable[[object], None], _checks.Checker]] = (
    [(tp, "scope", check_scope, _checks.scope_checker) for tp in members(amgi_types.Scope)]
    + [
        (tp, "receive event", check_receive_event, _checks.receive_checker)
        for tp in members(amgi_types.AMGIReceiveEvent)
    ]
    + [
        (tp, "send event", check_send_event, _checks.send_checker)
        for tp in members(amgi_types.AMGISendEvent)
    ]
)


@st.composite
def rooted(draw: st.DrawFn) -> tuple[Sample, str, Callable[[object], None], _checks.Checker]:
    tp, name, check, checker = draw(st.sampled_from(ROOTS))
    return draw(typeddict(tp)), name, check, checker


def render(name: str, path: Path) -> str:
    return name + "".join(f'["{p}"]' if isinstance(p, str) else f"[{p}]" for p in path)


def apply(value: Any, site: Site) -> Any:
    """A copy of ``value`` with the change of ``site``; the original is kept."""

    def change(node: Any, path: Path) -> Any:
        if site.kind == "second protocol" and not path:
            return {**node, "x-second": {}, "y-second": {}}
        if site.kind in ("drop", "unknown key") and len(path) == 1:
            copy = dict(node)
            if site.kind == "drop":
                del copy[path[0]]
            else:
                copy[path[0]] = site.replacement
            return copy
        if not path:
            return site.replacement
        head, rest = path[0], path[1:]
        if isinstance(node, dict):
            return {**node, head: change(node[head], rest)}
        items = list(node)
        items[head] = change(items[head], rest)  # type: ignore[index]
        return tuple(items) if isinstance(node, tuple) else items

    return change(value, site.path)


FAST = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run_check(check: Callable[[object], None], value: object) -> tuple[list[str], list[str]]:
    """The errors and the unknown-key warnings of one check."""
    errors: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            check(value)
        except ValidationError as exc:
            errors = list(exc.errors)
    assert all(w.category is UnknownKeyWarning for w in caught)
    return errors, [str(w.message) for w in caught]


@FAST
@given(rooted())
def test_generated_valid_values_pass(
    case: tuple[Sample, str, Callable[[object], None], _checks.Checker],
) -> None:
    sample, _, check, checker = case
    assert run_check(check, sample.value) == ([], [])
    assert checker.fast(sample.value) is True


@FAST
@given(rooted(), st.data())
def test_each_single_mutation_is_rejected_at_its_path(
    case: tuple[Sample, str, Callable[[object], None], _checks.Checker],
    data: st.DataObject,
) -> None:
    sample, name, check, checker = case
    site = data.draw(st.sampled_from([s for s in sample.sites if s.kind != "unknown key"]))
    mutated = apply(sample.value, site)
    errors, _ = run_check(check, mutated)
    expected = render(name, site.path) + ":"
    assert any(error.startswith(expected) for error in errors), (site, errors, mutated)
    assert checker.fast(mutated) is False
    # Nor does the shortcut for unknown keys accept it.
    assert checker.unknown_only(mutated) is None
    assert run_check(check, sample.value) == ([], [])  # the mutation was made on a copy


@FAST
@given(rooted(), st.data())
def test_unknown_keys_pass_with_one_warning_each(
    case: tuple[Sample, str, Callable[[object], None], _checks.Checker],
    data: st.DataObject,
) -> None:
    sample, name, check, checker = case
    places = [s for s in sample.sites if s.kind == "unknown key"]
    chosen = data.draw(
        st.lists(st.sampled_from(places), min_size=1, unique_by=lambda site: site.path)
    )
    mutated = sample.value
    for site in chosen:
        mutated = apply(mutated, site)
    errors, warned = run_check(check, mutated)
    assert errors == []
    assert sorted(w.split(": unknown key")[0] for w in warned) == sorted(
        render(name, site.path) for site in chosen
    )
    assert checker.fast(mutated) is False
    # The shortcut for unknown keys at the top says what the thorough pass
    # says, and takes every value whose unknown keys are all at the top.
    lines = checker.unknown_only(mutated)
    if all(len(site.path) == 1 for site in chosen):
        assert lines is not None
    if lines is not None:
        assert sorted(lines) == sorted(warned)


class LookalikeKey:
    """Not a str, but hashes and compares equal to the key it stands for."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __hash__(self) -> int:
        return hash(self.name)

    def __eq__(self, other: object) -> bool:
        return type(other) is str and str.__eq__(other, self.name)


class LookalikeStr(str):
    """A str of another value, which hashes and compares like the key it
    stands for."""

    stands_for = ""

    def __hash__(self) -> int:
        return hash(self.stands_for)

    def __eq__(self, other: object) -> bool:
        return type(other) is str and str.__eq__(other, self.stands_for)


class TwinStr(str):
    """The very key, with a hash of its own: a dict may hold it twice."""

    def __hash__(self) -> int:
        return 7


def lookalike_str(name: str) -> LookalikeStr:
    key = LookalikeStr("~" + name)
    key.stands_for = name
    return key


HOSTILE_KEYS: dict[str, Callable[[str], object]] = {
    "non-str lookalike": LookalikeKey,
    "str of another value, alike": lookalike_str,
    "same str twice": TwinStr,
}


def dict_paths(value: Any, path: Path = ()) -> list[Path]:
    """The paths of every dict key in a value."""
    found: list[Path] = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((*path, key))
            found += dict_paths(item, (*path, key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            found += dict_paths(item, (*path, index))
    return found


def with_key_replaced(value: Any, path: Path, make: Callable[[str], object], twin: bool) -> Any:
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        if rest:
            return {**value, head: with_key_replaced(value[head], rest, make, twin)}
        copy = dict(value) if twin else {k: v for k, v in value.items() if k != head}
        copy[make(head)] = value[head]  # type: ignore[arg-type]
        return copy
    items = list(value)
    items[head] = with_key_replaced(items[head], rest, make, twin)  # type: ignore[index]
    return tuple(items) if isinstance(value, tuple) else items


@FAST
@given(rooted(), st.data())
def test_the_fast_path_never_accepts_what_the_thorough_pass_rejects(
    case: tuple[Sample, str, Callable[[object], None], _checks.Checker],
    data: st.DataObject,
) -> None:
    sample, _name, _check, checker = case
    path = data.draw(st.sampled_from(dict_paths(sample.value)))
    kind = data.draw(st.sampled_from(sorted(HOSTILE_KEYS)))
    hostile = with_key_replaced(
        sample.value, path, HOSTILE_KEYS[kind], twin=kind == "same str twice"
    )
    # Exact str keys only: the fast path leaves every other key to the
    # thorough pass, which judges it by its str value (a key of the
    # application's own state may be any str).
    assert checker.fast(hostile) is False
    assert checker.unknown_only(hostile) is None
    if path[0] != "state":
        found = checker.thorough(hostile)
        assert found.errors or found.unknown, (kind, path)
