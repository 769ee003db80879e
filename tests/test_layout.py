"""The package stays apart from the tests and the developer tools, and nothing patches paths."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "scripts" / "reportsite"
# Top-level names that are not the product: developer tools and test modules.
NOT_PRODUCT = ("devtools", "tests", "support", "conftest", "helpers", "hostile")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_product_imports_nothing_from_tests_or_tools() -> None:
    offending = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        bad = sorted(m for m in imported_modules(path)
                     if m.split(".")[0] in NOT_PRODUCT or m.split(".")[0].startswith("test_"))
        if bad:
            offending[str(path.relative_to(ROOT))] = bad
    assert not offending


def test_the_check_sees_an_import_from_the_tools(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("import os\nfrom devtools.bench import x\nfrom . import y\n",
                      encoding="utf-8")
    assert imported_modules(sample) == {"os", "devtools.bench"}


def tracked_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                         encoding="utf-8", check=True).stdout
    return [ROOT / line for line in out.splitlines()
            if line.endswith((".py", ".toml", ".cfg", ".yml", ".sh")) or line == "Makefile"]


def test_no_path_patching_anywhere() -> None:
    """The package is installed (`make` does it): no sys.path edits, no PYTHONPATH."""
    needles = ("sys.path.insert", "sys.path.append", "PYTHON" + "PATH", "python" + "path =")
    hits = []
    for path in tracked_files():
        if path == Path(__file__):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        hits += [f"{path.relative_to(ROOT)}: {n}" for n in needles if n in text]
    assert not hits


def test_no_test_imports_another_test_module() -> None:
    """Shared helpers live in tests/support/; a test module is imported by pytest alone."""
    tests = ROOT / "tests"
    own = {p.stem for p in tests.glob("*.py")}
    offending = {}
    for path in sorted([*tests.glob("*.py"), *(tests / "support").glob("*.py")]):
        bad = sorted(m for m in imported_modules(path) if m.split(".")[0] in own)
        if bad:
            offending[str(path.relative_to(ROOT))] = bad
    assert not offending
