"""The package's floor plan (README "Layout"): the arrows that keep the data flow legible.

Read from the source with ``ast``, so imports inside functions count too.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "unspin"
FACES = ("unspin.cli", "unspin.serve", "unspin.scan", "unspin.watch")
# The command line registers the other faces' commands through their entry points only.
CLI_ENTRIES = {
    "unspin.serve",
    "unspin.serve.server",
    "unspin.scan.commands",
    "unspin.watch.commands",
}
MAX_LINES = 700
DATA_TABLES = {"unspin.core.wordlists"}  # word lists: data, not code


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _resolve(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str) -> set[str]:
    """Our modules that ``module`` imports, anywhere in its body."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        for name in names:
            target = _resolve(name) if name.startswith("unspin") else None
            if target and target != module:
                out.add(target)
    return out


GRAPH = {module: _imports(module) for module in MODULES}


def _cycles() -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    return found


def _under(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def test_no_import_cycles() -> None:
    assert _cycles() == []


def test_core_imports_nothing_of_ours() -> None:
    leaks = {
        m: sorted(t for t in GRAPH[m] if not _under(t, "unspin.core"))
        for m in MODULES
        if _under(m, "unspin.core")
    }
    assert {m: t for m, t in leaks.items() if t} == {}


def test_render_reads_core_only() -> None:
    leaks = {
        m: sorted(t for t in GRAPH[m] if not _under(t, "unspin.core", "unspin.render"))
        for m in MODULES
        if _under(m, "unspin.render")
    }
    assert {m: t for m, t in leaks.items() if t} == {}


def test_comparison_names_changes_and_leaves_judging_to_credibility() -> None:
    leaks = {
        m: sorted(t for t in GRAPH[m] if _under(t, "unspin.credibility", "unspin.app"))
        for m in MODULES
        if _under(m, "unspin.comparison")
    }
    assert {m: t for m, t in leaks.items() if t} == {}


def test_sql_only_in_the_store_package() -> None:
    users = sorted(m for m, path in MODULES.items() if "sqlite3" in _top_level_names(path))
    assert all(_under(m, "unspin.index.store") for m in users), users


def test_nothing_imports_a_face_but_the_face() -> None:
    leaks = defaultdict(list)
    for module, targets in GRAPH.items():
        for target in targets:
            face = next((f for f in FACES if _under(target, f)), None)
            if not face or _under(module, face) or module == "unspin.__main__":
                continue
            if _under(module, "unspin.cli") and target in CLI_ENTRIES:
                continue
            leaks[module].append(target)
    assert dict(leaks) == {}


def test_no_source_file_over_700_lines() -> None:
    lengths = {m: len(MODULES[m].read_text(encoding="utf-8").splitlines()) for m in MODULES}
    assert {m: n for m, n in lengths.items() if n > MAX_LINES and m not in DATA_TABLES} == {}


def _top_level_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names
