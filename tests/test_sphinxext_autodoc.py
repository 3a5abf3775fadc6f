"""``amgi_types.sphinxext.autodoc``: automodule renders TypedDicts with the
typeddict directive under autodoc's class line, and other classes as usual."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import Build, key_rows


@pytest.fixture(scope="module")
def autodoc(build_root: Callable[..., Build]) -> Build:
    return build_root("typeddict-autodoc")


def test_automodule_renders_the_keys_of_a_typeddict(autodoc: Build) -> None:
    assert key_rows(autodoc.html()) == {
        "typeddict-key-Request.method": ('request["method"]', "str", "required"),
        "typeddict-key-Request.path": ('request["path"]', "str", "required"),
        "typeddict-key-Request.body": ('request["body"]', "bytes", "optional"),
    }


def test_every_description_convention_reaches_the_page(autodoc: Build) -> None:
    text = autodoc.html().select_one("div.body").get_text(" ", strip=True)  # type: ignore[union-attr]
    for description in (
        "The method.",
        "The path, from its docstring.",
        "The body, from a comment.",
    ):
        assert description in text


def test_autodoc_gives_the_class_line_and_the_target_once(autodoc: Build) -> None:
    html = autodoc.html()
    signature = html.select_one('dt.sig[id="autodoc_module.Request"]')
    assert signature is not None and "class" in signature.get_text()
    assert autodoc.warnings == ""


def test_keys_are_not_attributes_but_a_plain_class_keeps_its_own(autodoc: Build) -> None:
    attributes = [dt["id"] for dt in autodoc.html().select("dl.py.attribute > dt[id]")]
    assert attributes == ["autodoc_module.Plain.method"]
