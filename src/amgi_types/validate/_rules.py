"""Every rule the validator checks, with its strength and where it is stated.

The one list of them: each report names its rule here, and the rules table
of the validate page is generated from it, so the two cannot drift. A rule's
level is the word of the page that states it: a MUST broken is an error in
strict mode, a SHOULD departed from is a :class:`RecommendationWarning` in
every mode. ``addition`` marks the rules this project added to AMGI 1.0.
"""

from __future__ import annotations

from typing import NamedTuple

MUST = "MUST"
SHOULD = "SHOULD"
SERVER = "server"
APPLICATION = "application"


class Rule(NamedTuple):
    id: str
    level: str
    addition: bool
    side: str
    summary: str
    # (page, section label) of each place that states it.
    stated: tuple[tuple[str, str], ...]


RULES = (
    # The server's side.
    Rule(
        "scope.well_formed",
        MUST,
        False,
        SERVER,
        "the scope is well-formed",
        (("message", "message-scope"), ("lifespan", "lifespan-scope")),
    ),
    Rule(
        "receive.well_formed",
        MUST,
        False,
        SERVER,
        "received events are well-formed",
        (("message", "message-receive"), ("message", "bindings-object")),
    ),
    Rule(
        "receive.protocol",
        MUST,
        True,
        SERVER,
        "only <type> events in a <type> scope",
        (("validate", "validate-checked"),),
    ),
    Rule(
        "message.id.unique",
        MUST,
        True,
        SERVER,
        "message ids are unique within a batch",
        (("message", "message-receive"),),
    ),
    Rule(
        "message.send.oserror",
        SHOULD,
        False,
        SERVER,
        "a failed message.send raises a subclass of OSError",
        (("message", "message-send"),),
    ),
    Rule(
        "lifespan.server.order",
        MUST,
        False,
        SERVER,
        "lifespan events in a legal order",
        (("lifespan", "lifespan-startup"), ("lifespan", "lifespan-order")),
    ),
    Rule(
        "lifespan.shutdown.after_failed",
        MUST,
        True,
        SERVER,
        "no lifespan.shutdown after lifespan.startup.failed",
        (("lifespan", "lifespan-startup-failed"),),
    ),
    # The application's side.
    Rule(
        "send.well_formed",
        MUST,
        False,
        APPLICATION,
        "sent events are well-formed",
        (("message", "message-ack"), ("message", "message-nack"), ("message", "message-send")),
    ),
    Rule(
        "send.protocol",
        MUST,
        True,
        APPLICATION,
        "only <type> events in a <type> scope",
        (("message", "batch-end"),),
    ),
    Rule(
        "message.receive.all",
        MUST,
        False,
        APPLICATION,
        "receive every message of a batch",
        (("message", "batches"),),
    ),
    Rule(
        "message.receive.after_last",
        MUST,
        True,
        APPLICATION,
        "no receive() after the last message of a batch",
        (("message", "batch-end"),),
    ),
    Rule(
        "message.receive.concurrent",
        MUST,
        True,
        APPLICATION,
        "receive() awaited by one task at a time",
        (("message", "batch-end"),),
    ),
    Rule(
        "message.answer.once",
        MUST,
        False,
        APPLICATION,
        "every received id acked or nacked exactly once",
        (("message", "batches"),),
    ),
    Rule(
        "message.answer.received",
        MUST,
        True,
        APPLICATION,
        "ack or nack only received ids",
        (("message", "batch-end"),),
    ),
    Rule(
        "message.ack.order",
        SHOULD,
        False,
        APPLICATION,
        "acks and nacks in delivery order, without the message.ack.out_of_order extension",
        (("message", "batches"), ("extensions", "ext-ack-out-of-order")),
    ),
    Rule(
        "call.ended",
        MUST,
        True,
        APPLICATION,
        "no send() or receive() after the call has ended",
        (("message", "batch-end"),),
    ),
    Rule(
        "lifespan.application.order",
        MUST,
        False,
        APPLICATION,
        "lifespan events in a legal order",
        (("lifespan", "lifespan-startup"), ("lifespan", "lifespan-shutdown")),
    ),
    Rule(
        "lifespan.receive.after_shutdown",
        MUST,
        True,
        APPLICATION,
        "no receive() after the shutdown answer",
        (("lifespan", "lifespan-shutdown"),),
    ),
)

BY_ID = {rule.id: rule for rule in RULES}
