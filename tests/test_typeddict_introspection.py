"""The run-time reading of TypedDicts that validate and sphinxext share."""

import typing

import typing_extensions

from amgi_types import MessageAckEvent, MessageScope, Scope
from amgi_types._typeddict import extra_items, is_special_form, is_typeddict, strip_qualifiers


class LegacyEvent(typing_extensions.TypedDict, total=False):
    id: typing_extensions.Required[str]


class Labels(typing_extensions.TypedDict, extra_items=int):  # type: ignore[call-arg]
    name: str


def test_typeddicts_of_typing_and_typing_extensions_are_recognised() -> None:
    assert is_typeddict(MessageAckEvent)
    assert is_typeddict(LegacyEvent)


def test_unions_dicts_and_non_types_are_not_typeddicts() -> None:
    assert not is_typeddict(Scope)
    assert not is_typeddict(dict)
    assert not is_typeddict({"type": "message.ack", "id": "1"})


def test_special_form_is_matched_by_identity_not_by_name() -> None:
    assert is_special_form(typing.Literal, "Literal")
    assert is_special_form(typing_extensions.NotRequired, "NotRequired")
    assert not is_special_form(typing.Literal, "NotRequired")
    # An interpreter whose typing lacks a form must not match a missing origin.
    assert not is_special_form(None, "NoSuchForm")


def test_qualifiers_are_stripped_and_the_outermost_requiredness_wins() -> None:
    hint = typing_extensions.NotRequired[typing_extensions.ReadOnly[typing.Annotated[int, "x"]]]
    assert strip_qualifiers(hint) == (int, False)
    assert strip_qualifiers(typing_extensions.Required[str]) == (str, True)
    assert strip_qualifiers(bytes | None) == (bytes | None, None)


def test_extra_items_of_an_open_typeddict_and_none_for_a_closed_one() -> None:
    assert extra_items(Labels) is int
    assert extra_items(MessageScope) is None
    assert extra_items(LegacyEvent) is None
