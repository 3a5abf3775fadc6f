"""Events generated from the TypedDicts pass; every single mutation is caught.

The generator below reads the same TypedDicts as amgi_types.validate, but on
its own: a valid value of each scope and event, together with the places
where one change would make it invalid (a required key dropped, a value of
the wrong type, an unknown key, a wrong literal). Each mutation must be
rejected with the mutated path at the start of one of the error lines.
"""

from __future__ import annotations

import collections.abc
import types
import typing
from collections.abc import Callable
from datetime import datetime
from typing import Any, NamedTuple, Union

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import amgi_types
from amgi_types import _checks
from amgi_types._typeddict import is_typeddict
from amgi_types.validate import (
    ValidationError,
    check_receive_event,
    check_scope,
    check_send_event,
)

Path = tuple[Union[str, int], ...]

# The specification lets these hold keys they do not list; every other
# TypedDict is closed.
OPEN = {
    amgi_types.MessageReceiveBindings,
    amgi_types.MessageSendBindings,
    amgi_types.MessageExtensions,
}


class Site(NamedTuple):
    """One place where a single change breaks the value."""

    kind: str  # "drop", "wrong type", "unknown key" or "wrong literal"
    path: Path  # where the error must be reported
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
    sites = [Site("wrong type", (), Alien())]
    if tp not in OPEN:
        sites.append(Site("unknown key", ("zz_unknown",)))
    for key, hint in hints.items():
        required = key in tp.__required_keys__
        if not required and not draw(st.booleans()):
            continue
        s = draw(sample_of(hint))
        value[key] = s.value
        sites += prefixed((key,), s.sites)
        if required:
            sites.append(Site("drop", (key,)))
    if tp in OPEN and draw(st.booleans()):
        extra = draw(mapping_of(leaf(st.integers(), wrong=False)))
        value["x-own-protocol"] = extra.value
        sites += prefixed(("x-own-protocol",), extra.sites)
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
        if site.kind in ("drop", "unknown key") and len(path) == 1:
            copy = dict(node)
            if site.kind == "drop":
                del copy[path[0]]
            else:
                copy[path[0]] = 1
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


@FAST
@given(rooted())
def test_generated_valid_values_pass(
    case: tuple[Sample, str, Callable[[object], None], _checks.Checker],
) -> None:
    sample, _, check, checker = case
    check(sample.value)
    assert checker.fast(sample.value) is True


@FAST
@given(rooted(), st.data())
def test_each_single_mutation_is_rejected_at_its_path(
    case: tuple[Sample, str, Callable[[object], None], _checks.Checker],
    data: st.DataObject,
) -> None:
    sample, name, check, checker = case
    site = data.draw(st.sampled_from(sample.sites))
    mutated = apply(sample.value, site)
    try:
        check(mutated)
    except ValidationError as exc:
        expected = render(name, site.path) + ":"
        assert any(error.startswith(expected) for error in exc.errors), (site, exc.errors)
    else:
        raise AssertionError(f"{site} was not rejected: {mutated!r}")
    assert checker.fast(mutated) is False
    check(sample.value)  # the mutation was made on a copy

