"""`GraphStore`: what every store backend offers, so callers need not know which one they hold.

Both the embedded store (`coopgraph.store.embedded.Store`) and a SPARQL server
(`coopgraph.store.remote.RemoteStore`) satisfy it; `tests/test_store_protocol.py` and mypy
(`make typecheck`) check that they do. Annotate a parameter `GraphStore` when any backend will
do, and open one with `coopgraph.store.open_store`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol, Self, runtime_checkable

import pyoxigraph as ox
from rdflib import Graph

# What `query` returns depends on the query's form, known only when it runs: solutions
# (``sol["x"]``, ``.variables``) for SELECT, a truth value for ASK, triples for CONSTRUCT and
# DESCRIBE. Callers know which form they wrote, so the result is left to them to use as such.
QueryResult = Any


@runtime_checkable
class GraphStore(Protocol):
    """A coopgraph store: report graphs under their IRIs, queried as one union, with a
    generation counter that moves on every completed write."""

    read_only: bool

    @property
    def location(self) -> str:
        """The folder or the server URL the store was opened from (the ``store`` setting)."""
        ...

    @property
    def path(self) -> Path | None:
        """The store's folder, where files kept beside the store go; None for a server."""
        ...

    # ------------------------------------------------------------------ writing

    def replace_graph(self, graph_iri: str, graph: Graph) -> int:
        """Make `graph_iri` hold exactly `graph`, atomically; returns the triple count."""
        ...

    def replace_graph_ntriples(self, graph_iri: str, data: bytes) -> None:
        """Make `graph_iri` hold exactly the N-Triples `data`, atomically."""
        ...

    def remove_graph(self, graph_iri: str) -> bool:
        """Delete a named graph; False when there was none."""
        ...

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL Update as one transaction."""
        ...

    def publishing_at_most_every(self, seconds: float) -> AbstractContextManager[None]:
        """Within the block, make writes visible to readers at most every `seconds`."""
        ...

    # ------------------------------------------------------------------ reading

    def generation(self) -> int:
        """A counter that moves on every write; readers reopen when it changes."""
        ...

    def named_graphs(self) -> list[str]:
        """The IRIs of the report graphs, sorted."""
        ...

    def has_graph(self, graph_iri: str) -> bool: ...

    def query(
        self,
        sparql: str,
        *,
        use_default_graph_as_union: bool = True,
        default_graph: Iterable[ox.NamedNode | str] | None = None,
        named_graphs: Iterable[ox.NamedNode | str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a query over the union of the named graphs, unless a dataset is given."""
        ...

    def count(self, graph_iri: str | None = None) -> int:
        """Triples in one graph, or in all of them (counted once per graph)."""
        ...

    def quads(self, graph_iri: str | None = None) -> Iterator[ox.Quad]:
        """The quads of one named graph, or of every one."""
        ...

    def graph(self, graph_iri: str) -> Graph:
        """One named graph as an rdflib Graph."""
        ...

    def dump(
        self, fmt: str, *, graph_iri: str | None = None, prefixes: dict[str, str] | None = None
    ) -> bytes:
        """Serialize the whole store (quad formats) or one graph / the union (triple formats)."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...
