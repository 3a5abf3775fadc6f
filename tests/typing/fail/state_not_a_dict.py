"""``state`` is a namespace (a dict), not a list of values."""

from amgi_types import LifespanScope

scope: LifespanScope = {"type": "lifespan", "amgi": {"version": "1.0", "spec_version": "1.0"}, "state": []}  # expect-error
