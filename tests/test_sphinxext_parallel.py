"""A parallel build (``-j``) merges what each reader registered: key targets,
their short forms and the ambiguity of those, from every page."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import ROOTS

# Sphinx reads in parallel only when more than five pages changed.
LINK_PAGES = [f"links{n}" for n in range(6)]


def write_project(srcdir: Path) -> None:
    shutil.copytree(ROOTS / "test-typeddict-qualified", srcdir)
    (srcdir / "index.rst").write_text(
        "Parallel\n========\n\n.. toctree::\n\n   kafka\n   amqp\n"
        + "".join(f"   {page}\n" for page in LINK_PAGES)
    )
    (srcdir / "kafka.rst").write_text("Kafka\n=====\n\n.. typeddict:: kafka_events.Message\n")
    (srcdir / "amqp.rst").write_text("AMQP\n====\n\n.. typeddict:: amqp_events.Message\n")
    for page in LINK_PAGES:
        (srcdir / f"{page}.rst").write_text(
            f"{page}\n{'=' * len(page)}\n\n"
            "Links: :typeddict-key:`Message.only_kafka`, :typeddict-key:`Message.only_amqp`,\n"
            ":typeddict-key:`amqp_events.Message.key`.\n\n"
            "Ambiguous: :typeddict-key:`Message.key`.\n"
        )


def test_parallel_build_resolves_short_and_qualified_targets_from_every_page(
    tmp_path: Path,
) -> None:
    srcdir = tmp_path / "src"
    write_project(srcdir)
    command = [sys.executable, "-m", "sphinx", "-q", "-j", "2", "-b", "html"]
    result = subprocess.run(
        [*command, srcdir, tmp_path / "out"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", result.stderr).splitlines()
    assert sorted(w.split(": WARNING:")[0] for w in warnings) == sorted(
        f"{srcdir / page}.rst:7" for page in LINK_PAGES
    )
    assert all("'Message.key' is the key of more than one TypedDict" in w for w in warnings)
    for page in LINK_PAGES:
        html = BeautifulSoup((tmp_path / "out" / f"{page}.html").read_text("utf-8"), "html.parser")
        hrefs = [str(a["href"]) for p in html.select("div.body p") for a in p.select("a.reference")]
        assert hrefs == [
            "kafka.html#typeddict-key-Message.only_kafka",
            "amqp.html#typeddict-key-Message.only_amqp",
            "amqp.html#typeddict-key-Message.key",
            "amqp.html#typeddict-key-Message.key",
        ]
