"""Each key is labelled required or optional, right in every case."""

from __future__ import annotations

import pytest
from conftest import Build, key_rows


@pytest.mark.parametrize(
    ("key_id", "label"),
    [
        ("Connection.type", "required"),
        ("Connection.extra", "optional"),  # NotRequired in a total TypedDict
        ("Derived.id", "required"),  # inherited from a total base
        ("Derived.note", "optional"),  # inherited NotRequired
        ("Derived.extra", "optional"),  # total=False
        ("Derived.must", "required"),  # Required under total=False
        ("Settings.verbose", "optional"),  # from __future__ import annotations, total=False base
        ("Settings.name", "required"),  # Required only visible in get_type_hints
        ("Settings.path", "required"),
        ("Settings.mode", "optional"),  # NotRequired only visible in get_type_hints
        ("Legacy.count", "required"),  # typing_extensions, Required under total=False
        ("Legacy.label", "optional"),  # ReadOnly[NotRequired[...]]
    ],
)
def test_required_label(features: Build, key_id: str, label: str) -> None:
    assert key_rows(features.html())[f"typeddict-key-{key_id}"][2] == label
