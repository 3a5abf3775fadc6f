"""``spec_version`` is a string such as ``"1.0"``, not a number."""

from amgi_types import AMGIVersions

versions: AMGIVersions = {"version": "1.0", "spec_version": 1.0}  # expect-error
