"""``payload`` may be absent: reading it by subscript can raise KeyError.

Only pyright rejects reading a ``NotRequired`` key by subscript; mypy, ty and
pyrefly accept it, so the marker records that the others stay silent.
"""

from amgi_types import MessageReceiveEvent


def body(event: MessageReceiveEvent) -> bytes | None:
    return event["payload"]  # expect-error: pyright
