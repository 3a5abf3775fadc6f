"""``amgi.version`` is ``"1.0"``; no other AMGI version exists."""

from amgi_types import MessageScope

scope: MessageScope = {
    "type": "message",
    "amgi": {"version": "2.0", "spec_version": "1.0"},  # expect-error
    "address": "orders",
}
