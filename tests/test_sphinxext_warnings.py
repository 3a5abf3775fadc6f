"""Bad input gives a located Sphinx warning, never a traceback, and the build goes on."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable

import pytest
from conftest import ROOTS, Build, key_rows

BAD_ROOT = ROOTS / "test-typeddict-bad"


def line_of(text: str, filename: str) -> int:
    """The 1-based line of the first line of ``filename`` in the bad root containing ``text``."""
    lines = (BAD_ROOT / filename).read_text("utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def warning_lines(build: Build) -> list[str]:
    return [line for line in build.warnings.splitlines() if "WARNING" in line]


@pytest.mark.parametrize(
    ("directive", "message", "subtype"),
    [
        (
            "typeddict:: typeddict_missing_module.Thing",
            "cannot import 'typeddict_missing_module.Thing': No module named 'typeddict_missing_module'",
            "import",
        ),
        (
            "typeddict:: typeddict_broken.Thing",
            "cannot import module 'typeddict_broken': RuntimeError: this module is broken",
            "import",
        ),
        (
            "typeddict:: typeddict_bad.NoSuchThing",
            "'typeddict_bad' has no attribute 'NoSuchThing'",
            "import",
        ),
        (
            "typeddict:: typeddict_bad.not_a_typeddict",
            "'typeddict_bad.not_a_typeddict' is not a TypedDict",
            "not_typeddict",
        ),
        (
            "typeddict-table:: typeddict_bad.Problems",
            "'typeddict_bad.Problems' is not a union of TypedDicts",
            "not_typeddict",
        ),
        (
            "typeddict-table:: typeddict_bad.Mixed",
            "'typeddict_bad.Mixed' is not a union of TypedDicts (member 'int' is not)",
            "not_typeddict",
        ),
        (
            "typeddict:: typeddict_bad.Problems",
            "':no-expand: typeddict_bad.Nothing' names no TypedDict nested in 'typeddict_bad.Problems'",
            "no_expand",
        ),
        (
            "typeddict:: typeddict_bad.Problems",
            "':var nonexistent:' names no key of the TypedDict",
            "unknown_key",
        ),
        (
            "typeddict:: typeddict_bad.Problems",
            "key 'undocumented' has no description",
            "undocumented_key",
        ),
        (
            "typeddict:: typeddict_bad.Problems",
            "cannot resolve 'Decimal' in the annotation of key 'price'",
            "unresolved_annotation",
        ),
        (
            "typeddict:: typeddict_bad.Problems",
            "cannot resolve 'Decimal' in the annotation of key 'rebate'",
            "unresolved_annotation",
        ),
        (
            # The missing name, not the whole annotation ``Decimal | None``.
            "typeddict:: typeddict_bad.Problems",
            "cannot resolve 'Decimal' in the annotation of key 'discount'",
            "unresolved_annotation",
        ),
        (
            "typeddict:: typeddict_bad.Anonymous",
            "the docstring has 2 anonymous hyperlink references but 1 anonymous targets",
            "docstring",
        ),
        (
            "typeddict:: typeddict_bad.Late",
            "':var absent:' names no key of the TypedDict",
            "unknown_key",
        ),
        (
            "typeddict:: typeddict_bad.Continued",
            "':var gone:' names no key of the TypedDict",
            "unknown_key",
        ),
    ],
)
def test_warning_at_the_directive_names_the_fault(
    bad_input: Build, directive: str, message: str, subtype: str
) -> None:
    location = f"{bad_input.srcdir / 'index.rst'}:{line_of(directive, 'index.rst')}: WARNING: "
    matching = [w for w in warning_lines(bad_input) if message in w]
    assert len(matching) == 1, bad_input.warnings
    assert matching[0].startswith(location)
    assert matching[0].endswith(f"[amgi_types.{subtype}]")


@pytest.mark.parametrize(
    ("message", "source_text"),
    [
        ("':var nonexistent:'", ":var nonexistent:"),
        ("key 'undocumented'", "undocumented: int"),
        ("key 'price'", "price: Decimal"),
        ("key 'rebate'", "rebate: NotRequired[Decimal]"),
        ("key 'discount'", "discount: Decimal | None"),
        ("anonymous hyperlink", "Two anonymous links"),
        # A docstring assigned to __doc__ after the class body.
        ("':var absent:'", ":var absent:"),
        # A line after a backslash-newline in the docstring.
        ("':var gone:'", ":var gone:"),
    ],
)
def test_warning_names_the_class_source_line_at_fault(
    bad_input: Build, message: str, source_text: str
) -> None:
    (warning,) = [w for w in warning_lines(bad_input) if message in w]
    assert f"typeddict_bad.py:{line_of(source_text, 'typeddict_bad.py')})" in warning


def test_docstring_markup_errors_point_at_their_line_in_the_class_source(bad_input: Build) -> None:
    lines = [
        line_of("*unclosed emphasis.", "typeddict_bad.py"),
        # After a backslash-newline, which joins two source lines into one.
        line_of("*unclosed emphasis after", "typeddict_bad.py"),
    ]
    warnings = [w for w in warning_lines(bad_input) if "Inline emphasis" in w]
    assert [re.sub(r"^.*typeddict_bad\.py:(\d+): WARNING: .*$", r"\1", w) for w in warnings] == [
        str(line) for line in lines
    ]


def test_every_warning_is_accounted_for(bad_input: Build) -> None:
    assert len(warning_lines(bad_input)) == 17


def test_build_goes_on_and_renders_what_it_can(bad_input: Build) -> None:
    html = bad_input.html()
    assert "The build went on past the bad directives." in html.get_text()
    assert key_rows(html) == {
        "typeddict-key-Problems.documented": ('message["documented"]', "str", "required"),
        "typeddict-key-Problems.undocumented": ('message["undocumented"]', "int", "required"),
        "typeddict-key-Problems.price": ('message["price"]', "Decimal", "required"),
        # NotRequired still counts though the name inside cannot be resolved.
        "typeddict-key-Problems.rebate": ('message["rebate"]', "Decimal", "optional"),
        "typeddict-key-Problems.discount": ('message["discount"]', "Decimal or None", "required"),
        "typeddict-key-Anonymous.link": ('message["link"]', "str", "required"),
        "typeddict-key-Late.late": ('message["late"]', "int", "required"),
        "typeddict-key-Continued.kept": ('message["kept"]', "int", "required"),
    }
    assert "Traceback" not in bad_input.warnings + bad_input.status


def test_undocumented_key_warning_can_be_suppressed(build_root: Callable[..., Build]) -> None:
    quiet = build_root("typeddict-bad", suppress_warnings=["amgi_types.undocumented_key"])
    assert "has no description" not in quiet.warnings
    assert "names no key of the TypedDict" in quiet.warnings


def test_warnings_fail_a_strict_build_cleanly(tmp_path_factory: pytest.TempPathFactory) -> None:
    srcdir = tmp_path_factory.mktemp("strict") / "src"
    shutil.copytree(BAD_ROOT, srcdir)
    command = [sys.executable, "-m", "sphinx", "-q", "-W", "--keep-going", "-b", "html"]
    result = subprocess.run(
        [*command, str(srcdir), str(srcdir / "_build")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.count("WARNING") == 17
    assert "Traceback" not in result.stderr
