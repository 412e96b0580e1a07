"""No import cycle among the package's modules (tests/import_graph.py reads the source files)."""

from __future__ import annotations

from pathlib import Path

from import_graph import cycles, import_graph, modules, package_dirs

REPO = Path(__file__).resolve().parent.parent


def test_the_package_has_no_import_cycle() -> None:
    graph = import_graph(package_dirs(REPO / "pyproject.toml"))
    found = [" -> ".join(cycle) for cycle in cycles(graph)]
    assert not found, "import cycles:\n" + "\n".join(found)


def test_every_mapped_folder_is_walked() -> None:
    # The stage folders are symlinks under coopgraph/; a walk that did not follow them
    # would pass the cycle test while seeing none of their modules.
    names = set(modules(package_dirs(REPO / "pyproject.toml")))
    for module in (
        "coopgraph.cli",
        "coopgraph.ingest.to_rdf",
        "coopgraph.server.app",
        "coopgraph.shapes.validate",
        "coopgraph.publish.files",
        "coopgraph.ingest.corrections.apply",
    ):
        assert module in names


def _package(root: Path, files: dict[str, str]) -> dict[str, Path]:
    for name, text in files.items():
        path = root / "tiny" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return {"tiny": root / "tiny"}


def test_a_planted_cycle_is_caught_and_named(tmp_path: Path) -> None:
    dirs = _package(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from tiny.b import helper\n",
            "b.py": "def helper():\n    from .sub import c  # a lazy import still closes the loop\n",
            "sub/__init__.py": "",
            "sub/c.py": "from .. import a\n",
            "d.py": "import tiny.a\n",  # leads into the cycle but is not on it
        },
    )
    assert cycles(import_graph(dirs)) == [["tiny.a", "tiny.b", "tiny.sub.c", "tiny.a"]]


def test_an_acyclic_package_and_type_checking_imports_pass(tmp_path: Path) -> None:
    dirs = _package(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from tiny import b\n",
            "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from tiny import a\n",
        },
    )
    graph = import_graph(dirs)
    assert graph["tiny.a"] == {"tiny.b"}
    assert cycles(graph) == []


# The stage folders in the order a row passes them; the basics at the package root are the only
# other modules a stage may import (README, Architecture: a row's walk runs one way).
STAGES = ("coopgraph.ontology", "coopgraph.ingest", "coopgraph.shapes")
BASICS = {"coopgraph.errors", "coopgraph.iris", "coopgraph.atomic_files"}


def _stage(module: str) -> int | None:
    for i, stage in enumerate(STAGES):
        if module == stage or module.startswith(stage + "."):
            return i
    return None


def test_stages_import_only_earlier_stages_and_the_basics() -> None:
    graph = import_graph(package_dirs(REPO / "pyproject.toml"))
    wrong = []
    for module, targets in sorted(graph.items()):
        here = _stage(module)
        if here is None:
            continue
        for target in sorted(targets):
            there = _stage(target)
            if target not in BASICS and (there is None or there > here):
                wrong.append(f"{module} -> {target}")
    assert not wrong, "a stage imports later or outside the flow:\n" + "\n".join(wrong)
