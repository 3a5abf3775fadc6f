"""Unions that only the docs need: the summary table of the Message format page.

The specification's own unions group events by direction across protocols;
this one groups the events of one protocol, for ``typeddict-table``.
"""

from typing import Union

from amgi_types import MessageAckEvent, MessageNackEvent, MessageReceiveEvent, MessageSendEvent

MessageEvent = Union[MessageReceiveEvent, MessageAckEvent, MessageNackEvent, MessageSendEvent]
