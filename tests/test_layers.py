"""Imports flow one way: web -> paperwork -> engine. The engine is pure domain code that imports
only the standard library, pydantic and yaml (no clock, no environment)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"
ENGINE_ALLOWED = {"pydantic", "yaml"}
FORBIDDEN_CALLS = {("date", "today"), ("datetime", "now"), ("datetime", "today"), ("datetime", "utcnow"),
                   ("os", "getenv"), ("time", "time")}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def test_the_engine_imports_only_the_standard_library_pydantic_and_yaml():
    for path in (APP / "engine").rglob("*.py"):
        for name in imports_of(path):
            top = name.split(".")[0]
            assert top in sys.stdlib_module_names or top in ENGINE_ALLOWED, f"{path.name} imports {name}"
            assert top not in {"os", "time", "random", "socket", "subprocess"}, f"{path.name} imports {name}"


def test_the_engine_never_reads_the_clock_or_the_environment():
    for path in (APP / "engine").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                assert (node.value.id, node.attr) not in FORBIDDEN_CALLS, f"{path.name}:{node.lineno} {node.value.id}.{node.attr}"
            if isinstance(node, ast.Name):
                assert node.id != "environ", f"{path.name}:{node.lineno} uses environ"


def test_paperwork_never_imports_the_web_layer():
    for path in (APP / "paperwork").rglob("*.py") if (APP / "paperwork").exists() else ():
        for name in imports_of(path):
            assert not name.startswith("app.web"), f"{path.name} imports {name}"


def test_the_engine_never_imports_paperwork_or_web():
    for path in (APP / "engine").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level > 1:
                raise AssertionError(f"{path.name} reaches outside the engine with a relative import")
        for name in imports_of(path):
            assert not name.startswith("app."), f"{path.name} imports {name}"
