"""The rules of the original AMGI 1.0 documents that carry an RFC 2119 key word.

Kept beside tests/test_docs_rfc2119.py: a sentence of the specification pages
with a key word must be inside an addition mark or be one of these rules. The
list is the normative content of the original documents as the spec facts
(../shared/spec/README.md, "The original documents") give it, with the
original's strength; nothing else may be added to it. Each rule names its
document and has the pattern by which the site's sentences that state it are
recognised; the key word of the sentence must lie inside the pattern's match.
"""

from __future__ import annotations

from dataclasses import dataclass

MESSAGE_FORMAT = "the Message format text"
LIFESPAN = "the Lifespan page"
BINDINGS = "the Bindings page"
EXTENSIONS = "the Extensions page"
DOCSTRINGS = "the docstrings of the types"
# The AMGI specification page (abstract, rationale, overview) states no MUST
# or SHOULD, so it has no entry.
DOCUMENTS = (MESSAGE_FORMAT, LIFESPAN, BINDINGS, EXTENSIONS, DOCSTRINGS)


@dataclass(frozen=True)
class OriginalRule:
    document: str
    rule: str
    pattern: str


ORIGINAL_RULES = (
    OriginalRule(
        MESSAGE_FORMAT,
        "If the server fails to send the message, it should raise a server-specific"
        " subclass of OSError.",
        r"SHOULD raise .*OSError",
    ),
    OriginalRule(
        LIFESPAN,
        "Applications should initialise at startup and shut down gracefully at shutdown.",
        r"SHOULD initiali[sz]e .*at startup,? and shut down gracefully",
    ),
    OriginalRule(
        LIFESPAN,
        "After startup completes, the server may deliver messages.",
        r"server MAY (deliver messages|call the application with message scopes)",
    ),
    OriginalRule(
        LIFESPAN,
        "After startup fails, the server must not start message processing.",
        r"server MUST NOT (deliver messages|start processing messages)",
    ),
    OriginalRule(
        LIFESPAN,
        "After startup fails, the server should terminate the application.",
        r"SHOULD stop the application and terminate",
    ),
    OriginalRule(
        LIFESPAN,
        "After shutdown completes, the server may terminate.",
        r"server MAY terminate",
    ),
    OriginalRule(
        LIFESPAN,
        "After shutdown fails, the server should still terminate.",
        r"SHOULD still terminate",
    ),
    OriginalRule(
        LIFESPAN,
        "After shutdown fails, the server may log the failure.",
        r"still terminate, and MAY log the message",
    ),
    OriginalRule(
        BINDINGS,
        "Names must match the naming of AsyncAPI's Message Bindings Object.",
        r"names MUST follow the naming of the Message Bindings Object",
    ),
    OriginalRule(
        BINDINGS,
        "A sent message may carry the bindings of several protocols.",
        r"MAY carry bindings for several protocols",
    ),
    OriginalRule(
        EXTENSIONS,
        "With message.ack.out_of_order, the application may ack and nack in any order.",
        r"application MAY ack and nack the messages of a batch in any order",
    ),
    OriginalRule(
        EXTENSIONS,
        "With message.ack.out_of_order, the server must accept acks in any order.",
        r"MUST accept acks and nacks",
    ),
    OriginalRule(
        EXTENSIONS,
        "With message.ack.out_of_order, the server must not treat that as a protocol error.",
        r"MUST NOT treat that order as a protocol error",
    ),
    OriginalRule(
        EXTENSIONS,
        "Without it, applications should assume that ack order is constrained by the server.",
        r"SHOULD assume that the server constrains the order of acks",
    ),
    OriginalRule(
        EXTENSIONS,
        "Without it, applications may be required to follow delivery order.",
        r"MAY need to ack and nack the messages of a batch in the\s+order",
    ),
    OriginalRule(
        DOCSTRINGS,
        "LifespanScope's state: an empty namespace the application may fill.",
        r"the application MAY store in it",
    ),
)
