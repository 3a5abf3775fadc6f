"""amgi_types.validate needs nothing but the standard library, and
``import amgi_types`` does not import it."""

from __future__ import annotations

from import_probe import foreign, imported, needs_311


def test_import_amgi_types_does_not_import_validate() -> None:
    assert "amgi_types.validate" not in imported()[0]


@needs_311
def test_validate_imports_only_the_standard_library() -> None:
    assert foreign(imported("amgi_types.validate")[1]) == []
