"""``.. conformance-scenarios::``: the table of the conformance suite's scenarios, made from
:data:`amgi_types.conformance.SCENARIOS` so that the page cannot drift from the code.

Each row: the scenario's id, its level (with the addition mark for a rule this
project added), and what it checks, linked to the section that states the rule.
"""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from amgi_types.conformance import SCENARIOS


class ConformanceScenarios(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        lines = [
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 30 15 55",
            "",
            "   * - Scenario",
            "     - Level",
            "     - What it checks",
        ]
        for scenario in SCENARIOS:
            level = scenario.level
            if scenario.addition:
                level += f" :addition:`Conformance scenario {scenario.id}`"
            lines += [
                f"   * - ``{scenario.id}``",
                f"     - {level}",
                f"     - {scenario.title} (:ref:`{scenario.section}`)",
            ]
        container = nodes.container()
        self.state.nested_parse(StringList(lines, source=self.get_source_info()[0]), 0, container)
        return list(container.children)


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("conformance-scenarios", ConformanceScenarios)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
