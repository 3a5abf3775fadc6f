"""``version`` is the literal ``"1.0"``; ``spec_version`` is any string."""

from amgi_types import AMGIVersions

today: AMGIVersions = {"version": "1.0", "spec_version": "1.0"}
later_sub_spec: AMGIVersions = {"version": "1.0", "spec_version": "1.2"}


def spec_version(versions: AMGIVersions) -> str:
    return versions["spec_version"]
