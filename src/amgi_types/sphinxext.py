"""Sphinx extension that renders TypedDicts as the key lists of a protocol spec.

Add ``"amgi_types.sphinxext"`` to ``extensions`` in ``conf.py``. It works for
any TypedDict, made with :mod:`typing` or :mod:`typing_extensions`.

``.. typeddict:: dotted.path.To.TypedDict``
    One entry per key, inherited keys first, then in definition order:
    the accessor (``scope["amgi"]["version"]``), the type with links,
    ``required`` or ``optional``, and the description from the ``:var key:``
    field of the docstring of the TypedDict that declares the key (parsed as
    reStructuredText). A key whose type is itself a TypedDict is followed by
    that TypedDict's keys. Option ``:type: NAME`` is the accessor's root
    (default ``message``). Option ``:no-expand: NAME, ...`` lists nested
    TypedDicts (by name or dotted path) that are linked rather than
    expanded, for those whose keys are listed on a page of their own; with
    no names, every nested TypedDict is linked. A TypedDict open to keys
    it does not list (PEP 728's ``extra_items``, read from
    ``__extra_items__``) ends its list with an entry ``root[...]`` giving
    their type. The
    TypedDict is registered as a Python class under
    the directive's path (and under its defining module's path, when that
    differs), so ``:py:class:`` and the types shown by other entries link here.

``.. typeddict-table:: dotted.path.to.UnionAlias``
    One row per member of a union of TypedDicts: the member's ``type``
    literal (its name when it has no literal ``type`` key) linking to its key
    list, its other required keys, its optional keys and the first paragraph
    of its docstring.

``:typeddict-key:`TypedDictName.key.subkey```
    Links to a key's entry. The target is the ``__name__`` of the TypedDict
    given to the directive, then each key of the accessor path after a dot:
    ``MessageScope.amgi.version``. A key that contains a dot, a bracket or a
    double quote, or is empty, is written as a double-quoted string in
    brackets instead: ``Extensions["message.ack.out_of_order"]``.

A key's HTML id is ``typeddict-key-`` followed by its target, with characters
other than letters, digits, ``.`` and ``_`` turned into ``-``. For styling, the
key list is a ``div.amgi-typeddict`` (whose id is the TypedDict's path)
holding a ``dl.amgi-keys``; each ``dt.amgi-key`` holds a ``code.amgi-accessor``,
an ``em.amgi-type`` (literal values inside it are ``code.amgi-value``) and a
``span.amgi-required`` or ``span.amgi-optional``. The summary is a
``table.amgi-typeddict-table``. Type names are Python-domain references, so
:mod:`sphinx.ext.intersphinx` links them to Python's documentation when it is
configured. Without it they stay plain text, with no warning unless the
build is nitpicky (which reports names Sphinx does not know of itself, such
as ``collections.abc.Sequence``).

Every warning has the type ``amgi_types`` and one of the subtypes ``import``,
``not_typeddict``, ``no_expand``, ``unknown_key``, ``undocumented_key`` and
``unresolved_annotation``, so ``suppress_warnings =
["amgi_types.undocumented_key"]`` silences keys without a description. They
are reported at the directive and name the TypedDict's source line at fault;
markup errors in a docstring are reported at the docstring's own line.
"""

from __future__ import annotations

import ast
import builtins
import enum
import functools
import importlib
import inspect
import linecache
import os
import re
import sys
import types
import typing
from dataclasses import dataclass
from typing import Any, cast

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, switch_source_input
from sphinx.util.nodes import make_id

from amgi_types._typeddict import extra_items, is_special_form, is_typeddict, strip_qualifiers

if typing.TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.application import Sphinx
    from sphinx.domains.python import PythonDomain
    from sphinx.domains.std import StandardDomain
    from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)

_WARNING_TYPE = "amgi_types"
_PLAIN_KEY = re.compile(r'[^.\[\]"]+')


class typeddict_key_term(nodes.term):  # docutils names node classes in lower case
    """The term of one key: other builders render it as a plain term."""


def _visit_key_term_html(self: HTML5Translator, node: typeddict_key_term) -> None:
    self.visit_term(node)


def _depart_key_term_html(self: HTML5Translator, node: typeddict_key_term) -> None:
    self.add_permalink_ref(node, _("Link to this definition"))
    self.depart_term(node)


class _LookupError(Exception):
    """A directive's path that does not lead to the object it must name."""


def _import_object(path: str) -> object:
    """Import the longest module prefix of ``path``, then get the rest as attributes."""
    parts = path.split(".")
    not_found: ModuleNotFoundError | None = None
    for split in range(len(parts) - 1, 0, -1):
        modname = ".".join(parts[:split])
        try:
            obj: object = importlib.import_module(modname)
        except ModuleNotFoundError as exc:
            # Only a missing prefix itself means "try a shorter one"; a module
            # that exists but imports something missing is broken.
            if exc.name is None or not (modname + ".").startswith(exc.name + "."):
                raise _LookupError(f"cannot import module {modname!r}: {exc}") from None
            not_found = not_found or exc
            continue
        except (Exception, SystemExit) as exc:
            raise _LookupError(
                f"cannot import module {modname!r}: {type(exc).__name__}: {exc}"
            ) from None
        for depth in range(split, len(parts)):
            try:
                obj = getattr(obj, parts[depth])
            except AttributeError:
                owner = ".".join(parts[:depth])
                raise _LookupError(f"{owner!r} has no attribute {parts[depth]!r}") from None
        return obj
    raise _LookupError(f"cannot import {path!r}: {not_found or 'not a dotted path'}")


class _Unresolved:
    """Stands for a name that an annotation uses but that cannot be found."""

    def __init__(self, name: str) -> None:
        self.name = name

    # typing accepts only callables as type arguments.
    def __call__(self) -> None:
        raise TypeError(self.name)


class _UnresolvedNamespace(dict[str, Any]):
    """Locals for ``eval`` that turn unknown names into :class:`_Unresolved`."""

    def __init__(self, module_globals: dict[str, Any]) -> None:
        super().__init__()
        self.module_globals = module_globals

    def __missing__(self, name: str) -> object:
        if name in self.module_globals:
            return self.module_globals[name]
        if hasattr(builtins, name):
            return getattr(builtins, name)
        return _Unresolved(name)


def _key_module(td: type, raw: object) -> str:
    """The module an annotation was written in: an inherited key's may differ."""
    return getattr(raw, "__forward_module__", None) or td.__module__


def _key_hint(td: type, key: str, raw: object) -> object:
    """The evaluated annotation of one key, with unresolvable names as placeholders.

    Keys are evaluated one at a time so that one bad annotation does not hide
    the types of the others.
    """
    module = _key_module(td, raw)
    holder = type(td.__name__, (), {"__annotations__": {key: raw}, "__module__": module})
    try:
        return typing.get_type_hints(holder, include_extras=True)[key]
    except Exception:
        pass
    code = _unresolved_name(raw)
    return raw if code is None else _evaluate(code, module)


def _evaluate(code: str, module: str) -> object:
    """Evaluate an annotation's text as get_type_hints would, keeping unknown names."""
    module_globals = vars(sys.modules[module]) if module in sys.modules else {}
    try:
        return eval(code, module_globals, _UnresolvedNamespace(module_globals))
    except Exception:
        return _Unresolved(code)


@dataclass
class _Key:
    name: str
    hint: object
    required: bool
    line: int | None
    module: str


@dataclass
class _ClassSource:
    """Where a TypedDict's docstring and keys are in its source file."""

    path: str | None
    line: int | None
    doc_lines: Sequence[tuple[str, int | None]]
    key_lines: dict[str, int]
    bases: list[type]

    def location(self, line: int | None = None) -> str:
        return f"{self.path}:{line or self.line}" if self.path else "unknown source"


def _resolve_base(expr: ast.expr, namespace: dict[str, Any]) -> object:
    if isinstance(expr, ast.Subscript):
        return _resolve_base(expr.value, namespace)
    if isinstance(expr, ast.Name):
        return namespace.get(expr.id)
    if isinstance(expr, ast.Attribute):
        return getattr(_resolve_base(expr.value, namespace), expr.attr, None)
    return None


@functools.lru_cache(maxsize=None)
def _class_definitions(path: str, mtime_ns: int) -> dict[str, list[ast.ClassDef]]:
    """Every class statement of a source file by qualified name, parsed once per version."""
    found: dict[str, list[ast.ClassDef]] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                found.setdefault(prefix + child.name, []).append(child)
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, f"{prefix}{child.name}.<locals>.")
            else:
                visit(child, prefix)

    try:
        visit(ast.parse("".join(linecache.getlines(path))), "")
    except (SyntaxError, ValueError):
        pass
    return found


def _class_source(td: type) -> _ClassSource:
    doc = td.__doc__ or ""
    cleaned = inspect.cleandoc(doc).splitlines()
    unnumbered: list[tuple[str, int | None]] = [(text, None) for text in cleaned]
    path = None
    definitions: dict[str, list[ast.ClassDef]] = {}
    try:
        path = inspect.getsourcefile(td)
        definitions = _class_definitions(path, os.stat(path).st_mtime_ns) if path else {}
    except (OSError, TypeError):  # no source file: the docstring is still used
        pass
    candidates = definitions.get(td.__qualname__, [])
    if not path or not candidates:  # e.g. made with TypedDict("Name", {...})
        return _ClassSource(None, None, unnumbered, {}, [])
    # Of two definitions (say, under ``if TYPE_CHECKING:`` and ``else:``), the
    # one that ran has the class's docstring.
    classdef = next(
        (c for c in candidates if ast.get_docstring(c, clean=False) == td.__doc__),
        candidates[0],
    )
    body = classdef.body
    doc_lines: Sequence[tuple[str, int | None]] = unnumbered
    if doc and isinstance(body[0], ast.Expr):
        # inspect.cleandoc drops the blank lines a docstring starts with.
        raw = doc.expandtabs().splitlines()
        blank = next((i for i, text in enumerate(raw) if text.strip()), 0)
        doc_lines = [(text, body[0].lineno + blank + i) for i, text in enumerate(cleaned)]
    key_lines = {
        stmt.target.id: stmt.lineno
        for stmt in body
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
    }
    namespace = vars(sys.modules[td.__module__]) if td.__module__ in sys.modules else {}
    bases = [
        base
        for base in (_resolve_base(expr, namespace) for expr in classdef.bases)
        if is_typeddict(base) and base is not td
    ]
    return _ClassSource(path, classdef.lineno, doc_lines, key_lines, bases)


@dataclass
class _TypedDictInfo:
    """What the directives show of one TypedDict."""

    td: type
    source: _ClassSource
    keys: list[_Key]
    descriptions: dict[str, list[nodes.Node]]
    summary: list[nodes.Node]


def _unresolved_name(hint: object) -> str | None:
    if isinstance(hint, str):
        return hint
    if isinstance(hint, typing.ForwardRef):
        return hint.__forward_arg__
    if isinstance(hint, _Unresolved):
        return hint.name
    return None


def _quote(key: str) -> str:
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _target_part(key: str) -> str:
    return f".{key}" if _PLAIN_KEY.fullmatch(key) else f"[{_quote(key)}]"


def _canonical_name(obj: Any) -> str:
    if obj.__module__ == "builtins":
        return str(obj.__qualname__)
    return f"{obj.__module__}.{obj.__qualname__}"


def _xref(reftype: str, target: str, *children: nodes.Node) -> addnodes.pending_xref:
    return addnodes.pending_xref(
        "", *children, refdomain="py", reftype=reftype, reftarget=target
    )


def _joined(parts: Sequence[Sequence[nodes.Node]], separator: str) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for index, part in enumerate(parts):
        if index:
            result.append(nodes.Text(separator))
        result.extend(part)
    return result


def _value_text(value: object) -> str:
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    return repr(value)


class _TypedDictDirectiveBase(SphinxDirective):
    """Looks TypedDicts up, reads them once per directive and warns about them."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        self._infos: dict[type, _TypedDictInfo] = {}
        try:
            obj = _import_object(self.arguments[0])
        except _LookupError as exc:
            self._warn("import", f"{self.name}: {exc}")
            return []
        return self.render(obj)

    def render(self, obj: object) -> list[nodes.Node]:
        raise NotImplementedError

    def _warn(self, subtype: str, message: str) -> None:
        logger.warning(
            message, location=self.get_location(), type=_WARNING_TYPE, subtype=subtype
        )

    def read(self, td: type) -> _TypedDictInfo:
        if td in self._infos:
            return self._infos[td]
        source = _class_source(td)
        if source.path:
            self.env.note_dependency(source.path)
        # Type checkers know no such attribute on ``type``.
        required_keys: frozenset[str] = getattr(td, "__required_keys__")
        keys: list[_Key] = []
        for key, raw in td.__annotations__.items():
            hint, explicit = strip_qualifiers(_key_hint(td, key, raw))
            # Explicit qualifiers win: under ``from __future__ import
            # annotations`` the metaclass cannot see them in the strings.
            required = key in required_keys if explicit is None else explicit
            line = source.key_lines.get(key)
            keys.append(_Key(key, hint, required, line, _key_module(td, raw)))
        descriptions, summary = self._parse_docstring(td, source, {k.name for k in keys})
        info = _TypedDictInfo(td, source, keys, descriptions, summary)
        self._infos[td] = info
        return info

    def _parse_docstring(
        self, td: type, source: _ClassSource, keys: set[str]
    ) -> tuple[dict[str, list[nodes.Node]], list[nodes.Node]]:
        directive_source, directive_line = self.get_source_info()
        content = StringList(
            [text for text, _line in source.doc_lines],
            items=[
                (source.path, line - 1)
                if source.path and line
                else (directive_source, directive_line - 1)
                for _text, line in source.doc_lines
            ],
        )
        parsed = nodes.container()
        with switch_source_input(self.state, content):
            self.state.nested_parse(content, 0, parsed)
        descriptions: dict[str, list[nodes.Node]] = {}
        # Only the docstring's own fields: a description may hold a field list.
        lists = [child for child in parsed.children if isinstance(child, nodes.field_list)]
        fields = [f for fl in lists for f in fl.children if isinstance(f, nodes.field)]
        for field_node in fields:
            kind, _space, key = field_node[0].astext().partition(" ")
            if kind != "var":
                continue
            if key not in keys:
                self._warn(
                    "unknown_key",
                    f"{_canonical_name(td)}: ':var {key}:' names no key of the TypedDict"
                    f" ({source.location(field_node.line)})",
                )
            descriptions[key] = list(field_node[1].children)
        first = parsed.children[0] if parsed.children else None
        summary = list(first.children) if isinstance(first, nodes.paragraph) else []
        return descriptions, summary

    def description(self, info: _TypedDictInfo, key: _Key) -> list[nodes.Node] | None:
        if key.name in info.descriptions:
            return info.descriptions[key.name]
        for base in info.source.bases:
            base_info = self.read(base)
            if any(k.name == key.name for k in base_info.keys):
                found = self.description(base_info, key)
                if found is not None:
                    return found
        return None

    def type_nodes(self, td: type, key: _Key, hint: object) -> list[nodes.Node]:
        """The type in a reader's words: values, "X or None", links."""
        if hint is None or hint is type(None):
            return [_xref("obj", "None", nodes.Text("None"))]
        name = _unresolved_name(hint)
        if name is not None:
            # Before 3.11 get_type_hints leaves strings inside ``list["X"]``.
            hint = _evaluate(name, key.module)
            name = _unresolved_name(hint)
        if name is not None:
            line = key.line or self.read(td).source.line
            self._warn(
                "unresolved_annotation",
                f"{_canonical_name(td)}: cannot resolve {name!r} in the annotation of key"
                f" {key.name!r} ({self.read(td).source.location(line)})",
            )
            return [nodes.Text(name)]
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if is_special_form(origin, "Literal"):
            values = [[nodes.literal(text=_value_text(v), classes=["amgi-value"])] for v in args]
            return _joined(values, " or ")
        if origin is typing.Union or origin is types.UnionType:
            members = [a for a in args if a is not type(None)]
            members += [a for a in args if a is type(None)]
            return _joined([self.type_nodes(td, key, m) for m in members], " or ")
        if origin is not None:
            result = self.type_nodes(td, key, origin)
            if args:
                result.append(nodes.Text("["))
                result += _joined([self._argument_nodes(td, key, a) for a in args], ", ")
                result.append(nodes.Text("]"))
            return result
        if isinstance(hint, typing.TypeVar):
            return [nodes.Text(hint.__name__)]
        if getattr(hint, "__module__", None) in ("typing", "typing_extensions"):
            # Python's inventory has typing's special forms (Any, ...) as data.
            name = repr(hint).rpartition(".")[2]
            return [_xref("obj", f"typing.{name}", nodes.Text(name))]
        if isinstance(hint, type) or hasattr(hint, "__supertype__"):  # a class or a NewType
            name = str(getattr(hint, "__name__"))
            return [_xref("class", _canonical_name(hint), nodes.Text(name))]
        return [nodes.Text(repr(hint))]

    def _argument_nodes(self, td: type, key: _Key, arg: object) -> list[nodes.Node]:
        if arg is Ellipsis:
            return [nodes.Text("...")]
        if isinstance(arg, (list, tuple)):  # Callable's parameter list
            parts = [self._argument_nodes(td, key, a) for a in cast("list[object]", arg)]
            return [nodes.Text("["), *_joined(parts, ", "), nodes.Text("]")]
        return self.type_nodes(td, key, arg)


class TypedDictDirective(_TypedDictDirectiveBase):
    """``.. typeddict::``: the key list of one TypedDict."""

    option_spec = {
        "type": directives.unchanged_required,
        "no-expand": directives.unchanged,
    }

    def render(self, obj: object) -> list[nodes.Node]:
        path = self.arguments[0]
        if not is_typeddict(obj):
            self._warn("not_typeddict", f"{self.name}: {path!r} is not a TypedDict")
            return []
        node_id = make_id(self.env, self.state.document, "", path)
        container = nodes.container(classes=["amgi-typeddict"], ids=[node_id])
        self.set_source_info(container)
        domain = cast("PythonDomain", self.env.get_domain("py"))
        domain.note_object(path, "class", node_id, location=container)
        canonical = _canonical_name(obj)
        if canonical != path:
            domain.note_object(canonical, "class", node_id, aliased=True, location=container)
        module = path.rpartition(".")[0]
        entry = ("single", f"{obj.__name__} (TypedDict in {module})", node_id, "", None)
        keys = nodes.definition_list(classes=["amgi-keys"])
        root = self.options.get("type", "message")
        names: str | None = self.options.get("no-expand")
        self._expand_none = names == ""
        self._no_expand: set[str] = set(re.split(r"[\s,]+", names or "")) - {""}
        self._not_expanded: set[str] = set()
        self._add_keys(keys, obj, obj.__name__, root, obj.__name__, (obj,))
        for name in sorted(self._no_expand - self._not_expanded):
            self._warn(
                "no_expand",
                f"{self.name}: ':no-expand: {name}' names no TypedDict nested in {path!r}",
            )
        container += keys
        return [addnodes.index(entries=[entry]), container]

    def _add_keys(
        self,
        keys: nodes.definition_list,
        td: type,
        root_name: str,
        accessor: str,
        target: str,
        stack: tuple[type, ...],
    ) -> None:
        info = self.read(td)
        for key in info.keys:
            key_accessor = f"{accessor}[{_quote(key.name)}]"
            key_target = target + _target_part(key.name)
            keys += self._entry(info, key, root_name, key_accessor, key_target)
            nested = key.hint
            if not is_typeddict(nested):
                continue
            named = {nested.__name__, _canonical_name(nested)} & self._no_expand
            self._not_expanded |= named
            # A TypedDict already being listed is linked, not expanded again.
            if not (named or self._expand_none) and nested not in stack:
                self._add_keys(
                    keys, nested, root_name, key_accessor, key_target, (*stack, nested)
                )
        extra = extra_items(td)
        if extra is not None:
            keys += self._extra_items_entry(info, extra, root_name, accessor, target)

    def _extra_items_entry(
        self, info: _TypedDictInfo, extra: object, root_name: str, accessor: str, target: str
    ) -> nodes.definition_list_item:
        """What PEP 728's ``extra_items`` allows: keys the TypedDict does not list."""
        key = _Key("...", extra, False, None, info.td.__module__)
        node_id = make_id(self.env, self.state.document, "typeddict-key", f"{target}-extra-items")
        entry = ("single", f"{root_name}; {accessor}[...]", node_id, "", None)
        term = typeddict_key_term(
            "",
            "",
            addnodes.index(entries=[entry]),
            nodes.literal(text=f"{accessor}[...]", classes=["amgi-accessor"]),
            nodes.Text(" ("),
            nodes.emphasis("", "", *self.type_nodes(info.td, key, extra), classes=["amgi-type"]),
            nodes.Text(", "),
            nodes.inline(text="optional", classes=["amgi-optional"]),
            nodes.Text(")"),
            ids=[node_id],
            classes=["amgi-key", "amgi-extra-items"],
        )
        self.set_source_info(term)
        text = "Any key not listed above, with a value of this type."
        return nodes.definition_list_item("", term, nodes.definition("", nodes.paragraph(text=text)))

    def _entry(
        self, info: _TypedDictInfo, key: _Key, root_name: str, accessor: str, target: str
    ) -> nodes.definition_list_item:
        node_id = make_id(self.env, self.state.document, "typeddict-key", target)
        label = "required" if key.required else "optional"
        term = typeddict_key_term(
            "",
            "",
            addnodes.index(entries=[("single", f"{root_name}; {accessor}", node_id, "", None)]),
            nodes.literal(text=accessor, classes=["amgi-accessor"]),
            nodes.Text(" ("),
            nodes.emphasis("", "", *self.type_nodes(info.td, key, key.hint), classes=["amgi-type"]),
            nodes.Text(", "),
            nodes.inline(text=label, classes=[f"amgi-{label}"]),
            nodes.Text(")"),
            ids=[node_id],
            classes=["amgi-key"],
        )
        self.set_source_info(term)
        std = cast("StandardDomain", self.env.get_domain("std"))
        std.note_object("typeddict-key", target, node_id, location=term)
        definition = nodes.definition()
        description = self.description(info, key)
        if description is None:
            self._warn(
                "undocumented_key",
                f"{_canonical_name(info.td)}: key {key.name!r} has no description; add"
                f" ':var {key.name}:' to the docstring"
                f" ({info.source.location(key.line)})",
            )
        else:
            definition += [child.deepcopy() for child in description]
        return nodes.definition_list_item("", term, definition)


class TypedDictTableDirective(_TypedDictDirectiveBase):
    """``.. typeddict-table::``: one row per member of a union of TypedDicts."""

    def render(self, obj: object) -> list[nodes.Node]:
        path = self.arguments[0]
        is_union = typing.get_origin(obj) in (typing.Union, types.UnionType)
        members = typing.get_args(obj) if is_union else ()
        others = [m for m in members if not is_typeddict(m)]
        if not members or others:
            culprit = [f" (member {getattr(m, '__name__', m)!r} is not)" for m in others[:1]]
            self._warn(
                "not_typeddict",
                f"{self.name}: {path!r} is not a union of TypedDicts{''.join(culprit)}",
            )
            return []
        headers = ["type", "Required keys", "Optional keys", "Description"]
        group = nodes.tgroup(cols=len(headers))
        group += [nodes.colspec(colwidth=width) for width in (20, 20, 20, 40)]
        group += nodes.thead("", self._row([[nodes.Text(h)] for h in headers]))
        body = nodes.tbody()
        for member in members:
            body += self._member_row(member)
        group += body
        table = nodes.table("", group, classes=["amgi-typeddict-table"])
        self.set_source_info(table)
        return [table]

    @staticmethod
    def _row(cells: list[list[nodes.Node]]) -> nodes.row:
        return nodes.row("", *(nodes.entry("", nodes.paragraph("", "", *c)) for c in cells))

    def _member_row(self, member: type) -> nodes.row:
        info = self.read(member)
        type_key = next((k for k in info.keys if k.name == "type"), None)
        if type_key and is_special_form(typing.get_origin(type_key.hint), "Literal"):
            label = self.type_nodes(member, type_key, type_key.hint)
        else:
            type_key = None
            label = [nodes.Text(member.__name__)]
        link = _xref("class", _canonical_name(member), *label)
        listed = [k for k in info.keys if k is not type_key]

        def names(required: bool) -> list[nodes.Node]:
            chosen = [[nodes.literal(text=k.name)] for k in listed if k.required is required]
            return _joined(chosen, ", ")

        summary = [child.deepcopy() for child in info.summary]
        return self._row([[link], names(True), names(False), summary])


def setup(app: Sphinx) -> dict[str, Any]:
    from importlib.metadata import version

    app.add_node(typeddict_key_term, html=(_visit_key_term_html, _depart_key_term_html))
    app.add_directive("typeddict", TypedDictDirective)
    app.add_directive("typeddict-table", TypedDictTableDirective)
    app.add_object_type("typeddict-key", "typeddict-key", objname="TypedDict key")
    return {
        "version": version("amgi-types"),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
