"""The suite itself, as issue 19 asks of it: every test asserts something, and no test skips (a
test that cannot run because something it needs is missing fails; tests/no_skips.py)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]

# Calls that assert as a statement does: pytest.raises / warns / fail, as functions or contexts.
ASSERTING_CALLS = frozenset({"raises", "warns", "fail"})


def _called_names(node: ast.AST) -> set[str]:
    """Every name `node` calls or passes on (a helper handed to another as a callback counts)."""
    names = set()
    for inner in ast.walk(node):
        if isinstance(inner, ast.Call):
            function = inner.func
            names.add(function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", ""))
        elif isinstance(inner, ast.Name):
            names.add(inner.id)
    return names


def _asserts_itself(node: ast.AST) -> bool:
    return any(isinstance(inner, ast.Assert) for inner in ast.walk(node)) or bool(
        _called_names(node) & ASSERTING_CALLS)


def unasserting_tests(sources: dict[str, str]) -> list[str]:
    """`file:line name` of each test in `sources` (file name -> Python text; a test is a function
    whose name starts with `test`, as pytest collects them) that neither asserts nor calls,
    directly or through others, a helper of the suite that does."""
    trees = {name: ast.parse(text) for name, text in sources.items()}
    functions = [(name, node) for name, tree in trees.items() for node in ast.walk(tree)
                 if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    helpers: dict[str, list[ast.AST]] = {}
    for _, node in functions:
        if not node.name.startswith("test"):
            helpers.setdefault(node.name, []).append(node)
    asserting = {name for name, nodes in helpers.items() if any(_asserts_itself(node) for node in nodes)}
    grown = True
    while grown:  # a helper that calls an asserting helper asserts too
        grown = False
        for name, nodes in helpers.items():
            if name not in asserting and any(_called_names(node) & asserting for node in nodes):
                asserting.add(name)
                grown = True
    return [f"{file}:{node.lineno} {node.name}" for file, node in functions
            if node.name.startswith("test")
            and not (_asserts_itself(node) or _called_names(node) & asserting)]


def test_every_test_asserts_something():
    sources = {str(path.relative_to(TESTS)): path.read_text(encoding="utf-8") for path in sorted(TESTS.rglob("*.py"))}
    assert unasserting_tests(sources) == []


def test_the_assertion_check_sees_a_test_without_one():
    sources = {
        "test_a.py": "def helper(x):\n    assert x\n\ndef test_asserts():\n    assert 1\n\n"
                     "def test_through_a_helper():\n    helper(1)\n\n"
                     "def test_raises():\n    with pytest.raises(ValueError):\n        int('x')\n\n"
                     "def test_runs_only():\n    print(1)\n",
        "helpers.py": "def outer(x):\n    helper(x)\n",
        "test_b.py": "def test_through_two_helpers():\n    outer(2)\n\ndef test_calls_no_asserting_helper():\n    len([])\n",
    }
    assert unasserting_tests(sources) == ["test_a.py:14 test_runs_only",
                                                   "test_b.py:4 test_calls_no_asserting_helper"]


def _pytest(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST_", "COV_"))}
    env["PYTHONPATH"] = str(TESTS)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no_skips", "-p", "no:cacheprovider",
                           "--rootdir", str(folder), *args, str(folder)],
                          capture_output=True, text=True, env=env, cwd=folder, timeout=120)


def test_a_run_in_which_a_test_skips_fails(tmp_path):
    (tmp_path / "test_some.py").write_text(
        "import pytest\n\ndef test_runs():\n    assert True\n\n"
        "def test_lacks_something():\n    pytest.skip('the data is missing')\n")
    run = _pytest(tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "no_skips: a test that does not run is a failure here (1 skipped)" in run.stdout


def test_a_run_in_which_every_test_runs_passes(tmp_path):
    (tmp_path / "test_some.py").write_text("def test_runs():\n    assert True\n")
    run = _pytest(tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no_skips" not in run.stdout
