"""axe-core in a page: run it, and fail on serious or critical violations.

Shared by tests/test_a11y.py and the reading tools' tests (tests/test_browser_portal.py).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("critical", "serious")

# Runs the default rule set (WCAG 2.0/2.1/2.2 A and AA, best practices); only violations are
# returned, with the CSS path of every node.
_RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact || "minor", help: v.help,
    nodes: v.nodes.map(n => n.target.join(" ")),
  }));
}"""


def run_axe(page: Any, axe_path: Path) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(axe_path))
    violations: list[dict[str, Any]] = page.evaluate(_RUN_AXE)
    return violations


def check(results: dict[str, list[dict[str, Any]]]) -> None:
    """Fail on serious/critical violations (page, rule, nodes); warn about the others."""
    blocking: list[str] = []
    other: list[str] = []
    for where, violations in results.items():
        for v in violations:
            nodes = "\n      ".join(v["nodes"][:10])
            more = f" (+{len(v['nodes']) - 10} more)" if len(v["nodes"]) > 10 else ""
            line = f"{where}: {v['impact']} {v['id']} ({v['help']})\n      {nodes}{more}"
            (blocking if v["impact"] in BLOCKING else other).append(line)
    for line in other:
        warnings.warn(f"axe: {line}", stacklevel=2)
    summary = f"{len(blocking)} serious/critical axe violations:\n"
    assert not blocking, summary + "\n".join(blocking)
