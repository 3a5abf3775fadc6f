"""``message.nack.outcome`` names one of three outcomes, and always names one."""

from amgi_types import MessageExtensions, MessageNackOutcomeExtension

unknown: MessageNackOutcomeExtension = {"outcome": "retry"}  # expect-error
missing: MessageNackOutcomeExtension = {}  # expect-error
nested: MessageExtensions = {"message.nack.outcome": {"outcome": "requeue"}}  # expect-error
