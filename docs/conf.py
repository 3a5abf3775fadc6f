"""Sphinx configuration of the AMGI specification site."""

import sys
from importlib.metadata import version as _installed_version
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

_DOCS = Path(__file__).resolve().parent
# python_inventory, the site's own directives (events_table, additions,
# bindings_fields), its table writer (table_cards) and spec_unions live beside
# this file; the examples folder holds the TypedDicts the "Rendering your own
# TypedDicts" page renders live.
sys.path[:0] = [str(_DOCS), str(_DOCS / "examples")]

from python_inventory import write_inventory  # noqa: E402

project = "amgi-types"
# The package this site documents, as installed; epub needs it.
release = version = _installed_version("amgi-types")
author = "The amgi-types developers"
copyright = "the amgi-types developers"

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.intersphinx",
    "amgi_types.sphinxext",
    # The sphinxext page shows automodule rendering TypedDicts.
    "amgi_types.sphinxext.autodoc",
    "table_cards",
    "events_table",
    "additions",
    "bindings_fields",
    "conformance_scenarios",
    "validation_rules",
]

# Example sources are included with literalinclude, never built as pages.
exclude_patterns = ["_build", "examples"]

nitpicky = True
# Every key of the specification has a description: a key without one is a mistake.
typeddict_warn_undocumented = True
# Quotes only: "--" in a command line (a caption such as "mypy --strict")
# must stay two hyphens, not become a dash.
smartquotes_action = "qe"

autodoc_member_order = "bysource"
autodoc_typehints_format = "short"
# A Protocol's constructor is not part of the interface, and object.__call__'s
# docstring ("Call self as a function.") says nothing about these protocols.
autodoc_class_signature = "separated"
autodoc_inherit_docstrings = False

# The inventory is written at build time (see _local_python_inventory), so the
# mapping starts empty and no location is ever fetched over the network.
intersphinx_mapping: dict[str, tuple[str, str]] = {}

html_theme = "furo"
html_title = "amgi-types"
html_short_title = "amgi-types"
# Sources are copied to _sources/ but not linked from each page: a page's key
# lists are not in its source, so "view source" would mislead.
html_show_sourcelink = False
html_static_path = ["_static"]
templates_path = ["_templates"]
# Furo's sidebar, with a link to the general index after the contents: the
# theme shows none, and it is where a key is found by its own name.
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/general-index.html",
        "sidebar/ethical-ads.html",
        "sidebar/scroll-end.html",
        "sidebar/variant-selector.html",
    ]
}
html_css_files = ["amgi.css"]
html_theme_options = {
    "navigation_with_keys": True,
    "top_of_page_buttons": [],
}
# Light and dark styles with strong contrast for keys, strings and comments.
pygments_style = "friendly"
pygments_dark_style = "monokai"


def _local_python_inventory(app: Sphinx, config: Config) -> None:
    # Written into this build's doctree folder, so parallel builds into
    # different folders never share or race on the file.
    inventory = write_inventory(Path(app.doctreedir) / "python-objects.inv")
    config.intersphinx_mapping = {"python": ("https://docs.python.org/3", str(inventory))}


def setup(app: Sphinx) -> None:
    # Before intersphinx validates the mapping (priority 800).
    app.connect("config-inited", _local_python_inventory, priority=400)
