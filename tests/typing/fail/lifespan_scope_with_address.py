"""The lifespan scope has no ``address``."""

from amgi_types import LifespanScope

scope: LifespanScope = {"type": "lifespan", "amgi": {"version": "1.0", "spec_version": "1.0"}, "address": "a"}  # expect-error
