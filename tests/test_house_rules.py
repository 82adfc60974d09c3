"""House rules as tests: the core stays Qt-free, every module says what it is, none grows too big."""

from __future__ import annotations

import ast
import sys
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


# --- the import structure -------------------------------------------------------------------------------

PACKAGES = ("kiosk", "ui", "drivers")
# What drivers/ may use besides itself and the standard library: the libraries of the devices they drive.
DRIVER_LIBRARIES = {"cv2", "numpy", "requests", "sane"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: frozenset[str] = frozenset()) -> set[str]:
    """Every module `path` imports: at the top, inside functions, and for type checking alike. `from package
    import module` names the module (when `modules` knows it), not the package's __init__."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                names.add(submodule if submodule in modules else node.module)
    return names


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(path): path for folder in PACKAGES for path in (ROOT / folder).rglob("*.py")}
    known = frozenset(modules)
    return {name: {target for target in _imports(path, known) if target in modules and target != name}
            for name, path in modules.items()}


def test_no_module_imports_one_that_imports_it_back():
    graph = _graph()
    cycles = []
    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                cycles.append(" -> ".join([*trail[trail.index(target):], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_drivers_use_only_themselves_the_standard_library_and_device_libraries():
    offenders = []
    for path in (ROOT / "drivers").rglob("*.py"):
        for name in _imports(path):
            top = name.split(".")[0]
            if top not in ("drivers", "__future__") and top not in sys.stdlib_module_names \
                    and top not in DRIVER_LIBRARIES:
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []


def test_screens_get_scanner_drivers_only_through_the_kiosk_s_scanner_service():
    # ui/ may name the drivers' data and error types; building a driver is kiosk/scanning's job (the worker
    # process and the factory), so no screen can run a driver inside the kiosk's own process.
    allowed = {"drivers", "drivers.base", "drivers.errors"}
    offenders = [f"{path.relative_to(ROOT)}: {name}" for path in (ROOT / "ui").rglob("*.py")
                 for name in _imports(path)
                 if name.split(".")[0] == "drivers" and name not in allowed and name.rsplit(".", 1)[0] not in allowed]
    assert offenders == []


def test_every_logger_is_declared_in_the_kiosk_s_log_module():
    declared_in = {ROOT / "kiosk" / "log.py", ROOT / "drivers" / "log.py"}  # drivers/ may not import kiosk/
    offenders = []
    for folder in PACKAGES:
        for path in (ROOT / folder).rglob("*.py"):
            if path in declared_in:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                        and node.func.attr == "getLogger":
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_comments_point_to_documents_inside_the_repository():
    offenders = []
    for folder in (*PACKAGES, "tests", "bench", "docs", "installer", "videos"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".sh", ".toml", ".md", ".qml", ".json") and path != Path(__file__) \
                    and "shared/" in path.read_text(encoding="utf-8"):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
