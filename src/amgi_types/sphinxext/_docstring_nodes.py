"""A TypedDict's docstring parsed into the document that shows it, and the
parts of it that the directives of amgi_types.sphinxext take.

Every parse registers its targets, footnotes and references with the
document, so each node of a parse is placed in the document at most once; a
docstring shown twice is parsed twice.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Generator, Sequence
from contextlib import contextmanager
from typing import Any

from docutils import nodes

VAR_FIELDS = ("var", "ivar", "cvar")
# The type of a key is its annotation's: a docstring's own is left out.
_TYPE_FIELDS = ("vartype",)

_ATTRIBUTE_DIRECTIVE = re.compile(r"\.\. attribute:: (\S+)\s*$")
_DIRECTIVE_OPTION = re.compile(r"\s+:(?:type|no-?index):")


def attribute_directives_as_fields(lines: Sequence[str]) -> list[str]:
    """``.. attribute:: key`` blocks at the top level (what napoleon makes of a
    Google or NumPy ``Attributes`` section) as ``:var key:`` fields, less
    their options (``:type:``: the annotation gives the type)."""
    result: list[str] = []
    index = 0
    while index < len(lines):
        match = _ATTRIBUTE_DIRECTIVE.match(lines[index])
        if not match:
            result.append(lines[index])
            index += 1
            continue
        index += 1
        block: list[str] = []
        while index < len(lines) and (not lines[index].strip() or lines[index][:1].isspace()):
            block.append(lines[index])
            index += 1
        block = [line for line in block if not _DIRECTIVE_OPTION.match(line)]
        while block and not block[0].strip():
            block.pop(0)
        body = textwrap.dedent("\n".join(block)).splitlines()
        result.append(f":var {match.group(1)}:")
        result += [f"   {line}" if line.strip() else "" for line in body]
        if body and body[-1].strip():
            result.append("")
    return result


# What a parse registers by name; a repeated parse registers into fresh ones.
_NAME_REGISTRIES = (
    "nameids",
    "nametypes",
    "refnames",
    "footnote_refs",
    "citation_refs",
    "substitution_defs",
    "substitution_names",
)


@contextmanager
def names_of_their_own(document: nodes.document, suffix: str) -> Generator[None, None, None]:
    """Parse a docstring again without clashing with its earlier parse.

    The names it defines (hyperlink targets, footnotes, citations) get
    ``suffix``, and its references to them follow, so each rendering of the
    docstring links within itself; its substitution definitions are those of
    the first parse.
    """
    saved = {name: getattr(document, name) for name in _NAME_REGISTRIES}
    for name in _NAME_REGISTRIES:
        setattr(document, name, {})
    try:
        yield
    finally:
        fresh: dict[str, dict[str, Any]] = {
            name: getattr(document, name) for name in _NAME_REGISTRIES
        }
        for name, value in saved.items():
            setattr(document, name, value)
        renamed: dict[str, str] = {}
        for name in fresh["nameids"]:
            new = name + suffix
            while new in document.nameids:
                new += "-"
            renamed[name] = new
        named = {id(document.ids[i]): document.ids[i] for i in fresh["nameids"].values() if i}
        for node in named.values():
            names: list[str] = node["names"]
            explicit = all(bool(fresh["nametypes"].get(n, True)) for n in names)
            node["names"] = [renamed.get(n, n) for n in names]
            document.set_name_id_map(node, node["ids"][0], explicit=explicit)
        for registry in ("footnote_refs", "citation_refs"):
            for refname, refs in fresh[registry].items():
                getattr(document, registry).setdefault(renamed.get(refname, refname), []).extend(
                    refs
                )
        for refname, refs in fresh["refnames"].items():
            for ref in refs:
                ref["refname"] = renamed.get(refname, refname)
                document.note_refname(ref)


def resolve_anonymous(holder: nodes.Element, document: nodes.document) -> tuple[int, int]:
    """Pair the docstring's anonymous hyperlinks with its anonymous targets,
    as docutils pairs a whole document's, and take both out of the document's
    pairing, so that the parts of a docstring that are left out do not shift
    every anonymous link after them.

    Returns the numbers of references and targets when they differ, else (0, 0).
    """
    refs = [n for n in holder.findall(nodes.reference) if n.hasattr("anonymous")]
    targets = [n for n in holder.findall(nodes.target) if n.hasattr("anonymous")]
    for ref, target in zip(refs, targets, strict=False):
        if target.hasattr("refuri"):
            ref["refuri"] = target["refuri"]
            ref.resolved = True
        elif target.hasattr("refname"):
            ref["refname"] = target["refname"]
            document.note_refname(ref)
        else:
            ref["refid"] = target["ids"][0]
            document.note_refid(ref)
            target.referenced = True
    for node in refs + targets:
        del node["anonymous"]
    for ref in refs[len(targets) :]:
        ref.replace_self(nodes.inline(ref.rawsource, "", *ref.children))
    return (len(refs), len(targets)) if len(refs) != len(targets) else (0, 0)


def _var_key(item: nodes.Node) -> str | None:
    if not isinstance(item, nodes.field):
        return None
    kind, _space, key = item[0].astext().partition(" ")
    return key if kind in VAR_FIELDS and key else None


def _is_type_field(item: nodes.Node) -> bool:
    return isinstance(item, nodes.field) and item[0].astext().partition(" ")[0] in _TYPE_FIELDS


_NOTES = (nodes.footnote, nodes.citation)
_NOTE_REFERENCES = (nodes.footnote_reference, nodes.citation_reference)


def _elements(node: nodes.Element, kinds: tuple[type[nodes.Element], ...]) -> list[nodes.Element]:
    return [n for n in node.findall(nodes.Element) if isinstance(n, kinds)]


class ParsedDocstring:
    """One parse of a docstring: its top-level nodes and its ``:var:`` fields."""

    def __init__(self, holder: nodes.Element) -> None:
        self.holder = holder
        self.fields: dict[str, nodes.Element] = {}
        self._placed: set[int] = set()
        self._targets_placed = False
        for child in holder.children:
            if isinstance(child, nodes.field_list):
                for item in child.children:
                    key = _var_key(item)
                    if key is not None and isinstance(item, nodes.Element):
                        self.fields.setdefault(key, item)

    def description(self, key: str) -> list[nodes.Node] | None:
        """The body of ``key``'s field, taken out of the parse."""
        item = self.fields.pop(key, None)
        if item is None:
            return None
        body = item.children[1]
        assert isinstance(body, nodes.Element)
        taken = list(body.children)
        body.children = []
        return taken

    def summary(self) -> list[nodes.Node]:
        """The inline content of the first paragraph, taken out of the parse."""
        first = self.holder.children[0] if self.holder.children else None
        if not isinstance(first, nodes.paragraph):
            return []
        inline = list(first.children)
        first.children = []
        return inline

    def body(self, keys: nodes.Node) -> list[nodes.Node]:
        """The whole docstring in its order, with ``keys`` where its ``:var:``
        fields were (after it when it has none)."""
        result: list[nodes.Node] = []
        placed = False
        for child in list(self.holder.children):
            if isinstance(child, nodes.field_list) and any(_var_key(i) for i in child.children):
                child.children = [
                    i for i in child.children if _var_key(i) is None and not _is_type_field(i)
                ]
                if not placed:
                    result.append(keys)
                    placed = True
                if not child.children:
                    continue
            result.append(child)
        if not placed:
            result.append(keys)
        self.holder.children = []
        return result

    def with_notes(self, taken: list[nodes.Node]) -> list[nodes.Node]:
        """``taken`` followed by what it needs from the rest of the docstring:
        the hyperlink targets (invisible) and the footnotes and citations it
        refers to, each placed once."""
        notes: list[nodes.Node] = []
        if not self._targets_placed:
            self._targets_placed = True
            notes += [
                self._detach(t)
                for t in list(self.holder.findall(nodes.target))
                if t["names"] and (t.hasattr("refuri") or t.hasattr("refname"))
            ]
        by_name, paired = self._footnotes()
        for part in taken:
            if not isinstance(part, nodes.Element):
                continue
            for ref in _elements(part, _NOTE_REFERENCES):
                note = by_name.get(str(ref.attributes.get("refname", ""))) or paired.get(id(ref))
                if note is not None and id(note) not in self._placed:
                    self._placed.add(id(note))
                    notes.append(self._detach(note))
        return taken + notes

    def _footnotes(self) -> tuple[dict[str, nodes.Element], dict[int, nodes.Element]]:
        notes = _elements(self.holder, _NOTES)
        by_name = {str(name): note for note in notes for name in note["names"]}
        paired: dict[int, nodes.Element] = {}
        for auto in (1, "*"):
            refs = [
                r
                for r in _elements(self.holder, (nodes.footnote_reference,))
                if r.attributes.get("auto") == auto and not r.attributes.get("refname")
            ]
            unnamed = [n for n in notes if n.attributes.get("auto") == auto and not n["names"]]
            paired.update({id(r): n for r, n in zip(refs, unnamed, strict=False)})
        return by_name, paired

    def forget_the_rest(self, document: nodes.document) -> None:
        """Unregister the footnotes and footnote references left out of the
        page, so that they take no number: what is shown is numbered 1, 2, ...
        The left-out references and footnotes pair among themselves, so the
        pairing of the rest stays as it was."""
        registries: list[list[Any]] = [
            document.autofootnotes,
            document.autofootnote_refs,
            document.symbol_footnotes,
            document.symbol_footnote_refs,
            document.footnotes,
            document.citations,
            *document.footnote_refs.values(),
            *document.citation_refs.values(),
        ]
        for node in _elements(self.holder, (*_NOTES, *_NOTE_REFERENCES)):
            for registry in registries:
                if node in registry:
                    registry.remove(node)

    @staticmethod
    def _detach(node: nodes.Element) -> nodes.Element:
        if node.parent is not None:
            node.parent.remove(node)
        return node
