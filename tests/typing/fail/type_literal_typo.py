"""``type`` is a literal: a misspelt event type is rejected."""

from amgi_types import AMGISendEvent

event: AMGISendEvent = {"type": "message.acknowledge", "id": "1"}  # expect-error
