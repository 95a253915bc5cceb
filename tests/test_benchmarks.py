"""The benchmarks are run by hand, not by the suite: this keeps them in step with the code.
Every name they import from the project (at the top or inside a function, where most of
their imports are, so that Django is set up first) must exist."""

import ast
import importlib
from pathlib import Path

import pytest

BENCHMARKS = sorted((Path(__file__).parent.parent / "benchmarks").glob("*.py"))


def project_imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("smallarms"):
            for alias in node.names:
                yield node.lineno, node.module, alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("smallarms"):
                    yield node.lineno, alias.name, None


def test_there_are_benchmarks():
    assert {path.name for path in BENCHMARKS} >= {"load.py", "reporting.py", "assistance.py"}


@pytest.mark.parametrize("path", BENCHMARKS, ids=lambda path: path.name)
def test_every_name_a_benchmark_imports_exists(path):
    missing = []
    for line, module, name in project_imports(path):
        try:
            imported = importlib.import_module(module)
        except ImportError:
            missing.append(f"{path.name}:{line}: no module {module}")
            continue
        if name is not None and not hasattr(imported, name):
            try:
                importlib.import_module(f"{module}.{name}")
            except ImportError:
                missing.append(f"{path.name}:{line}: {module} has no {name}")
    assert missing == []
