"""Whole-store and per-report dumps in the RDF formats of the registry (coopgraph.formats)."""

from __future__ import annotations

from coopgraph import formats
from coopgraph.errors import CoopgraphError
from coopgraph.formats import Format, Kind
from coopgraph.iris import Minter
from coopgraph.ontology.vocab import PREFIXES
from coopgraph.store import GraphStore

# What a dump can be written in: every format of the registry that holds a graph or a dataset.
EXPORT_FORMATS: tuple[Format, ...] = formats.serving(Kind.GRAPH, Kind.DATASET)


def export_format(name: str) -> Format:
    """The export format called `name` (a canonical name or an alias), or a CoopgraphError."""
    fmt = formats.by_name(name)
    if fmt is None or fmt not in EXPORT_FORMATS:
        raise CoopgraphError(f"unknown export format {name!r}; choose one of {formats.known(EXPORT_FORMATS)}")
    return fmt


def export_bytes(store: GraphStore, minter: Minter, fmt: str, *, report: str | None = None) -> bytes:
    """The whole store (or one report's graph) in format `fmt`, with our prefixes."""
    chosen = export_format(fmt)
    graph_iri = None
    if report is not None:
        graph_iri = minter.report_graph(report)
        if not store.has_graph(graph_iri):
            raise CoopgraphError(f"no report {report!r} in the store")
    if chosen is formats.JSONLD:
        # From the store's N-Triples dump (written by Oxigraph), compacted with our prefixes.
        ntriples = store.dump(formats.NTRIPLES.name, graph_iri=graph_iri)
        return formats.jsonld_from_ntriples(ntriples, PREFIXES)
    return store.dump(chosen.name, graph_iri=graph_iri, prefixes=PREFIXES)
