"""Whole-store and per-report dumps in the RDF formats the CLI and the downloads offer."""

from __future__ import annotations

import json

from rdflib import Graph

from coopgraph.errors import CoopgraphError
from coopgraph.iris import Minter
from coopgraph.ontology.vocab import PREFIXES
from coopgraph.store import GraphStore

MEDIA_TYPES: dict[str, str] = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "trig": "application/trig",
    "nq": "application/n-quads",
    "jsonld": "application/ld+json",
}


def jsonld_context() -> dict[str, str]:
    """The compact, local JSON-LD @context (no remote context is ever referenced)."""
    return dict(PREFIXES)


def export_bytes(store: GraphStore, minter: Minter, fmt: str, *, report: str | None = None) -> bytes:
    graph_iri = None
    if report is not None:
        graph_iri = minter.report_graph(report)
        if not store.has_graph(graph_iri):
            raise CoopgraphError(f"no report {report!r} in the store")
    if fmt == "jsonld":
        graph = Graph()
        graph.parse(data=store.dump("nt", graph_iri=graph_iri), format="nt")
        text = graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True)
        # Round-trip through json to guarantee valid UTF-8 JSON with readable Cyrillic.
        return json.dumps(json.loads(text), ensure_ascii=False, indent=1).encode("utf-8")
    if fmt not in MEDIA_TYPES:
        raise CoopgraphError(f"unknown export format {fmt!r}; choose one of {', '.join(MEDIA_TYPES)}")
    return store.dump(fmt, graph_iri=graph_iri, prefixes=PREFIXES)
