"""Sphinx extension: autodoc renders TypedDicts with amgi_types.sphinxext.

Add ``"amgi_types.sphinxext.autodoc"`` to ``extensions`` in ``conf.py`` (it
loads :mod:`sphinx.ext.autodoc` and :mod:`amgi_types.sphinxext`). Then
``.. automodule:: pkg :members:`` and ``.. autoclass:: pkg.TD`` document a
TypedDict the way autodoc documents a class (its ``class`` line, target and
index entry, ``:show-inheritance:``, ``:no-index:``), and below it what the
``typeddict`` directive renders: the whole docstring with the list of keys,
each with its accessor, type, required or optional and description. The keys
are not documented a second time as autodoc's attributes.
"""

from __future__ import annotations

import sys
import typing
import weakref
from typing import Any

from amgi_types._typeddict import is_typeddict
from amgi_types.sphinxext import RendererOptions, TypedDictDirective
from amgi_types.sphinxext._typeddict_source import annotations_of

if typing.TYPE_CHECKING:
    from sphinx.application import Sphinx

_DIRECTIVE = "typeddict-autodoc"
_NOTHING = object()

# The keys of the TypedDicts autodoc rendered on each page being read, by page.
_KEYS: weakref.WeakKeyDictionary[Sphinx, dict[str, set[str]]] = weakref.WeakKeyDictionary()


class AutodocTypedDictDirective(TypedDictDirective):
    """The body of a TypedDict under autodoc's class line, which gives its
    signature and its Python target."""

    registers_class = False

    def run(self) -> list[Any]:
        self.options["no-signature"] = None
        return super().run()


def _option(options: Any, name: str) -> bool:
    """A flag option of autodoc's, by attribute (every Sphinx version has it)."""
    return getattr(options, name.replace("-", "_"), None) not in (None, False)


def _render_typeddict(
    app: Sphinx, what: str, name: str, obj: object, options: Any, lines: list[str]
) -> None:
    """Replace a TypedDict's docstring with the directive that renders it
    (the directive runs napoleon and the other handlers on the docstring)."""
    if what != "class" or not is_typeddict(obj) or isinstance(options, RendererOptions):
        return
    _KEYS.setdefault(app, {}).setdefault(app.env.docname, set()).update(annotations_of(obj))
    lines[:] = [f".. {_DIRECTIVE}:: {name}"]
    if _option(options, "no-index") or _option(options, "noindex"):
        lines.append("   :no-index:")


def _skip_keys(
    app: Sphinx, what: str, name: str, obj: object, skip: bool, options: Any
) -> bool | None:
    """A key of a TypedDict of the page is not an attribute for autodoc."""
    keys = _KEYS.get(app, {}).get(app.env.docname, ())
    if what == "class" and _annotation_only(obj) and name in keys:
        return True
    return None


def _annotation_only(obj: object) -> bool:
    """Whether autodoc found the member as an annotation with no value, as a
    TypedDict's keys are (a plain class's attribute has its value)."""
    autodoc = sys.modules.get("sphinx.ext.autodoc")
    if obj is getattr(autodoc, "INSTANCEATTR", _NOTHING):
        return True
    return type(obj).__module__ == "sphinx.ext.autodoc._sentinels"


def setup(app: Sphinx) -> dict[str, Any]:
    from importlib.metadata import version

    app.setup_extension("sphinx.ext.autodoc")
    app.setup_extension("amgi_types.sphinxext")
    app.add_directive(_DIRECTIVE, AutodocTypedDictDirective)
    # After napoleon and the project's handlers: the directive gives them the
    # docstring itself.
    app.connect("autodoc-process-docstring", _render_typeddict, priority=900)
    app.connect("autodoc-skip-member", _skip_keys)
    return {
        "version": version("amgi-types"),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
