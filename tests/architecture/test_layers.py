"""The package's layers, as docs/architecture.md draws them: a module imports only from its own
layer and the ones below it, and no modules import each other in a circle. Imports inside
functions count too: a lazy import back up a layer is still a layer climbed."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "bizenv_cli"

# Lowest first. A module's layer is its first folder under bizenv_cli/; the modules at the top
# (the lazy library API and the entry point) sit above the command line's library calls.
LAYERS = ("model", "files", "checks", "importer", "store", "query", "ledger", "diff", "outputs", "api", "cli", "__main__")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that `name` imports anywhere in its file."""
    found = set()
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imported(name, path, known) - {"bizenv_cli"} for name, path in found.items()}


def layer(name: str) -> int | None:
    parts = name.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 else None


def test_every_module_has_a_layer():
    assert [name for name in modules() if name != "bizenv_cli" and layer(name) is None] == []


def test_no_module_imports_a_higher_layer():
    climbs = sorted(f"{name} imports {target}" for name, targets in graph().items() for target in targets
                    if layer(name) is not None and layer(target) is not None and layer(target) > layer(name))
    assert climbs == []


def test_no_import_circle():
    edges = graph()
    circles = []
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    assert circles == []


def test_the_package_root_imports_nothing_until_asked():
    # `import bizenv_cli` (which every submodule's import runs first) stays free: the library API
    # is loaded by name, on first use.
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    top_level = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))
                 and not (isinstance(node, ast.ImportFrom) and node.module == "__future__")]
    assert top_level == []


def test_the_checker_sees_a_climb_and_a_circle(tmp_path, monkeypatch):
    # The checks above must be able to fail: a model module importing the CLI is both.
    fake = tmp_path / "bizenv_cli"
    for relative in ("__init__.py", "model/__init__.py", "model/a.py", "cli/__init__.py", "cli/b.py"):
        (fake / relative).parent.mkdir(parents=True, exist_ok=True)
        (fake / relative).write_text("")
    (fake / "model" / "a.py").write_text("def f():\n    from bizenv_cli.cli import b\n")
    (fake / "cli" / "b.py").write_text("from bizenv_cli.model.a import f\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", fake)
    edges = graph()
    assert edges["bizenv_cli.model.a"] == {"bizenv_cli.cli.b"}
    assert edges["bizenv_cli.cli.b"] == {"bizenv_cli.model.a"}
    assert layer("bizenv_cli.cli.b") > layer("bizenv_cli.model.a")


def test_each_package_docstring_names_every_module_it_holds():
    # A newcomer reads a layer's modules, one job each, in its __init__ docstring.
    # Every package at any depth (diff/plan too), each module listed: as `name.py` or `name/`, or
    # at the head of a listing line (`    format   the report files...`, `- kinds.py: ...`); a
    # command module may be named in a line's text (`*_cmd  one module per command: due_cmd, ...`).
    # A name only used as a word of the prose ("text") does not count.
    missing = {}
    for init in sorted(PACKAGE.glob("*/**/__init__.py")):
        listed = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        modules = [path.stem for path in init.parent.glob("*.py") if path.stem != "__init__"]
        modules += [path.name for path in init.parent.iterdir() if (path / "__init__.py").is_file()]

        def is_listed(module: str) -> bool:
            name = re.escape(module)
            return bool(re.search(rf"(?<![\w.]){name}(\.py|/)", listed)
                        or re.search(rf"(?m)^\s*(- )?{name}(?!\w)", listed)
                        or (module.endswith("_cmd") and re.search(rf"(?<![\w.]){name}(?!\w)", listed)))

        absent = sorted(module for module in modules if not is_listed(module))
        if absent:
            missing[init.parent.relative_to(PACKAGE).as_posix()] = absent
    assert missing == {}
