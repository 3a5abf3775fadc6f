"""``message.ack.out_of_order`` has no parameters: its typed value is ``{}``."""

from amgi_types import MessageAckOutOfOrderExtension, MessageExtensions

parameters: MessageAckOutOfOrderExtension = {"strict": True}  # expect-error
extensions: MessageExtensions = {"message.ack.out_of_order": {"strict": True}}  # expect-error
