"""Every scope carries ``amgi``."""

from amgi_types import LifespanScope

scope: LifespanScope = {"type": "lifespan"}  # expect-error
