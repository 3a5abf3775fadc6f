"""amgi_types.conformance needs nothing but the standard library, and ``import amgi_types``
does not import it."""

from __future__ import annotations

from import_probe import foreign, imported, needs_311


def test_import_amgi_types_does_not_import_conformance() -> None:
    assert not [name for name in imported()[0] if "conformance" in name]


@needs_311
def test_conformance_imports_only_the_standard_library() -> None:
    assert foreign(imported("amgi_types.conformance", "amgi_types.conformance.__main__")[1]) == []
