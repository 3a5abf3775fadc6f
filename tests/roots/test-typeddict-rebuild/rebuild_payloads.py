"""A type alias that another module imports for a key's annotation."""

from typing import Union

Payload = Union[bytes, None]
