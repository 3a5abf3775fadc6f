"""A message scope is not a lifespan scope."""

from amgi_types import LifespanScope, MessageScope

message_scope: MessageScope = {"type": "message", "amgi": {"version": "1.0", "spec_version": "1.0"}, "address": "a"}
lifespan_scope: LifespanScope = message_scope  # expect-error
