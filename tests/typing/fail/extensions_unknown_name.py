"""A server may advertise an extension the specification does not define (PEP 728 ``extra_items``).

mypy does not implement ``extra_items`` and treats the extensions as closed:
it alone rejects the unknown name.
"""

from amgi_types import MessageScope

scope: MessageScope = {"type": "message", "amgi": {"version": "1.0", "spec_version": "1.0"}, "address": "a", "extensions": {"message.ack.out_of_order": {}, "acme.batch.deadline": {"seconds": 30}}}  # expect-error: mypy
