"""The layout of the code: ``pipelines/defs/`` holds the Dagster definitions, and what
draws a page or measures the refresh does not load them (issue 22, point 4).

The dashboard (``bi/``) and the benchmark (``bench/``) read the LKj
(``pipelines/lkj/``), the contract (``pipelines/contract/``) and the library
(``pipelines/lib/``); none of what they import, directly or through those
modules, is a module of ``pipelines/defs/``. Imports are read from the source
(``ast``): import statements, module names written as strings (``python -m
pipelines.x``, ``importlib.import_module("pipelines.x")``) and Python code
written as strings (``python -c "from pipelines.x import y"``).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import PROJECT_ROOT

OURS = ("pipelines", "bi", "bench")
MODULE_NAME = re.compile(rf"(?:{'|'.join(OURS)})(?:\.\w+)*")


def module_file(name: str) -> Path | None:
    """The file of the project's module ``name``, if it is one."""
    path = PROJECT_ROOT.joinpath(*name.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports_of_code(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            # ``from pipelines.lib import config`` imports the module pipelines.lib.config
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def imported_names(path: Path) -> set[str]:
    """Every module name ``path`` imports or names: statements, and strings that are a
    module's name or Python code."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = _imports_of_code(tree)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        text = node.value
        if MODULE_NAME.fullmatch(text):
            names.add(text)
        elif "import " in text:
            try:
                names |= _imports_of_code(ast.parse(text))
            except SyntaxError:  # prose that says "import"
                continue
    return names


def loaded_modules(paths: list[Path]) -> dict[str, Path]:
    """The project's modules that importing ``paths`` loads, each with the file that first
    imports it: followed through the project's own modules and their packages."""
    seen: dict[str, Path] = {}
    todo = [(name, path) for path in paths for name in imported_names(path)]
    while todo:
        name, by = todo.pop()
        if not name.startswith(OURS):
            continue
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):  # a module's packages are loaded first
            module = ".".join(parts[:depth])
            file = module_file(module)
            if file is None or module in seen:
                continue
            seen[module] = by
            todo += [(inner, file) for inner in imported_names(file)]
    return seen


def test_the_dashboard_and_the_benchmark_load_no_dagster_definitions() -> None:
    roots = sorted(p for folder in ("bi", "bench") for p in (PROJECT_ROOT / folder).rglob("*.py"))
    assert roots
    loaded = loaded_modules(roots)
    assert "pipelines.lkj" in loaded  # what they do read: the check reads through to it
    defs = {
        name: by.relative_to(PROJECT_ROOT).as_posix()
        for name, by in loaded.items()
        if name == "pipelines.defs" or name.startswith("pipelines.defs.")
    }
    assert defs == {}


def test_the_check_sees_every_way_of_naming_a_module(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import subprocess, sys, importlib\n"
        "from pipelines.defs import models\n"
        "import pipelines.defs.feeds.assets\n"
        "importlib.import_module('pipelines.defs.reports.assets')\n"
        "subprocess.run([sys.executable, '-m', 'pipelines.defs.publish.sensors'])\n"
        "subprocess.run([sys.executable, '-c', 'from pipelines.defs.models.dbt import x; x()'])\n"
        "print('import this, not a module: pipelines')\n"
    )
    assert {n for n in imported_names(probe) if n.startswith("pipelines.defs")} == {
        "pipelines.defs",
        "pipelines.defs.models",
        "pipelines.defs.feeds.assets",
        "pipelines.defs.reports.assets",
        "pipelines.defs.publish.sensors",
        "pipelines.defs.models.dbt",
        "pipelines.defs.models.dbt.x",
    }
    # Through another module of the project: pipelines/definitions.py loads defs/.
    via = tmp_path / "via.py"
    via.write_text("import pipelines.definitions\n")
    assert "pipelines.defs.models.dbt" in loaded_modules([via])
