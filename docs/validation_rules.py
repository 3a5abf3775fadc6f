"""``.. validation-rules::``: the table of every rule amgi_types.validate checks.

Generated from the validator's own list (``amgi_types.validate._rules``), the
one every report names its rule from, so the table and the checks cannot
drift: each rule's stable id, its level (MUST or SHOULD), whether this project
added it to AMGI 1.0, the side it binds, its summary as reports quote it, and
the page and section of each place that states it.
"""

from __future__ import annotations

import inspect
from typing import Any

from additions import addition_mark
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from amgi_types.validate import _rules

_COLUMNS = (("Rule id", 24), ("Level", 8), ("Side", 11), ("Rule", 33), ("Stated in", 24))


def _cell(*children: nodes.Node) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", "", *children))


def _stated(page: str, label: str) -> list[nodes.Node]:
    """The page's title, then the section's (not explicit:
    each link shows its target's title)."""
    return [
        addnodes.pending_xref(
            "",
            nodes.inline(),
            refdomain="std",
            reftype="doc",
            reftarget=f"/{page}",
            refexplicit=False,
            refwarn=True,
        ),
        nodes.Text(" \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} "),
        addnodes.pending_xref(
            "",
            nodes.inline(),
            refdomain="std",
            reftype="ref",
            reftarget=label,
            refexplicit=False,
            refwarn=True,
        ),
    ]


class ValidationRules(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        # Rebuilt when the rules change.
        self.env.note_dependency(inspect.getfile(_rules))
        table = nodes.table(classes=["amgi-validation-rules"])
        group = nodes.tgroup(cols=len(_COLUMNS))
        table += group
        for _, width in _COLUMNS:
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        head += nodes.row("", *(_cell(nodes.Text(title)) for title, _ in _COLUMNS))
        group += head
        body = nodes.tbody()
        for rule in _rules.RULES:
            level: list[nodes.Node] = [nodes.strong(text=rule.level)]
            if rule.addition:
                summary = f"Validator rule {rule.id}: {rule.summary}"
                level += [nodes.Text(" "), addition_mark(self.env, self.state.document, summary)]
            stated: list[nodes.Node] = []
            for page, label in rule.stated:
                if stated:
                    stated.append(nodes.Text("; "))
                stated += _stated(page, label)
            body += nodes.row(
                "",
                _cell(nodes.literal(text=rule.id)),
                _cell(*level),
                _cell(nodes.Text(rule.side)),
                _cell(nodes.Text(rule.summary)),
                _cell(*stated),
            )
        group += body
        return [table]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("validation-rules", ValidationRules)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
