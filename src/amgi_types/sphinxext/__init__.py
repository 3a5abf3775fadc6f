"""Sphinx extension that renders TypedDicts as the key lists of a protocol spec.

Add ``"amgi_types.sphinxext"`` to ``extensions`` in ``conf.py``. It works for
any TypedDict, made with :mod:`typing` or :mod:`typing_extensions`.

``.. typeddict:: dotted.path.To.TypedDict``
    The TypedDict's whole docstring, parsed as reStructuredText as part of the
    page (its targets, footnotes and anonymous links work), with the list of
    its keys where its ``:var key:`` fields are (``:ivar:`` and ``:cvar:``
    count as ``:var:``), or after it. One entry per key, inherited keys
    first, then in definition order: the accessor (``scope["amgi"]["version"]``),
    the type with links, ``required`` or ``optional``, ``read-only`` for a
    PEP 705 ``ReadOnly`` key, and the description from the key's field in the
    docstring of the TypedDict that declares it. A key whose type is itself a
    TypedDict is followed by that TypedDict's keys. A TypedDict without keys
    says so. Option ``:type: NAME`` is the accessor's root (default
    ``message``). Option ``:no-expand: NAME, ...`` lists nested TypedDicts (by
    name or dotted path) that are linked rather than expanded, for those whose
    keys are listed on a page of their own; with no names, every nested
    TypedDict is linked. A TypedDict open to keys it does not list (PEP 728's
    ``extra_items``, read from ``__extra_items__``) ends its list with an
    entry ``root[...]`` giving their type. Each key has two entries in the
    general index, under the TypedDict's name and under its own, by which
    the search finds it (a key is not a search object). The TypedDict is
    registered as a Python class under the directive's path (and under its defining module's
    path, when that differs), so ``:py:class:`` and the types shown by other
    entries link here. Option ``:no-index:`` (or ``:noindex:``) renders the
    same without registering anything: no targets, index entries or
    permalinks, for a TypedDict documented elsewhere; within its own page,
    the types of other entries still link to it.

``.. typeddict-table:: dotted.path.to.UnionAlias``
    One row per member of a union of TypedDicts (``Union``, ``|`` or a PEP 695
    ``type`` alias of one): the member's ``type`` literal (its name when it
    has no literal ``type`` key) linking to its key list, its other required
    keys, its optional keys and the first paragraph of its docstring.

``:typeddict-key:`TypedDictName.key.subkey```
    Links to a key's entry. The target is the ``__name__`` of the TypedDict
    given to the directive, then each key of the accessor path after a dot:
    ``MessageScope.amgi.version``. A key that contains a dot, a bracket or a
    double quote, or is empty, is written as a double-quoted string in
    brackets instead: ``Extensions["message.ack.out_of_order"]``. The
    directive's whole path works too (``amgi_types.MessageScope.amgi.version``),
    and is needed where two TypedDicts of the same name are rendered: the
    short form then warns and links to the first by path.

A key's HTML id is ``typeddict-key-`` followed by its target, with characters
other than ASCII letters, digits, ``.`` and ``_`` turned into ``-``; when that
loses characters (``"a b"``, ``"a-b"``, ``"ключ"``), a hash of the target
follows, so every key has its own, stable id. An id already used in the page
gives way to the one of the module-qualified target. For styling, the key
list is a ``div.amgi-typeddict`` (whose id is the TypedDict's path) holding
a ``dl.amgi-keys``; each ``dt.amgi-key`` holds a ``code.amgi-accessor``, an
``em.amgi-type`` (literal values inside it are ``code.amgi-value``), a
``span.amgi-required`` or ``span.amgi-optional`` and, for a read-only key, a
``span.amgi-read-only``. The summary is a ``table.amgi-typeddict-table``. Type
names are Python-domain references, so :mod:`sphinx.ext.intersphinx` links
them to Python's documentation when it is configured. Without it they stay
plain text, with no warning unless the build is nitpicky (which reports names
Sphinx does not know of itself, such as ``collections.abc.Sequence``).

A page is rebuilt when any module whose objects its renderings read changes:
the directive's module, the modules of the TypedDicts, their bases and nested
TypedDicts, and those the names of the key annotations are imported from.

Every warning has the type ``amgi_types`` and one of the subtypes ``import``,
``not_typeddict``, ``no_expand``, ``unknown_key``, ``undocumented_key``,
``unresolved_annotation``, ``docstring`` and ``ambiguous_key``, so
``suppress_warnings = ["amgi_types.undocumented_key"]`` silences keys without
a description. They are reported at the directive (or the role) and name the
TypedDict's source line at fault; markup errors in a docstring are reported at
the docstring's own line.
"""

from __future__ import annotations

import builtins
import enum
import hashlib
import importlib
import re
import sys
import types
import typing
import unicodedata
import weakref
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.domains import Domain
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, switch_source_input
from sphinx.util.nodes import make_id, make_refnode

from amgi_types._typeddict import (
    extra_items,
    is_read_only,
    is_special_form,
    is_typeddict,
    strip_qualifiers,
)
from amgi_types.sphinxext._docstring_nodes import (
    ParsedDocstring,
    names_of_their_own,
    resolve_anonymous,
)
from amgi_types.sphinxext._typeddict_source import (
    ClassSource,
    annotation_modules,
    class_source,
    is_type_alias,
    missing_names,
    module_file,
    object_modules,
    type_params,
    unwrap_aliases,
)

if typing.TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from collections.abc import Set as AbstractSet

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.domains.python import PythonDomain
    from sphinx.domains.std import StandardDomain
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)

_WARNING_TYPE = "amgi_types"
_KEY_OBJECT = "typeddict-key"
_PLAIN_KEY = re.compile(r'[^.\[\]"]+')
# Targets whose id keeps every character: identifier-like names and keys.
_ID_SAFE_KEY = re.compile(r"[A-Za-z0-9_.]+")
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._]+")


class typeddict_key_term(nodes.term):  # docutils names node classes in lower case
    """The term of one key: other builders render it as a plain term."""


def _visit_key_term_html(self: HTML5Translator, node: typeddict_key_term) -> None:
    self.visit_term(node)


def _depart_key_term_html(self: HTML5Translator, node: typeddict_key_term) -> None:
    if node["ids"]:  # a :no-index: rendering has no ids to link to
        self.add_permalink_ref(node, _("Link to this definition"))
    self.depart_term(node)


class _LookupError(Exception):
    """A directive's path that does not lead to the object it must name."""


def _import_object(path: str) -> tuple[object, str]:
    """Import the longest module prefix of ``path``, then get the rest as
    attributes; return the object and the module's name."""
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
        return obj, modname
    raise _LookupError(f"cannot import {path!r}: {not_found or 'not a dotted path'}")


_UNION: Any = typing.Union


class _Unresolved:
    """Stands for a name that an annotation uses but that cannot be found."""

    def __init__(self, name: str, missing: Sequence[str]) -> None:
        self.name = name
        self.missing = list(missing)

    # typing accepts only callables as type arguments.
    def __call__(self) -> None:
        raise TypeError(self.name)

    # ``X | None`` with X unknown: the union that get_type_hints would make.
    def __or__(self, other: object) -> object:
        return _UNION[self, other]

    def __ror__(self, other: object) -> object:
        return _UNION[other, self]

    def __getitem__(self, _args: object) -> _Unresolved:
        return self

    def __getattr__(self, name: str) -> _Unresolved:
        if name.startswith("_"):
            raise AttributeError(name)
        return _Unresolved(f"{self.name}.{name}", self.missing)


class _UnresolvedNamespace(dict[str, Any]):
    """Locals for ``eval`` that turn unknown names into :class:`_Unresolved`."""

    def __init__(self, module_globals: dict[str, Any], params: dict[str, object]) -> None:
        super().__init__(params)
        self.module_globals = module_globals

    def __missing__(self, name: str) -> object:
        if name in self.module_globals:
            return self.module_globals[name]
        if hasattr(builtins, name):
            return getattr(builtins, name)
        return _Unresolved(name, [name])


def _key_module(td: type, raw: object) -> str:
    """The module an annotation was written in: an inherited key's may differ."""
    return getattr(raw, "__forward_module__", None) or td.__module__


def _key_hint(td: type, key: str, raw: object) -> object:
    """The evaluated annotation of one key, with unresolvable names as placeholders.

    Keys are evaluated one at a time so that one bad annotation does not hide
    the types of the others. The names of PEP 695 type parameters are known.
    """
    module = _key_module(td, raw)
    params = type_params(td)
    holder = type(td.__name__, (), {"__annotations__": {key: raw}, "__module__": module})
    try:
        return typing.get_type_hints(holder, localns=params or None, include_extras=True)[key]
    except Exception:
        pass
    code = _unresolved_name(raw)
    return raw if code is None else _evaluate(code, module, params)


def _evaluate(code: str, module: str, params: dict[str, object]) -> object:
    """Evaluate an annotation's text as get_type_hints would, keeping unknown names."""
    module_globals = vars(sys.modules[module]) if module in sys.modules else {}
    try:
        return eval(code, module_globals, _UnresolvedNamespace(module_globals, params))
    except Exception:
        return _Unresolved(code, missing_names(code, {**module_globals, **params}) or [code])


@dataclass
class _Key:
    name: str
    hint: object
    required: bool
    read_only: bool
    line: int | None
    module: str


@dataclass
class _TypedDictInfo:
    """What the directives know of one TypedDict, read once per directive."""

    td: type
    source: ClassSource
    keys: list[_Key]
    documented: dict[str, int | None]


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


def _readable_id(target: str, keys: Sequence[str], root: str) -> str:
    """``typeddict-key-`` and the target in id characters; a hash of the target
    follows when that loses characters, so different keys never share an id."""
    lossless = _ID_SAFE_KEY.fullmatch(root) and all(_ID_SAFE_KEY.fullmatch(k) for k in keys)
    folded = unicodedata.normalize("NFKD", target).encode("ascii", "ignore").decode()
    readable = _ID_UNSAFE.sub("-", folded).strip("-")
    if not lossless:
        digest = hashlib.blake2b(target.encode(), digest_size=4).hexdigest()
        readable = f"{readable.rstrip('.-')}-{digest}"
    return f"{_KEY_OBJECT}-{readable}"


def _canonical_name(obj: Any) -> str:
    if obj.__module__ == "builtins":
        return str(obj.__qualname__)
    return f"{obj.__module__}.{obj.__qualname__}"


def _xref(reftype: str, target: str, *children: nodes.Node) -> addnodes.pending_xref:
    return addnodes.pending_xref("", *children, refdomain="py", reftype=reftype, reftarget=target)


def _typeddict_xref(td: type, docname: str, *children: nodes.Node) -> addnodes.pending_xref:
    """A link to a TypedDict, which a :no-index: rendering on the page can take.

    The page is kept on the node: builders that join pages into one
    (singlehtml, latex) resolve it under another page's name.
    """
    xref = _xref("class", _canonical_name(td), *children)
    xref["amgi_typeddict"] = True
    xref["refdoc"] = docname
    return xref


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


# How often each docstring has been parsed into a document.
_PARSES: weakref.WeakKeyDictionary[nodes.document, dict[type, int]] = weakref.WeakKeyDictionary()


class _Descriptions:
    """The key descriptions of one TypedDict's list, from one parse of each
    docstring they come from (its own and its bases')."""

    def __init__(
        self, directive: _TypedDictDirectiveBase, own: ParsedDocstring | None = None
    ) -> None:
        self.directive = directive
        self.parses: dict[type, ParsedDocstring] = {}
        self.own = own

    def parse(self, info: _TypedDictInfo) -> ParsedDocstring:
        if info.td not in self.parses:
            self.parses[info.td] = self.directive.parse(info)
        return self.parses[info.td]

    def of(self, info: _TypedDictInfo, key: _Key, own: bool = True) -> list[nodes.Node] | None:
        if key.name in info.documented:
            if own and self.own is not None:
                return self.own.description(key.name)
            parsed = self.parse(info)
            taken = parsed.description(key.name)
            return None if taken is None else parsed.with_notes(taken)
        for base in info.source.bases:
            base_info = self.directive.read(base)
            if any(k.name == key.name for k in base_info.keys):
                found = self.of(base_info, key, own=False)
                if found is not None:
                    return found
        return None


class _TypedDictDirectiveBase(SphinxDirective):
    """Looks TypedDicts up, reads them once per directive and warns about them."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        self._infos: dict[type, _TypedDictInfo] = {}
        self._noted: set[str] = set()
        try:
            obj, module = _import_object(self.arguments[0])
        except _LookupError as exc:
            self._warn("import", f"{self.name}: {exc}")
            return []
        self.note_modules([module])
        return self.render(obj)

    def render(self, obj: object) -> list[nodes.Node]:
        raise NotImplementedError

    def _warn(self, subtype: str, message: str) -> None:
        logger.warning(message, location=self.get_location(), type=_WARNING_TYPE, subtype=subtype)

    def note_modules(self, modules: Iterable[str]) -> None:
        """Rebuild the page when one of these modules' source changes."""
        for module in modules:
            if module not in self._noted:
                self._noted.add(module)
                path = module_file(module)
                if path:
                    self.env.note_dependency(path)

    def read(self, td: type) -> _TypedDictInfo:
        if td in self._infos:
            return self._infos[td]
        source = class_source(td)
        self.note_modules([td.__module__])
        # Type checkers know no such attribute on ``type``.
        required_keys: frozenset[str] = getattr(td, "__required_keys__")  # noqa: B009 (type checkers do not know this attribute on its static type)
        keys: list[_Key] = []
        for key, raw in td.__annotations__.items():
            full_hint = _key_hint(td, key, raw)
            hint, explicit = strip_qualifiers(full_hint)
            # Explicit qualifiers win: under ``from __future__ import
            # annotations`` the metaclass cannot see them in the strings.
            required = key in required_keys if explicit is None else explicit
            line = source.key_lines.get(key)
            module = _key_module(td, raw)
            keys.append(_Key(key, hint, required, is_read_only(td, key, full_hint), line, module))
            self.note_modules(object_modules(full_hint))
            self.note_modules(annotation_modules(source.key_annotations.get(key), source))
        documented = source.var_fields()
        info = _TypedDictInfo(td, source, keys, documented)
        self._infos[td] = info
        names = {k.name for k in keys}
        for key, line in documented.items():
            if key not in names:
                self._warn(
                    "unknown_key",
                    f"{_canonical_name(td)}: ':var {key}:' names no key of the TypedDict"
                    f" ({source.location(line)})",
                )
        for base in source.bases:
            self.read(base)
        return info

    def parse(self, info: _TypedDictInfo) -> ParsedDocstring:
        """The docstring parsed into this document, each line at its source line."""
        source = info.source
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
        holder = nodes.container()
        # As in autodoc, Python roles in the docstring look names up in the
        # TypedDict's module and class first.
        context = self.env.ref_context
        saved = {name: context.get(name) for name in ("py:module", "py:class")}
        context["py:module"] = info.td.__module__
        context["py:class"] = info.td.__qualname__
        # A docstring shown again on the page gets names of its own.
        parses = _PARSES.setdefault(self.state.document, {})
        count = parses[info.td] = parses.get(info.td, 0) + 1
        names = names_of_their_own(self.state.document, f"-{count}") if count > 1 else nullcontext()
        try:
            with names, switch_source_input(self.state, content):
                self.state.nested_parse(content, 0, holder)
        finally:
            for name, value in saved.items():
                if value is None:
                    context.pop(name, None)
                else:
                    context[name] = value
        refs, targets = resolve_anonymous(holder, self.state.document)
        if refs or targets:
            first = next((line for _text, line in source.doc_lines if line), None)
            self._warn(
                "docstring",
                f"{_canonical_name(info.td)}: the docstring has {refs} anonymous hyperlink"
                f" references but {targets} anonymous targets ({source.location(first)})",
            )
        return ParsedDocstring(holder)

    def type_nodes(self, td: type, key: _Key, hint: object) -> list[nodes.Node]:
        """The type in a reader's words: values, "X or None", links."""
        if hint is None or hint is type(None):
            return [_xref("obj", "None", nodes.Text("None"))]
        name = _unresolved_name(hint)
        if name is not None:
            # Before 3.11 get_type_hints leaves strings inside ``list["X"]``.
            hint = _evaluate(name, key.module, type_params(td))
            name = _unresolved_name(hint)
        if name is not None:
            line = key.line or self.read(td).source.line
            missing = ", ".join(repr(m) for m in getattr(hint, "missing", [name]))
            self._warn(
                "unresolved_annotation",
                f"{_canonical_name(td)}: cannot resolve {missing} in the annotation of key"
                f" {key.name!r} ({self.read(td).source.location(line)})",
            )
            return [nodes.Text(name)]
        if is_type_alias(hint):  # ``type Name = ...``: shown by its name
            return [nodes.Text(str(getattr(hint, "__name__")))]  # noqa: B009 (type checkers do not know this attribute on its static type)
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
        if isinstance(hint, typing.TypeVar) or type(hint).__name__ in ("ParamSpec", "TypeVarTuple"):
            return [nodes.Text(str(getattr(hint, "__name__")))]  # noqa: B009 (type checkers do not know this attribute on its static type)
        if getattr(hint, "__module__", None) in ("typing", "typing_extensions"):
            # Python's inventory has typing's special forms (Any, ...) as data.
            name = repr(hint).rpartition(".")[2]
            return [_xref("obj", f"typing.{name}", nodes.Text(name))]
        if is_typeddict(hint):
            return [_typeddict_xref(hint, self.env.docname, nodes.Text(hint.__name__))]
        if isinstance(hint, type) or hasattr(hint, "__supertype__"):  # a class or a NewType
            name = str(getattr(hint, "__name__"))  # noqa: B009 (type checkers do not know this attribute on its static type)
            return [_xref("class", _canonical_name(hint), nodes.Text(name))]
        return [nodes.Text(repr(hint))]

    def _argument_nodes(self, td: type, key: _Key, arg: object) -> list[nodes.Node]:
        if arg is Ellipsis:
            return [nodes.Text("...")]
        if isinstance(arg, (list, tuple)):  # Callable's parameter list
            parts = [self._argument_nodes(td, key, a) for a in cast("list[object]", arg)]
            return [nodes.Text("["), *_joined(parts, ", "), nodes.Text("]")]
        return self.type_nodes(td, key, arg)

    def register_id(self, node: nodes.Element, prefix: str, *candidates: str) -> str:
        """Give ``node`` the first candidate id the page does not use yet (or
        a numbered one), and register it with the document as Sphinx's own
        domains do."""
        document = self.state.document
        node_id = next((c for c in candidates if c not in document.ids), None)
        if node_id is None:
            node_id = make_id(self.env, document, prefix)
        node["ids"].append(node_id)
        document.note_explicit_target(node)
        return node_id


class TypedDictDirective(_TypedDictDirectiveBase):
    """``.. typeddict::``: the docstring and key list of one TypedDict."""

    option_spec = {  # noqa: RUF012 (docutils' own class attribute, replaced as its docs say)
        "type": directives.unchanged_required,
        "no-expand": directives.unchanged,
        "no-index": directives.flag,
        "noindex": directives.flag,
    }

    def render(self, obj: object) -> list[nodes.Node]:
        path = self.arguments[0]
        if not is_typeddict(obj):
            self._warn("not_typeddict", f"{self.name}: {path!r} is not a TypedDict")
            return []
        self._path = path
        self._indexed = not ({"no-index", "noindex"} & set(self.options))
        container = nodes.container(classes=["amgi-typeddict"])
        self.set_source_info(container)
        canonical = _canonical_name(obj)
        data = cast("_TypedDictData", self.env.get_domain(_TypedDictData.name))
        result: list[nodes.Node] = []
        if self._indexed:
            node_id = self.register_id(
                container, "", make_id(self.env, self.state.document, "", path)
            )
            domain = cast("PythonDomain", self.env.get_domain("py"))
            domain.note_object(path, "class", node_id, location=container)
            if canonical != path:
                domain.note_object(canonical, "class", node_id, aliased=True, location=container)
            module = path.rpartition(".")[0]
            entry = ("single", f"{obj.__name__} (TypedDict in {module})", node_id, "", None)
            result.append(addnodes.index(entries=[entry]))
        elif path not in self.state.document.ids:
            # Not a target: an id that links from the types on this page only.
            node_id = self.register_id(container, "", path)
            data.note_local_rendering(self.env.docname, canonical, node_id)
        keys = nodes.definition_list(classes=["amgi-keys"])
        root = self.options.get("type", "message")
        names: str | None = self.options.get("no-expand")
        self._expand_none = names == ""
        self._no_expand: set[str] = set(re.split(r"[\s,]+", names or "")) - {""}
        self._not_expanded: set[str] = set()
        info = self.read(obj)
        own = self.parse(info)
        self._add_keys(keys, obj, root, obj.__name__, (obj,), _Descriptions(self, own))
        for name in sorted(self._no_expand - self._not_expanded):
            self._warn(
                "no_expand",
                f"{self.name}: ':no-expand: {name}' names no TypedDict nested in {path!r}",
            )
        listing: nodes.Element = keys
        if not keys.children:
            listing = nodes.paragraph(
                text=f"{obj.__name__} has no keys: it is an empty dictionary.",
                classes=["amgi-no-keys"],
            )
        container += own.body(listing)
        result.append(container)
        return result

    def _add_keys(
        self,
        keys: nodes.definition_list,
        td: type,
        root: str,
        target: str,
        stack: tuple[type, ...],
        descriptions: _Descriptions,
        path: tuple[str, ...] = (),
    ) -> None:
        info = self.read(td)
        self._list_keys(keys, info, root, target, stack, descriptions, path)
        for parsed in descriptions.parses.values():
            parsed.forget_the_rest(self.state.document)

    def _list_keys(
        self,
        keys: nodes.definition_list,
        info: _TypedDictInfo,
        root: str,
        target: str,
        stack: tuple[type, ...],
        descriptions: _Descriptions,
        path: tuple[str, ...],
    ) -> None:
        td = info.td
        for key in info.keys:
            key_path = (*path, key.name)
            keys += self._entry(
                info, key, root, key_path, target + _target_part(key.name), descriptions
            )
            nested = key.hint
            if not is_typeddict(nested):
                continue
            named = {nested.__name__, _canonical_name(nested)} & self._no_expand
            self._not_expanded |= named
            # A TypedDict already being listed is linked, not expanded again.
            if not (named or self._expand_none) and nested not in stack:
                self._add_keys(
                    keys,
                    nested,
                    root,
                    target + _target_part(key.name),
                    (*stack, nested),
                    _Descriptions(self),
                    key_path,
                )
        extra = extra_items(td)
        if extra is not None:
            keys += self._extra_items_entry(info, extra, root, path, target)

    def _term(
        self,
        info: _TypedDictInfo,
        key: _Key,
        accessor: str,
        labels: Sequence[str],
        index_text: str,
        ids: Sequence[str],
    ) -> typeddict_key_term:
        term = typeddict_key_term("", "", classes=["amgi-key"])
        self.set_source_info(term)
        if self._indexed:
            node_id = self.register_id(term, _KEY_OBJECT, *ids)
            # Main entries: the key list is where each key is defined, and the
            # search lists main entries before every other reference.
            entries = [("single", index_text, node_id, "main", None)]
            # Under its own name too, where a reader who knows only the key
            # looks; a ";" would split the name into an entry and a subentry.
            if key.name != "..." and ";" not in key.name:
                entry = f"{key.name}; {accessor} ({self._root_name})"
                entries.append(("single", entry, node_id, "main", None))
            term += addnodes.index(entries=entries)
        term += [
            nodes.literal(text=accessor, classes=["amgi-accessor"]),
            nodes.Text(" ("),
            nodes.emphasis("", "", *self.type_nodes(info.td, key, key.hint), classes=["amgi-type"]),
        ]
        for label in labels:
            term += [nodes.Text(", "), nodes.inline(text=label, classes=[f"amgi-{label}"])]
        term += nodes.Text(")")
        return term

    def _ids(self, target: str, path: Sequence[str], suffix: str = "") -> list[str]:
        """The short target's id, then the module-qualified target's."""
        td_name = target.partition(".")[0].partition("[")[0]
        qualified = self._path.rpartition(".")[0] + "." + target
        return [
            _readable_id(target, path, td_name) + suffix,
            _readable_id(qualified, path, self._path) + suffix,
        ]

    def _extra_items_entry(
        self, info: _TypedDictInfo, extra: object, root: str, path: tuple[str, ...], target: str
    ) -> nodes.definition_list_item:
        """What PEP 728's ``extra_items`` allows: keys the TypedDict does not list."""
        key = _Key("...", extra, False, False, None, info.td.__module__)
        accessor = root + "".join(f"[{_quote(k)}]" for k in path) + "[...]"
        term = self._term(
            info,
            key,
            accessor,
            ["optional"],
            f"{self._root_name}; {accessor}",
            self._ids(target, path, "-extra-items"),
        )
        term["classes"].append("amgi-extra-items")
        text = "Any key not listed above, with a value of this type."
        return nodes.definition_list_item(
            "", term, nodes.definition("", nodes.paragraph(text=text))
        )

    @property
    def _root_name(self) -> str:
        return self._path.rpartition(".")[2]

    def _entry(
        self,
        info: _TypedDictInfo,
        key: _Key,
        root: str,
        path: tuple[str, ...],
        target: str,
        descriptions: _Descriptions,
    ) -> nodes.definition_list_item:
        accessor = root + "".join(f"[{_quote(k)}]" for k in path)
        labels = ["required" if key.required else "optional"]
        if key.read_only:
            labels.append("read-only")
        ids = self._ids(target, path)
        term = self._term(info, key, accessor, labels, f"{self._root_name}; {accessor}", ids)
        if self._indexed:
            qualified = self._path.rpartition(".")[0] + "." + target
            std = cast("StandardDomain", self.env.get_domain("std"))
            if (_KEY_OBJECT, qualified) not in std.objects:
                std.note_object(_KEY_OBJECT, qualified, term["ids"][0], location=term)
            data = cast("_TypedDictData", self.env.get_domain(_TypedDictData.name))
            data.note_short_name(target, qualified, self.env.docname)
        definition = nodes.definition()
        description = descriptions.of(info, key)
        if description is None:
            self._warn(
                "undocumented_key",
                f"{_canonical_name(info.td)}: key {key.name!r} has no description; add"
                f" ':var {key.name}:' to the docstring"
                f" ({info.source.location(key.line)})",
            )
        else:
            definition += description
        return nodes.definition_list_item("", term, definition)


class TypedDictTableDirective(_TypedDictDirectiveBase):
    """``.. typeddict-table::``: one row per member of a union of TypedDicts.

    A subclass adds columns by overriding :meth:`columns` and
    :meth:`member_cells`, and renders key names its own way by overriding
    :meth:`key_names`.
    """

    table_class = "amgi-typeddict-table"

    def columns(self) -> list[tuple[str, int]]:
        """Each column's heading and relative width."""
        return [("type", 20), ("Required keys", 20), ("Optional keys", 20), ("Description", 40)]

    def render(self, obj: object) -> list[nodes.Node]:
        path = self.arguments[0]
        union = unwrap_aliases(obj)
        self.note_modules(object_modules(obj))
        is_union = typing.get_origin(union) in (typing.Union, types.UnionType)
        members = typing.get_args(union) if is_union else ()
        others = [m for m in members if not is_typeddict(m)]
        if not members or others:
            culprit = [f" (member {getattr(m, '__name__', m)!r} is not)" for m in others[:1]]
            self._warn(
                "not_typeddict",
                f"{self.name}: {path!r} is not a union of TypedDicts{''.join(culprit)}",
            )
            return []
        columns = self.columns()
        group = nodes.tgroup(cols=len(columns))
        group += [nodes.colspec(colwidth=width) for _heading, width in columns]
        group += nodes.thead("", nodes.row("", *(_entry([nodes.Text(h)]) for h, _width in columns)))
        body = nodes.tbody()
        for member in members:
            body += nodes.row("", *self.member_cells(member))
        group += body
        table = nodes.table("", group, classes=[self.table_class])
        self.set_source_info(table)
        return [table]

    def member_cells(self, member: type) -> list[nodes.entry]:
        """A member's ``type`` literal (or name) linking to its key list, its
        other required keys, its optional keys, and its docstring's summary."""
        info = self.read(member)
        type_key = next((k for k in info.keys if k.name == "type"), None)
        if type_key and is_special_form(typing.get_origin(type_key.hint), "Literal"):
            label = self.type_nodes(member, type_key, type_key.hint)
        else:
            type_key = None
            label = [nodes.Text(member.__name__)]
        link = _typeddict_xref(member, self.env.docname, *label)
        listed = [k.name for k in info.keys if k is not type_key]
        required = [k.name for k in info.keys if k is not type_key and k.required]
        parsed = self.parse(info)
        summary = parsed.summary()
        description = _entry(summary)
        # The targets and footnotes the summary needs follow its paragraph.
        description += parsed.with_notes(summary)[len(summary) :]
        parsed.forget_the_rest(self.state.document)
        return [
            _entry([link]),
            _entry(self.key_names(member, [k for k in listed if k in required])),
            _entry(self.key_names(member, [k for k in listed if k not in required])),
            description,
        ]

    def key_names(self, member: type, keys: list[str]) -> list[nodes.Node]:
        return _joined([[nodes.literal(text=key)] for key in keys], ", ")


def _entry(cell: Sequence[nodes.Node]) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", "", *cell))


class _TypedDictData(Domain):
    """Where the rendered keys and :no-index: renderings are kept between
    builds and merged from parallel readers; it has no roles of its own."""

    name = "amgi-typeddict"
    label = "amgi_types TypedDicts"
    initial_data: ClassVar[dict[str, dict[str, dict[str, str]]]] = {
        # short target -> {module-qualified target: docname}
        "short": {},
        # docname -> {TypedDict's canonical name: id of its :no-index: rendering}
        "local": {},
    }

    @property
    def short(self) -> dict[str, dict[str, str]]:
        return cast("dict[str, dict[str, str]]", self.data["short"])

    @property
    def local(self) -> dict[str, dict[str, str]]:
        return cast("dict[str, dict[str, str]]", self.data["local"])

    def note_short_name(self, short: str, qualified: str, docname: str) -> None:
        self.short.setdefault(short, {})[qualified] = docname

    def note_local_rendering(self, docname: str, canonical: str, node_id: str) -> None:
        self.local.setdefault(docname, {}).setdefault(canonical, node_id)

    def clear_doc(self, docname: str) -> None:
        for qualified in self.short.values():
            for name, owner in list(qualified.items()):
                if owner == docname:
                    del qualified[name]
        for short in [s for s, q in self.short.items() if not q]:
            del self.short[short]
        self.local.pop(docname, None)

    def merge_domaindata(self, docnames: AbstractSet[str], otherdata: dict[str, Any]) -> None:
        for short, qualified in otherdata["short"].items():
            for name, docname in qualified.items():
                if docname in docnames:
                    self.note_short_name(short, name, docname)
        for docname, rendered in otherdata["local"].items():
            if docname in docnames:
                self.local[docname] = dict(rendered)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        return []


def _publish_short_names(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Register each short target that names one key only, so that the std
    domain resolves it and objects.inv lists it; an ambiguous one is left to
    :func:`_resolve_ambiguous`."""
    std = cast("StandardDomain", env.get_domain("std"))
    data = cast("_TypedDictData", env.get_domain(_TypedDictData.name))
    for short, qualified in data.short.items():
        if short in qualified:
            continue
        location = std.objects.get((_KEY_OBJECT, next(iter(qualified))))
        if len(qualified) == 1 and location is not None:
            std.objects[_KEY_OBJECT, short] = location
        else:
            std.objects.pop((_KEY_OBJECT, short), None)
    return []


_AMBIGUOUS_WARNED: weakref.WeakKeyDictionary[Builder, set[tuple[Any, ...]]] = (
    weakref.WeakKeyDictionary()
)


def _resolve_ambiguous(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.Element | None:
    """A short key target of two TypedDicts of one name: warn where it is
    written, and link to the first by path. A TypedDict rendered only with
    :no-index: on the page: link to that rendering."""
    data = cast("_TypedDictData", env.get_domain(_TypedDictData.name))
    refdoc = node.get("refdoc", env.docname)
    if node.get("refdomain") == "py" and node.get("amgi_typeddict"):
        node_id = data.local.get(refdoc, {}).get(node["reftarget"])
        if node_id is not None:
            return make_refnode(app.builder, refdoc, refdoc, node_id, contnode)
        return None
    if node.get("refdomain") != "std" or node.get("reftype") != _KEY_OBJECT:
        return None
    target = node["reftarget"]
    candidates = sorted(data.short.get(target, {}))
    std = cast("StandardDomain", env.get_domain("std"))
    if len(candidates) < 2 or (_KEY_OBJECT, candidates[0]) not in std.objects:
        return None
    # Some builders (epub, singlehtml) resolve a page more than once.
    warned = _AMBIGUOUS_WARNED.setdefault(app.builder, set())
    where = (refdoc, node.source, node.line, target)
    if where not in warned:
        warned.add(where)
        logger.warning(
            f"typeddict-key: {target!r} is the key of more than one TypedDict"
            f" ({', '.join(candidates)}); write the TypedDict's path, such as"
            f" {candidates[0]!r}",
            location=node,
            type=_WARNING_TYPE,
            subtype="ambiguous_key",
        )
    docname, anchor = std.objects[_KEY_OBJECT, candidates[0]]
    return make_refnode(app.builder, refdoc, docname, anchor, contnode)


def setup(app: Sphinx) -> dict[str, Any]:
    from importlib.metadata import version

    app.add_node(typeddict_key_term, html=(_visit_key_term_html, _depart_key_term_html))
    app.add_directive("typeddict", TypedDictDirective)
    app.add_directive("typeddict-table", TypedDictTableDirective)
    app.add_object_type(_KEY_OBJECT, _KEY_OBJECT, objname="TypedDict key")
    # Search finds a key by its index entries, once. As objects, each key is
    # there twice (short and module-qualified targets), and Sphinx escapes an
    # object's name twice, showing a quoted key's '"' as '&quot;'. The
    # objects stay in objects.inv, with the priority that means "not searched".
    app.registry.domain_object_types["std"][_KEY_OBJECT].attrs["searchprio"] = -1
    app.add_domain(_TypedDictData)
    app.connect("env-updated", _publish_short_names)
    app.connect("missing-reference", _resolve_ambiguous, priority=400)
    return {
        "version": version("amgi-types"),
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
