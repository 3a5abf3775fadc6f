"""Marks what this project adds to the AMGI 1.0 text, and lists every mark in one place.

``.. addition:: One-line summary`` (plain text) is an admonition around an added rule (the
directive's content). ``:addition:`One-line summary``` marks a rule in place,
in a term or a sentence, with a small "addition" label. Both link to the
section labelled ``differences``, where ``.. additions-list::`` becomes the
list of every mark on the site, in the order of the table of contents, each
linking back to where it is made: a mark cannot be left out of the list.
"""

from __future__ import annotations

from typing import Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.util.nodes import make_id

# One entry per mark: (docname, node id, summary).
_Marks = list[tuple[str, str, str]]


class additions_list(nodes.General, nodes.Element):  # docutils names node classes in lower case
    """Replaced by the list of every mark once all documents are read."""


def _marks(env: BuildEnvironment) -> _Marks:
    if not hasattr(env, "amgi_additions"):
        env.amgi_additions = []  # type: ignore[attr-defined]
    return cast(_Marks, env.amgi_additions)  # type: ignore[attr-defined]


def _label(text: str) -> nodes.inline:
    """A link to the list of differences (the class is outside it: a resolved
    reference keeps its text but not the classes of what it held)."""
    link = addnodes.pending_xref(
        "",
        nodes.Text(text),
        refdomain="std",
        reftype="ref",
        reftarget="differences",
        refexplicit=True,
        refwarn=True,
    )
    return nodes.inline("", "", link, classes=["amgi-addition-label"])


class AdditionDirective(SphinxDirective):
    required_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        summary = self.arguments[0]
        node_id = make_id(self.env, self.state.document, "addition", summary)
        _marks(self.env).append((self.env.docname, node_id, summary))
        admonition = nodes.admonition(classes=["amgi-addition"], ids=[node_id])
        self.set_source_info(admonition)
        admonition += nodes.title(
            "", "", _label("Addition to AMGI 1.0"), nodes.Text(": " + summary)
        )
        self.state.nested_parse(self.content, self.content_offset, admonition)
        return [admonition]


def addition_mark(env: BuildEnvironment, document: nodes.document, summary: str) -> nodes.inline:
    """The small "addition" label of a rule marked in place, listed with the
    others; for the role, and for directives that mark rows of a table."""
    node_id = make_id(env, document, "addition", summary)
    _marks(env).append((env.docname, node_id, summary))
    return nodes.inline("", "", _label("addition"), ids=[node_id], classes=["amgi-addition-mark"])


class AdditionRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        return [addition_mark(self.env, self.inliner.document, self.text)], []


class AdditionsList(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        _list_pages(self.env).add(self.env.docname)
        return [additions_list()]


def _list_pages(env: BuildEnvironment) -> set[str]:
    """The documents that hold an additions list."""
    if not hasattr(env, "amgi_additions_lists"):
        env.amgi_additions_lists = set()  # type: ignore[attr-defined]
    return cast(set[str], env.amgi_additions_lists)  # type: ignore[attr-defined]


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _marks(env)[:] = [mark for mark in _marks(env) if mark[0] != docname]
    _list_pages(env).discard(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    _marks(env).extend(mark for mark in _marks(other) if mark[0] in docnames)
    _list_pages(env).update(_list_pages(other) & docnames)


def _outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    # A page's marks may have changed: the lists that name them are rebuilt.
    return sorted(_list_pages(env)) if added or changed or removed else []


def _toctree_order(env: BuildEnvironment) -> list[str]:
    order: list[str] = []

    def visit(docname: str) -> None:
        if docname not in order:
            order.append(docname)
            for child in env.toctree_includes.get(docname, []):
                visit(child)

    visit(env.config.root_doc)
    return order


def _fill_lists(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    env = app.env
    order = _toctree_order(env)
    marks = sorted(
        enumerate(_marks(env)),
        key=lambda item: (order.index(item[1][0]) if item[1][0] in order else len(order), item[0]),
    )
    for placeholder in doctree.findall(additions_list):
        items = nodes.bullet_list(classes=["amgi-additions-list"])
        for _serial, (docname, node_id, summary) in marks:
            # A single-page builder names a document by a fragment of its own,
            # which the mark's id replaces.
            page_uri = app.builder.get_relative_uri(fromdocname, docname).partition("#")[0]
            uri = f"{page_uri}#{node_id}"
            page = env.titles[docname].astext()
            reference = nodes.reference("", page, internal=True, refuri=uri)
            items += nodes.list_item(
                "", nodes.paragraph("", "", nodes.Text(f"{summary} ("), reference, nodes.Text(")"))
            )
        placeholder.replace_self(items)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(additions_list)
    app.add_directive("addition", AdditionDirective)
    app.add_role("addition", AdditionRole())
    app.add_directive("additions-list", AdditionsList)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _outdated)
    app.connect("doctree-resolved", _fill_lists)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
