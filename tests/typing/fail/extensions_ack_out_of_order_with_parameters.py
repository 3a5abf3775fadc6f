"""``message.ack.out_of_order`` has no parameters: its value is ``{}``."""

from amgi_types import MessageScope

scope: MessageScope = {"type": "message", "amgi": {"version": "1.0", "spec_version": "1.0"}, "address": "a", "extensions": {"message.ack.out_of_order": {"strict": True}}}  # expect-error
value: MessageScope = {"type": "message", "amgi": {"version": "1.0", "spec_version": "1.0"}, "address": "a", "extensions": {"message.ack.out_of_order": True}}  # expect-error
