"""The embedded Oxigraph store on disk, with per-report named graphs replaced atomically.

Writers open the store read-write (RocksDB allows one such process at a time); the server's
query workers open it read-only and reopen when the generation counter moves, so `coopgraph
ingest` can run while `coopgraph serve` is answering.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from coopgraph.ingest.errors import StoreError

GENERATION_FILE = "coopgraph-generation.txt"

FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "rdf": ox.RdfFormat.RDF_XML,
}
QUAD_FORMATS = {"nq", "trig"}


def _open(path: Path, read_only: bool) -> ox.Store:
    try:
        if read_only:
            return ox.Store.read_only(str(path))
        path.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except OSError as exc:
        text = str(exc)
        if "lock" in text.lower():
            raise StoreError(
                f"store {path} is locked by another process (another `coopgraph ingest`?); "
                "wait for it to finish and try again"
            ) from None
        if "No space left" in text:
            raise StoreError(f"store {path}: the disk is full") from None
        raise StoreError(f"store {path} cannot be opened: {text}") from None


class Store:
    """A coopgraph store: one Oxigraph database folder."""

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"store {self.path} does not exist; run `coopgraph ingest` first")
        self.ox = _open(self.path, read_only)

    # ------------------------------------------------------------------ writing

    def replace_graph(self, graph_iri: str, graph: Graph) -> int:
        """Make `graph_iri` hold exactly `graph`, atomically; returns the triple count."""
        self.replace_graph_ntriples(graph_iri, graph.serialize(format="nt", encoding="utf-8"))
        return len(graph)

    def replace_graph_ntriples(self, graph_iri: str, data: bytes) -> None:
        """Make `graph_iri` hold exactly the N-Triples `data`, atomically.

        One SPARQL Update (``DROP SILENT GRAPH`` then ``INSERT DATA``) is one Oxigraph
        transaction, so a crash or a concurrent reader sees the old or the new graph, never a
        mix. N-Triples lines are valid SPARQL ``INSERT DATA`` triples as they are.
        """
        self._writable()
        graph = ox.NamedNode(graph_iri).value  # validates the IRI before it enters the update
        update = (
            f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n".encode() + data + b"\n} }"
        )
        try:
            self.ox.update(update.decode("utf-8"))
        except OSError as exc:
            raise StoreError(f"store {self.path}: writing {graph_iri} failed: {exc}") from None
        self._bump_generation()

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL Update (one transaction) and tell readers the store changed."""
        self._writable()
        try:
            self.ox.update(sparql, base_iri=base_iri)
            self.ox.flush()
        except OSError as exc:
            raise StoreError(f"store {self.path}: update failed: {exc}") from None
        self._bump_generation()

    def remove_graph(self, graph_iri: str) -> bool:
        """Delete a named graph; False when there was none."""
        self._writable()
        node = ox.NamedNode(graph_iri)
        if not self.ox.contains_named_graph(node):
            return False
        self.ox.remove_graph(node)
        self.ox.flush()
        self._bump_generation()
        return True

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")

    def _bump_generation(self) -> None:
        marker = self.path / GENERATION_FILE
        marker.write_text(str(self.generation() + 1))

    # ------------------------------------------------------------------ reading

    def generation(self) -> int:
        """A counter that moves on every write; readers reopen when it changes."""
        try:
            return int((self.path / GENERATION_FILE).read_text() or 0)
        except (FileNotFoundError, ValueError):
            return 0

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self.ox.named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, graph_iri: str) -> bool:
        return self.ox.contains_named_graph(ox.NamedNode(graph_iri))

    def query(self, sparql: str, **kwargs: object) -> object:
        """Run a query over the union of all named graphs (unless told otherwise)."""
        kwargs.setdefault("use_default_graph_as_union", True)
        return self.ox.query(sparql, **kwargs)

    def count(self, graph_iri: str | None = None) -> int:
        if graph_iri is None:
            q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        else:
            q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
        return int(next(iter(self.ox.query(q)))["n"].value)

    def quads(self, graph_iri: str | None = None) -> Iterator[ox.Quad]:
        graph = ox.NamedNode(graph_iri) if graph_iri else None
        for q in self.ox.quads_for_pattern(None, None, None, graph):
            if isinstance(q.graph_name, ox.NamedNode):  # every coopgraph triple is in a named graph
                yield q

    def graph(self, graph_iri: str) -> Graph:
        """One named graph as an rdflib Graph (for validation context and tests)."""
        data = self.ox.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph_iri))
        g = Graph()
        g.parse(data=data, format="nt")
        return g

    def dump(
        self, fmt: str, *, graph_iri: str | None = None, prefixes: dict[str, str] | None = None
    ) -> bytes:
        """Serialize the whole store (quad formats) or one graph / the union (triple formats)."""
        rdf_format = FORMATS[fmt]
        if fmt in QUAD_FORMATS:
            graph = ox.NamedNode(graph_iri) if graph_iri else None
            quads = (
                q
                for q in self.ox.quads_for_pattern(None, None, None, graph)
                if isinstance(q.graph_name, ox.NamedNode)
            )
            extra = {"prefixes": prefixes} if prefixes and fmt == "trig" else {}
            return ox.serialize(quads, format=rdf_format, **extra)
        if graph_iri is not None:
            triples = (q.triple for q in self.ox.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri)))
        else:
            # An entity described by several reports has the same triples in each report graph.
            triples = self.ox.query(
                "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
            )
        extra = {"prefixes": prefixes} if prefixes and fmt in {"ttl", "trig", "rdf"} else {}
        return ox.serialize(triples, format=rdf_format, **extra)

    def close(self) -> None:
        if not self.read_only:
            self.ox.flush()
        del self.ox

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
