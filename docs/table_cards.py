"""On a phone, the rows of a table stack as cards whose cells name their column.

A table of five or six columns cannot fit 390 px, and a table that scrolls
sideways shows two or three columns with no sign of the others. The HTML
writer gives each body cell of a table with a heading row a ``data-label``
attribute, the text of its column's heading; the site's style sheet shows
the rows as cards on a narrow screen, each cell after its label, and ignores
the attribute on a wide one.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator


def column_heading(entry: nodes.entry, column: int) -> str | None:
    """The text of the heading above a body cell, or None outside a body."""
    row = entry.parent
    body = row.parent
    if not isinstance(body, nodes.tbody):
        return None
    head = next((child for child in body.parent.children if isinstance(child, nodes.thead)), None)
    if head is None or not head.children:
        return None
    start = 0
    for heading in head.children[0].children:
        span = 1 + heading.get("morecols", 0)
        if start <= column < start + span:
            return " ".join(heading.astext().split())
        start += span
    return None


class CardTableTranslator(HTML5Translator):
    _cell_label: str | None = None

    def visit_entry(self, node: nodes.entry) -> None:
        # docutils counts the row's columns as it writes them.
        self._cell_label = column_heading(node, node.parent.column)
        super().visit_entry(node)

    def starttag(
        self,
        node: nodes.Element,
        tagname: str,
        suffix: str = "\n",
        empty: bool = False,
        **attributes: Any,
    ) -> str:
        if tagname == "td" and self._cell_label:
            attributes["data-label"] = self._cell_label
        self._cell_label = None
        return super().starttag(node, tagname, suffix, empty, **attributes)


def setup(app: Sphinx) -> dict[str, Any]:
    for builder in ("html", "dirhtml", "singlehtml"):
        app.set_translator(builder, CardTableTranslator)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
