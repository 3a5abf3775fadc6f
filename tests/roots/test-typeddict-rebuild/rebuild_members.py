"""TypedDicts whose pages must be rebuilt when what they read changes."""

import sys
from typing import Literal

from rebuild_payloads import Payload

if sys.version_info >= (3, 11):
    from typing import TypedDict
else:
    from typing_extensions import TypedDict


class Ack(TypedDict):
    """Acknowledges.

    :var type: Always ``"ack"``.
    """

    type: Literal["ack"]


class Nack(TypedDict):
    """Rejects.

    :var type: Always ``"nack"``.
    """

    type: Literal["nack"]


class Envelope(TypedDict):
    """Carries a payload whose type is an alias from another module.

    :var payload: The payload.
    """

    payload: Payload
