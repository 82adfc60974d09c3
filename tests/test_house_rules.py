"""House rules as tests: the core stays Qt-free, every module says what it is, none grows too big."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 400
MODULES = sorted(
    path for folder in ("kiosk", "ui", "drivers", "bench", "docs", "tests") for path in (ROOT / folder).rglob("*.py")
)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_module_has_a_docstring_and_stays_small(path):
    text = path.read_text(encoding="utf-8")
    assert ast.get_docstring(ast.parse(text)), f"{path} has no module docstring"
    assert len(text.splitlines()) <= MAX_LINES


@pytest.mark.parametrize("folder", ["kiosk", "drivers"])
def test_core_imports_no_qt(folder):
    offenders = []
    for path in (ROOT / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path}: {name}" for name in names if name.startswith("PySide6")]
            # The command line is the one place that hands over to the GUI, lazily, to start it.
            if path.name != "cli.py":
                offenders += [f"{path}: {name}" for name in names if name.split(".")[0] == "ui"]
    assert offenders == []
