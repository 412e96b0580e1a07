"""The import graph of a package read from its source files, and the cycles in it.

Standard library only (ast over the files): the stage folders `ingest/`, `server/`, `shapes/`
and `ontology/` reach the `coopgraph` package through symlinks under `coopgraph/`, and the walk
here follows them (pathlib's `rglob` does not, before Python 3.13), so every module counts.

Every import counts, also one inside a function: a lazy import hides a cycle from the
interpreter, not from whoever reads the code. Imports under `if TYPE_CHECKING:` do not count,
they never run.
"""

from __future__ import annotations

import ast
import os
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path

import networkx as nx


def package_dirs(pyproject: Path) -> dict[str, Path]:
    """Import name -> folder of each top-level package `packages.find` of a pyproject.toml
    includes (sub-packages, the symlinked stage folders among them, are found by the walk)."""
    table = tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]["find"]
    root = pyproject.parent
    return {name: root / name for name in table["include"] if "*" not in name}


def modules(dirs: Mapping[str, Path]) -> dict[str, Path]:
    """Every module name -> its file.

    A folder without ``__init__.py`` counts too: Python imports it as a namespace package, and a
    room that forgot its ``__init__.py`` must not drop out of the check."""
    found: dict[str, Path] = {}
    for package, folder in dirs.items():
        for path in sorted(_python_files(folder)):
            parts = path.relative_to(folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join((package, *parts))] = path
    return found


def _python_files(folder: Path) -> Iterable[Path]:
    for here, _, names in os.walk(folder, followlinks=True):
        yield from (Path(here) / n for n in names if n.endswith(".py"))


def _type_checking_only(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterable[ast.Import | ast.ImportFrom]:
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        for child in ast.iter_child_nodes(node):
            if not _type_checking_only(child):
                stack.append(child)


def _deepest_known(name: str, known: Mapping[str, Path]) -> str | None:
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in known:
            return candidate
    return None


def import_graph(dirs: Mapping[str, Path]) -> dict[str, set[str]]:
    """Module -> the package's own modules it imports (parent packages are not counted: they
    are imported on the way, not chosen by the importing module)."""
    known = modules(dirs)
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        is_package = path.name == "__init__.py"
        here = name if is_package else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                bases = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = here.split(".")
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join([*anchor, base]) if base else ".".join(anchor)
                # `from pkg import mod` imports the module pkg.mod; `from mod import name` imports mod.
                bases = [f"{base}.{alias.name}" for alias in node.names]
            for imported in bases:
                target = _deepest_known(imported, known)
                if target is not None and target != name:
                    targets.add(target)
        graph[name] = targets
    return graph


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module, each named as a path
    that starts and ends on the same module (networkx finds the components)."""
    directed = nx.DiGraph()
    directed.add_nodes_from(graph)
    directed.add_edges_from((name, target) for name, targets in graph.items() for target in targets)
    components = sorted(
        (c for c in nx.strongly_connected_components(directed) if len(c) > 1), key=lambda c: min(c)
    )
    return [_cycle_in(component, graph) for component in components]


def _cycle_in(component: set[str], graph: Mapping[str, set[str]]) -> list[str]:
    """The shortest way from the component's first module back to itself, staying inside it."""
    start = min(component)
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(graph[node] & component):
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [start, *reversed(path[:-1]), start] if node != start else [start, start]
                if child not in previous:
                    previous[child] = node
                    following.append(child)
        frontier = following
    raise AssertionError(f"no cycle inside component {sorted(component)}")
