"""Unions that only the docs need: the summary tables of the protocol pages.

The specification's own unions group events by direction across protocols;
these group the events of one protocol, in the order a reader meets them, for
the ``events-table`` of each protocol page and of the quick reference.
"""

from amgi_types import (
    LifespanShutdownCompleteEvent,
    LifespanShutdownEvent,
    LifespanShutdownFailedEvent,
    LifespanStartupCompleteEvent,
    LifespanStartupEvent,
    LifespanStartupFailedEvent,
    MessageAckEvent,
    MessageNackEvent,
    MessageReceiveEvent,
    MessageSendEvent,
)

MessageEvent = MessageReceiveEvent | MessageAckEvent | MessageNackEvent | MessageSendEvent

LifespanEvent = (
    LifespanStartupEvent
    | LifespanStartupCompleteEvent
    | LifespanStartupFailedEvent
    | LifespanShutdownEvent
    | LifespanShutdownCompleteEvent
    | LifespanShutdownFailedEvent
)

AllEvents = MessageEvent | LifespanEvent
