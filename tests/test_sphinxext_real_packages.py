"""The typeddict directive on real packages from the index, at the versions
of requirements/constraints.txt: pydantic (keys described by attribute
docstrings, names imported under ``if TYPE_CHECKING:``, pre-PEP 695
aliases), pydantic-core (Google-style ``Attributes`` sections, read through
napoleon) and openai's generated request types. A sample of their modules,
every TypedDict of each, built nitpicky in html, latex and text."""

from __future__ import annotations

import importlib
import re
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from amgi_types._typeddict import is_typeddict

SAMPLE = {
    "pydantic.config": None,
    # The first of its 79 TypedDicts keep the test short.
    "pydantic_core.core_schema": 15,
    "openai.types.chat.completion_create_params": None,
    "openai.types.chat.chat_completion_user_message_param": None,
}

CONF = """
extensions = ["sphinx.ext.napoleon", "amgi_types.sphinxext"]
nitpicky = True
# Types of these packages outside the sample, and the standard library's
# (no intersphinx without network), have no target here.
nitpick_ignore_regex = [
    ("py:.*", r"(collections\\.abc|re|datetime|decimal|typing|typing_extensions)\\..*"),
    ("py:.*", r"(pydantic|pydantic_core|openai)\\..*"),
]
"""

# The packages' own markup that is not reStructuredText (pydantic writes
# Markdown): docutils reports it at its line in their source.
OWN_MARKUP = re.compile(
    r"^\S*/site-packages/(pydantic|pydantic_core|openai)/\S+\.py:\d+: (WARNING|ERROR):"
)


def sample_typeddicts() -> list[str]:
    paths = []
    for module_name, count in SAMPLE.items():
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            pytest.skip(f"{module_name} is not installed ({exc}): run make .venv/.installed-stamp")
        names = [
            name
            for name, value in vars(module).items()
            if is_typeddict(value) and value.__module__ == module_name
        ]
        paths += [f"{module_name}.{name}" for name in names[:count]]
    return paths


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    paths = sample_typeddicts()
    srcdir = tmp_path_factory.mktemp("real") / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(CONF)
    body = "".join(f".. typeddict:: {path}\n\n" for path in paths)
    (srcdir / "index.rst").write_text(f"Real packages\n=============\n\n{body}")
    result = {}
    for builder in ("html", "latex", "text"):
        app = SphinxTestApp(
            builder,
            srcdir=srcdir,
            builddir=srcdir.parent / builder,
            status=StringIO(),
            warning=StringIO(),
            freshenv=True,
        )
        app.build()
        app.cleanup()
        warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
        output = "\n".join(
            p.read_text("utf-8")
            for p in app.outdir.iterdir()
            if p.suffix in (".html", ".tex", ".txt")
        )
        result[builder] = (app.outdir, warnings, output)  # type: ignore[assignment]
    return result  # type: ignore[return-value]


@pytest.mark.parametrize("builder", ["html", "latex", "text"])
def test_no_warning_comes_from_the_renderer(built: dict, builder: str) -> None:  # type: ignore[type-arg]
    _outdir, warnings, _output = built[builder]
    lines = [line for line in warnings.splitlines() if re.search(r"(WARNING|ERROR):", line)]
    assert [line for line in lines if not OWN_MARKUP.match(line)] == []
    assert "Traceback" not in warnings


def test_a_markup_error_is_reported_once_however_often_its_docstring_is_shown(
    built: dict,  # type: ignore[type-arg]
) -> None:
    _outdir, warnings, _output = built["html"]
    # openai's docstrings with a markup error are those of TypedDicts that
    # several key lists expand (pydantic's paragraphs may hold two errors).
    lines = [line for line in warnings.splitlines() if "/site-packages/openai/" in line]
    assert lines
    assert [line for line in set(lines) if lines.count(line) > 1] == []


@pytest.mark.parametrize("builder", ["html", "text"])
@pytest.mark.parametrize(
    "description",
    [
        # pydantic: attribute docstrings.
        "The title for the generated JSON schema",
        "Whether to strip leading and trailing whitespace for str types.",
        # pydantic-core: a Google-style Attributes section.
        "Whether the configuration should strictly adhere to specified rules.",
        # openai: attribute docstrings of a generated module.
        "Model ID used to generate the response",
        "The contents of the user message.",
    ],
)
def test_the_packages_descriptions_are_on_the_page(
    built: dict,  # type: ignore[type-arg]
    builder: str,
    description: str,
) -> None:
    _outdir, _warnings, output = built[builder]
    if builder == "html":
        output = re.sub(r"<[^>]+>", "", output)
    assert description in " ".join(output.split())


def test_requiredness_and_type_checking_names_are_read(built: dict) -> None:  # type: ignore[type-arg]
    _outdir, _warnings, output = built["text"]
    text = " ".join(output.split())
    # total=False with Required[...]: openai's model is required.
    assert 'completion_create_params_base["model"]" (*str or ChatModel*, required)' in text
    # FieldInfo is imported by pydantic.config under TYPE_CHECKING only.
    assert "FieldInfo or ComputedFieldInfo" in text
    assert "NotRequired" not in text and "Required[" not in text
