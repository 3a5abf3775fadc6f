"""Where a TypedDict's docstring and keys are written, and which modules its
annotations read: what amgi_types.sphinxext needs to locate warnings and to
know when a page must be rebuilt.

Works from the source files' text (``ast`` and ``tokenize``), never by
running them again.
"""

from __future__ import annotations

import ast
import builtins
import functools
import importlib
import inspect
import io
import linecache
import os
import re
import sys
import tokenize
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from amgi_types._typeddict import is_typeddict

_VAR_FIELD = re.compile(r":(?:var|ivar|cvar)\s+(.+?):(?:\s|$)")


@dataclass
class ClassSource:
    """Where a TypedDict's docstring and keys are in its source file."""

    path: str | None
    line: int | None
    # The docstring as inspect.cleandoc gives it, each line with its line in the file.
    doc_lines: Sequence[tuple[str, int | None]]
    key_lines: dict[str, int]
    # The annotation of each key written in this class, as written.
    key_annotations: dict[str, ast.expr]
    bases: list[type]
    module: str
    imports: dict[str, str] = field(default_factory=dict[str, str])
    # The description each key has in the source: attribute docstring or ``#:`` comments.
    key_docs: dict[str, list[tuple[str, int | None]]] = field(
        default_factory=dict[str, list[tuple[str, int | None]]]
    )
    # ``from x import A as B`` and ``import x.y as B``: B -> (x, "A") or (x.y, None).
    imported_names: dict[str, tuple[str, str | None]] = field(
        default_factory=dict[str, tuple[str, str | None]]
    )

    def location(self, line: int | None = None) -> str:
        return f"{self.path}:{line or self.line}" if self.path else "unknown source"

    def declaring(self, key: str) -> ClassSource:
        """The source of the class that declares ``key``: this one or a base."""
        if key in self.key_lines:
            return self
        for base in self.bases:
            found = class_source(base).declaring(key)
            if key in found.key_lines:
                return found
        return self


def var_fields(lines: Sequence[tuple[str, int | None]]) -> dict[str, int | None]:
    """The keys that the ``:var key:`` fields of a docstring's lines name, with their lines."""
    found: dict[str, int | None] = {}
    for text, line in lines:
        match = _VAR_FIELD.match(text)
        if match:
            found.setdefault(match.group(1), line)
    return found


@dataclass
class _ModuleSource:
    """What one source file says about its classes, read in one pass."""

    lines: list[str]
    classes: dict[str, list[ast.ClassDef]] = field(default_factory=dict[str, list[ast.ClassDef]])
    # ``from x import name``: name -> x, resolved against the module's package.
    imports: dict[str, str] = field(default_factory=dict[str, str])
    # ``Name.__doc__ = "..."``: Name -> the strings, in source order.
    doc_assignments: dict[str, list[ast.expr]] = field(default_factory=dict[str, list[ast.expr]])
    # ``Name = TypedDict("Name", {...})``: Name -> the call.
    calls: dict[str, ast.Call] = field(default_factory=dict[str, ast.Call])
    # ``B``: where the module imports it from, even under ``if TYPE_CHECKING:``.
    imported_names: dict[str, tuple[str, str | None]] = field(
        default_factory=dict[str, tuple[str, str | None]]
    )

    def segment(self, node: ast.expr) -> str:
        """The source lines that hold ``node``."""
        return "".join(self.lines[node.lineno - 1 : node.end_lineno])


@functools.cache
def _module_source(path: str, mtime_ns: int, package: str | None) -> _ModuleSource | None:
    """A source file parsed and read once per version of the file."""
    lines = linecache.getlines(path)
    try:
        tree = ast.parse("".join(lines))
    except (SyntaxError, ValueError):
        return None
    found = _ModuleSource(lines)

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                found.classes.setdefault(prefix + child.name, []).append(child)
                visit(child, f"{prefix}{child.name}.")
                continue
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, f"{prefix}{child.name}.<locals>.")
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.asname:
                        found.imports[alias.asname] = alias.name
                        found.imported_names[alias.asname] = (alias.name, None)
                    else:
                        top = alias.name.partition(".")[0]
                        found.imports.setdefault(top, top)
                        found.imported_names.setdefault(top, (top, None))
            elif isinstance(child, ast.ImportFrom):
                _note_import_from(found.imports, child, package)
                base = _import_base(child, package)
                for alias in child.names:
                    found.imported_names[alias.asname or alias.name] = (base, alias.name)
            elif isinstance(child, ast.Assign):
                for target in child.targets:
                    if isinstance(target, ast.Attribute) and target.attr == "__doc__":
                        found.doc_assignments.setdefault(ast.unparse(target.value), []).append(
                            child.value
                        )
                    elif isinstance(target, ast.Name) and isinstance(child.value, ast.Call):
                        found.calls[target.id] = child.value
            visit(child, prefix)

    visit(tree, "")
    return found


def _import_base(node: ast.ImportFrom, package: str | None) -> str:
    base = node.module or ""
    if node.level and package is not None:
        parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
        base = f"{parent}.{base}" if base else parent
    return base


def _note_import_from(imports: dict[str, str], node: ast.ImportFrom, package: str | None) -> None:
    base = _import_base(node, package)
    for alias in node.names:
        submodule = f"{base}.{alias.name}"
        # ``from package import submodule`` binds a module.
        imports[alias.asname or alias.name] = submodule if submodule in sys.modules else base


def _string_lines(segment: str, first_line: int) -> list[int]:
    """For each line of the value of the string literal(s) in ``segment``, the
    line of the file it comes from.

    A backslash-newline joins two source lines into one line of the value; an
    escaped ``\\n`` starts a value line on the same source line.
    """
    lines = [first_line]
    tokens = tokenize.generate_tokens(io.StringIO(segment).readline)
    for token in tokens:
        if token.type != tokenize.STRING:
            continue
        prefix = re.match(r"[a-zA-Z]*", token.string)
        raw = prefix is not None and "r" in prefix.group().lower()
        start = prefix.end() if prefix else 0
        quote = 3 if token.string[start : start + 3] in ('"""', "'''") else 1
        body = token.string[start + quote : len(token.string) - quote]
        row = first_line + token.start[0] - 1
        index = 0
        while index < len(body):
            char = body[index]
            if char == "\\" and not raw and index + 1 < len(body):
                following = body[index + 1]
                if following == "\n":
                    row += 1
                elif following == "n":
                    lines.append(row)
                index += 2
                continue
            if char == "\n":
                row += 1
                lines.append(row)
            index += 1
    return lines


def _doc_lines(
    doc: str, constant: ast.expr | None, source: _ModuleSource | None
) -> list[tuple[str, int | None]]:
    cleaned = inspect.cleandoc(doc).splitlines()
    if constant is None or source is None:
        return [(line, None) for line in cleaned]
    try:
        source_lines = _string_lines(source.segment(constant), constant.lineno)
    except (tokenize.TokenError, SyntaxError):
        return [(line, None) for line in cleaned]
    raw = doc.expandtabs().splitlines()
    # inspect.cleandoc drops the blank lines a docstring starts with.
    blank = next((i for i, line in enumerate(raw) if line.strip()), 0)
    return [
        (line, source_lines[blank + i] if blank + i < len(source_lines) else None)
        for i, line in enumerate(cleaned)
    ]


def _string_constant(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _functional_keys(call: ast.Call | None) -> tuple[dict[str, int], dict[str, ast.expr]]:
    """The line and annotation of each key of ``TypedDict("Name", {...})``."""
    fields = next((a for a in call.args if isinstance(a, ast.Dict)), None) if call else None
    lines: dict[str, int] = {}
    annotations: dict[str, ast.expr] = {}
    for key, value in zip(fields.keys, fields.values, strict=True) if fields else ():
        key_name = _string_constant(key) if key is not None else None
        if key is not None and key_name is not None:
            lines[key_name] = key.lineno
            annotations[key_name] = value
    return lines, annotations


def _resolve_base(expr: ast.expr, namespace: dict[str, Any]) -> object:
    if isinstance(expr, ast.Subscript):
        return _resolve_base(expr.value, namespace)
    if isinstance(expr, ast.Name):
        return namespace.get(expr.id)
    if isinstance(expr, ast.Attribute):
        return getattr(_resolve_base(expr.value, namespace), expr.attr, None)
    return None


def module_file(module: str) -> str | None:
    """The source file of an imported module, if it has one."""
    found = getattr(sys.modules.get(module), "__file__", None)
    return found if isinstance(found, str) and os.path.isfile(found) else None


def class_source(td: type) -> ClassSource:
    doc = td.__doc__ or ""
    module = td.__module__
    unnumbered = _doc_lines(doc, None, None)
    path = None
    source = None
    try:
        path = inspect.getsourcefile(td)
        if path:
            package = getattr(sys.modules.get(module), "__package__", None)
            source = _module_source(path, os.stat(path).st_mtime_ns, package)
    except (OSError, TypeError):  # no source file: the docstring is still used
        pass
    if not path or source is None:
        return ClassSource(None, None, unnumbered, {}, {}, [], module)
    # The last ``Name.__doc__ = "..."`` that set this docstring, if any.
    assigned = next(
        (
            c
            for c in reversed(source.doc_assignments.get(td.__qualname__, []))
            if _string_constant(c) == doc
        ),
        None,
    )
    candidates = source.classes.get(td.__qualname__, [])
    if not candidates:  # e.g. made with TypedDict("Name", {...})
        call = source.calls.get(td.__qualname__)
        return ClassSource(
            path,
            call.lineno if call else None,
            _doc_lines(doc, assigned, source),
            *_functional_keys(call),
            [],
            module,
            source.imports,
            imported_names=source.imported_names,
        )
    # Of two definitions (say, under ``if TYPE_CHECKING:`` and ``else:``), the
    # one that ran has the class's docstring.
    classdef = next(
        (c for c in candidates if ast.get_docstring(c, clean=False) == td.__doc__),
        candidates[0],
    )
    body = classdef.body
    constant = assigned
    first = body[0]
    if constant is None and ast.get_docstring(classdef, clean=False) == td.__doc__ and doc:
        constant = first.value if isinstance(first, ast.Expr) else None
    key_lines: dict[str, int] = {}
    annotations: dict[str, ast.expr] = {}
    key_docs: dict[str, list[tuple[str, int | None]]] = {}
    for index, stmt in enumerate(body):
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            key_lines[stmt.target.id] = stmt.lineno
            annotations[stmt.target.id] = stmt.annotation
            following = body[index + 1] if index + 1 < len(body) else None
            described = _key_doc(stmt, following, source)
            if described:
                key_docs[stmt.target.id] = described
    namespace = vars(sys.modules[module]) if module in sys.modules else {}
    bases = [
        base
        for base in (_resolve_base(expr, namespace) for expr in classdef.bases)
        if is_typeddict(base) and base is not td
    ]
    return ClassSource(
        path,
        classdef.lineno,
        _doc_lines(doc, constant, source),
        key_lines,
        annotations,
        bases,
        module,
        source.imports,
        key_docs,
        source.imported_names,
    )


_DOC_COMMENT = re.compile(r"\s*#:\s?(.*?)\s*$")


def _key_doc(
    stmt: ast.AnnAssign, following: ast.stmt | None, source: _ModuleSource
) -> list[tuple[str, int | None]]:
    """A key's description as autodoc reads an attribute's: the string
    literal after it (its docstring), else a ``#:`` comment after it on its
    last line, else the ``#:`` comment lines right above it."""
    if (
        isinstance(following, ast.Expr)
        and isinstance(following.value, ast.Constant)
        and isinstance(following.value.value, str)
    ):
        return _doc_lines(following.value.value, following.value, source)
    end = stmt.end_lineno or stmt.lineno
    last = source.lines[end - 1] if end <= len(source.lines) else ""
    # ast's column offsets count UTF-8 bytes.
    rest = last.encode()[stmt.end_col_offset or 0 :].decode(errors="replace")
    after = _DOC_COMMENT.match(rest)
    if after:
        return [(after.group(1), end)]
    above: list[tuple[str, int | None]] = []
    row = stmt.lineno - 1
    while row >= 1:
        match = _DOC_COMMENT.match(source.lines[row - 1])
        if not match:
            break
        above.insert(0, (match.group(1), row))
        row -= 1
    return above


def missing_names(code: str, namespace: dict[str, Any]) -> list[str]:
    """The names an annotation's text uses that ``namespace`` and builtins lack."""
    try:
        tree = ast.parse(code, mode="eval")
    except SyntaxError:
        return []
    names = [node.id for node in ast.walk(tree) if isinstance(node, ast.Name)]
    return list(dict.fromkeys(n for n in names if n not in namespace and not hasattr(builtins, n)))


def annotation_modules(annotation: ast.expr | str | None, source: ClassSource) -> Iterator[str]:
    """The modules the names in one annotation come from, by the imports of its module."""
    if isinstance(annotation, str):
        try:
            annotation = ast.parse(annotation, mode="eval").body
        except SyntaxError:
            return
    if annotation is None:
        return
    for node in ast.walk(annotation):
        if isinstance(node, ast.Name) and node.id in source.imports:
            yield source.imports[node.id]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield from annotation_modules(node.value, source)


def object_modules(hint: object, seen: set[int] | None = None) -> Iterator[str]:
    """The modules of the classes, aliases and NewTypes inside an evaluated type."""
    seen = set() if seen is None else seen
    if id(hint) in seen:
        return
    seen.add(id(hint))
    module = getattr(hint, "__module__", None)
    if isinstance(module, str) and (
        isinstance(hint, type) or hasattr(hint, "__supertype__") or is_type_alias(hint)
    ):
        yield module
    if is_type_alias(hint):
        yield from object_modules(alias_value(hint), seen)
    for arg in typing.get_args(hint):
        yield from object_modules(arg, seen)
    origin = typing.get_origin(hint)
    if origin is not None:
        yield from object_modules(origin, seen)


def is_type_alias(obj: object) -> bool:
    """Whether ``obj`` is a PEP 695 alias (``type X = ...``) or typing_extensions'
    TypeAliasType."""
    return type(obj).__name__ == "TypeAliasType" and type(obj).__module__ in (
        "typing",
        "typing_extensions",
    )


def alias_value(alias: object) -> object:
    try:
        return getattr(alias, "__value__")  # noqa: B009 (type checkers do not know this attribute on its static type)
    except Exception:  # its value names something that does not exist
        return None


def type_params(td: type) -> dict[str, object]:
    """The PEP 695 type parameters of a TypedDict and of its TypedDict bases, by name."""
    found: dict[str, object] = {}
    pending: list[object] = [td]
    while pending:
        cls = pending.pop()
        for param in getattr(cls, "__type_params__", ()) or ():
            found.setdefault(getattr(param, "__name__", ""), param)
        for base in getattr(cls, "__orig_bases__", ()):
            base = typing.get_origin(base) or base
            if is_typeddict(base):
                pending.append(base)
    return found


def unwrap_aliases(obj: object) -> object:
    """The value of a PEP 695 alias (of an alias, ...)."""
    seen: set[int] = set()
    while is_type_alias(obj) and id(obj) not in seen:
        seen.add(id(obj))
        obj = alias_value(obj)
    return obj


_QUALIFIER_NAMES = ("Required", "NotRequired", "ReadOnly", "Annotated")


def _qualifier(node: ast.expr) -> str | None:
    name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", None)
    return name if name in _QUALIFIER_NAMES else None


def strip_source_qualifiers(code: str) -> tuple[str, bool | None, bool]:
    """An annotation's text less its outer Required, NotRequired, ReadOnly and
    Annotated, read by their names; whether Required (True) or NotRequired
    (False) says the key is required, and whether it is ReadOnly."""
    try:
        node = ast.parse(code.strip(), mode="eval").body
    except SyntaxError:
        return code, None, False
    required: bool | None = None
    read_only = False
    stripped = False
    while isinstance(node, ast.Subscript) and (name := _qualifier(node.value)):
        stripped = True
        if name == "ReadOnly":
            read_only = True
        elif name != "Annotated" and required is None:
            required = name == "Required"
        inner = node.slice
        node = inner.elts[0] if isinstance(inner, ast.Tuple) and inner.elts else inner
    return (ast.unparse(node) if stripped else code), required, read_only


def key_annotation_code(annotation: ast.expr) -> str:
    """The text of a key's annotation as written: a quoted one unquoted."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return annotation.value
    return ast.unparse(annotation)


def is_alias_value(obj: object) -> bool:
    """Whether a module-level name holds a type alias written the pre-PEP 695
    way (``Name = Literal[...]``, ``Name: TypeAlias = A | B``): a subscripted
    or united type, not a class."""
    if isinstance(obj, type) or is_type_alias(obj):
        return False
    try:
        return typing.get_origin(obj) is not None
    except Exception:
        return False


def typevar_substitutions(td: type) -> dict[str, dict[object, object]]:
    """For each key declared in a generic base (``class C(Base[int])``), the
    arguments that the type variables of its declaring class stand for."""
    result: dict[str, dict[object, object]] = {}

    def walk(cls: type, substitution: dict[object, object], seen: tuple[type, ...]) -> None:
        for base in getattr(cls, "__orig_bases__", ()):
            origin = typing.get_origin(base) or base
            if not is_typeddict(origin) or origin in seen:
                continue
            args = [substitute(a, substitution) for a in typing.get_args(base)]
            params = getattr(origin, "__parameters__", ())
            mapping: dict[object, object] = dict(zip(params, args, strict=False)) if args else {}
            for key in annotations_of(origin):
                result[key] = mapping
            walk(origin, mapping, (*seen, origin))

    walk(td, {}, (td,))
    return {key: mapping for key, mapping in result.items() if mapping}


def substitute(hint: object, mapping: dict[object, object]) -> object:
    """``hint`` with the type variables of ``mapping`` replaced."""
    if not mapping:
        return hint
    if _hashable(hint) and hint in mapping:
        return mapping[hint]
    params = getattr(hint, "__parameters__", ()) or ()
    if not params or not any(p in mapping for p in params):
        return hint
    try:
        return cast("Any", hint)[tuple(mapping.get(p, p) for p in params)]
    except Exception:
        return hint


def _hashable(obj: object) -> bool:
    try:
        hash(obj)
    except TypeError:
        return False
    return True


def annotations_of(td: type) -> dict[str, Any]:
    """A TypedDict's annotations, inherited keys included; on an interpreter
    that evaluates them lazily (3.14) reading them may raise, and then their
    text is used."""
    try:
        return dict(td.__annotations__)
    except Exception:
        pass
    try:
        annotationlib: Any = importlib.import_module("annotationlib")
        strings: dict[str, Any] = annotationlib.get_annotations(
            td, format=annotationlib.Format.STRING
        )
    except Exception:
        return {}
    return dict(strings)
