"""BatchResult's assertions pass on what happened and, when they fail, say
what happened instead."""

from __future__ import annotations

import pytest

from amgi_types import MessageSendEvent
from amgi_types.testing import BatchResult

SENT: tuple[MessageSendEvent, ...] = (
    {"type": "message.send", "address": "audit", "headers": [(b"h", b"1")], "payload": b"{}"},
    {
        "type": "message.send",
        "address": "billing",
        "headers": (),
        "payload": b"not json",
        "bindings": {"kafka": {"key": b"k"}},
    },
    {"type": "message.send", "address": "audit", "headers": []},
)

RESULT = BatchResult(
    ids=("a", "b", "c", "d"),
    acked=("b", "a"),
    nacked={"c": "boom: database gone"},
    sent=SENT,
)


def test_assert_acked_passes_for_acked_ids_in_any_order() -> None:
    RESULT.assert_acked("a", "b")
    RESULT.assert_acked("b")


def test_assert_acked_without_ids_names_every_message_not_acked_and_its_fate() -> None:
    with pytest.raises(AssertionError) as raised:
        RESULT.assert_acked()
    assert str(raised.value) == (
        "expected 'a', 'b', 'c', 'd' acked, but 'c' was nacked: 'boom: database gone';"
        " 'd' was neither acked nor nacked"
    )


def test_an_id_outside_the_batch_is_named_with_the_batchs_ids() -> None:
    with pytest.raises(
        AssertionError, match=r"'z' is not in the batch \(ids: 'a', 'b', 'c', 'd'\)"
    ):
        RESULT.assert_acked("z")


def test_assert_nacked_says_which_were_acked_and_which_reason_does_not_match() -> None:
    RESULT.assert_nacked("c", match=r"database \w+")
    with pytest.raises(AssertionError, match="'a' was acked; 'd' was neither acked nor nacked"):
        RESULT.assert_nacked("a", "c", "d")
    with pytest.raises(
        AssertionError,
        match=r"expected nack reasons matching 'timeout', but 'c' was nacked with 'boom: database gone'",
    ):
        RESULT.assert_nacked("c", match="timeout")


def test_assert_sent_returns_the_first_event_matching_every_value_given() -> None:
    assert RESULT.assert_sent("audit") is SENT[0]
    assert RESULT.assert_sent("audit", payload=None) is SENT[2]
    assert RESULT.assert_sent("audit", json={}, headers=[(b"h", b"1")]) is SENT[0]
    assert RESULT.assert_sent("audit", headers=()) is SENT[2]
    assert RESULT.assert_sent("billing", bindings={"kafka": {"key": b"k"}}) is SENT[1]
    assert RESULT.assert_sent("billing", payload=b"not json") is SENT[1]


def test_a_payload_that_is_not_json_matches_no_json_value() -> None:
    with pytest.raises(AssertionError, match="with json=None"):
        RESULT.assert_sent("billing", json=None)
    # A missing payload is not JSON either.
    with pytest.raises(AssertionError, match="with payload=None, json=None, but"):
        RESULT.assert_sent("audit", json=None, payload=None)


def test_a_failed_assert_sent_lists_everything_that_was_sent_and_where() -> None:
    with pytest.raises(AssertionError) as raised:
        RESULT.assert_sent("audit", payload=b"[]")
    assert str(raised.value) == (
        "expected a message.send to 'audit' with payload=b'[]', but the application sent:"
        " to 'audit' payload=b'{}' headers=[(b'h', b'1')];"
        " to 'billing' payload=b'not json' headers=[] bindings={'kafka': {'key': b'k'}};"
        " to 'audit' payload=None headers=[]"
    )
    with pytest.raises(AssertionError, match=r"to 'x', but the application sent nothing$"):
        BatchResult(ids=("a",), acked=("a",), nacked={}, sent=()).assert_sent("x")
