"""The layout of DESIGN.md §4, checked: one direction of imports between the stages, no import circles,
Streamlit only in ``laomap.ui``, and a docstring at the top of every package saying what it is for."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "laomap"
# The stages in the order data flows through them; a package imports only from its own and earlier ones.
STAGES = ("ingest", "pipeline", "userdata", "views", "maps", "charts", "export", "cli", "ui")
# Modules every stage may use (they import no stage, except i18n's type-only reference to the dataset).
BASE = {"errors", "codeid", "paths", "style", "textnorm", "atomic", "i18n", "appserver", "templates", "__init__"}


def _module(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """laomap modules imported anywhere in a file (top level or inside functions), TYPE_CHECKING blocks excluded."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for child in node.body for n in ast.walk(child)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("laomap"):
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names if (SRC.parent / node.module.replace(".", "/") / f"{a.name}.py").exists()
                      or (SRC.parent / node.module.replace(".", "/") / a.name).is_dir()}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("laomap")}
    return found


MODULES = {_module(p): p for p in sorted(SRC.rglob("*.py"))}
GRAPH = {m: {i for i in _imports(p) if i != m} for m, p in MODULES.items()}


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _stage(m) in STAGES))
def test_imports_go_one_way(module):
    mine = STAGES.index(_stage(module))
    wrong = sorted(i for i in GRAPH[module] if _stage(i) in STAGES and STAGES.index(_stage(i)) > mine)
    assert not wrong, f"{module} imports later stages {wrong}: the data flows {' -> '.join(STAGES)}"


def test_base_modules_import_no_stage():
    for module in (m for m in MODULES if _stage(m) in BASE - {"__init__"}):
        assert not {i for i in GRAPH[module] if _stage(i) in STAGES}, module


def test_no_import_circles():
    """Depth-first search over every laomap import (lazy ones included): a circle is named."""
    def resolve(name: str) -> str | None:
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        return name or None

    edges = {m: {r for i in deps if (r := resolve(i)) and r != m and not m.startswith(r + ".")} for m, deps in GRAPH.items()}
    # a package's __init__ re-exporting its own modules is not a circle with them
    edges = {m: {d for d in deps if not (d.startswith(m + "."))} if MODULES[m].name == "__init__.py" else deps
             for m, deps in edges.items()}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        path.append(m)
        for d in sorted(edges.get(m, ())):
            if state.get(d) == 1:
                raise AssertionError("import circle: " + " -> ".join(path[path.index(d):] + [d]))
            if state.get(d) is None:
                visit(d)
        path.pop()
        state[m] = 2

    for m in sorted(edges):
        if state.get(m) is None:
            visit(m)


def test_streamlit_only_in_ui():
    for module, path in MODULES.items():
        if _stage(module) != "ui":
            text = path.read_text(encoding="utf-8")
            assert "import streamlit" not in text and "from streamlit" not in text, module


@pytest.mark.parametrize("package", [*STAGES, "i18n"])
def test_every_package_says_what_it_is_for_and_what_it_may_import(package):
    doc = importlib.import_module(f"laomap.{package}").__doc__ or ""
    assert len(doc) > 120 and "import" in doc.lower(), f"laomap/{package}/__init__.py needs a docstring: purpose and allowed imports"
