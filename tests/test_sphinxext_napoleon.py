"""Docstrings go through ``autodoc-process-docstring`` as autodoc's do, so
napoleon's Google and NumPy ``Attributes`` sections describe the keys."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import Build


@pytest.fixture(scope="module", params=[False, True], ids=["attribute", "ivar"])
def napoleon(build_root: Callable[..., Build], request: pytest.FixtureRequest) -> Build:
    return build_root("typeddict-napoleon", napoleon_use_ivar=request.param)


@pytest.mark.parametrize(
    ("key_id", "text"),
    [
        ("Google.host", "The host name."),
        ("Google.port", "The port, on two lines."),
        ("Numpy.host", "The host name."),
        ("Numpy.port", "The port."),
        ("Mixed.host", "The host name."),
        ("Mixed.port", "The port, from its docstring."),
    ],
)
def test_attributes_sections_describe_the_keys(napoleon: Build, key_id: str, text: str) -> None:
    found = napoleon.html().select_one(f'dt[id="typeddict-key-{key_id}"] + dd')
    assert found is not None
    assert " ".join(found.get_text(" ", strip=True).split()) == text


def test_no_attribute_objects_and_no_warnings(napoleon: Build) -> None:
    assert napoleon.warnings == ""
    assert napoleon.html().select("dl.py.attribute") == []
    # The annotation gives the type: napoleon's ``:vartype:`` is not shown again.
    assert napoleon.html().select("dl.field-list") == []
