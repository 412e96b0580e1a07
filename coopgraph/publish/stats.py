"""Counts for `coopgraph stats` and the home page."""

from __future__ import annotations

from coopgraph.iris import Minter
from coopgraph.pipeline import list_reports
from coopgraph.store import GraphStore

CLASSES = {
    "events": "http://schema.org/Event",
    "agreements": "https://w3id.org/coopgraph/ns#Agreement",
    "organisations": "http://schema.org/Organization",
    "people": "http://schema.org/Person",
    "places": "http://schema.org/Place",
}


def store_stats(store: GraphStore, minter: Minter) -> dict:
    reports = []
    for report_id in list_reports(store, minter):
        graph = minter.report_graph(report_id)
        events = store.query(
            f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?e a <{CLASSES['events']}> }} }}",
            use_default_graph_as_union=False,
        )
        reports.append(
            {"report": report_id, "events": int(next(iter(events))["n"].value), "triples": store.count(graph)}
        )
    classes = {}
    for name, iri in CLASSES.items():
        result = store.query(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a <{iri}> }}")
        classes[name] = int(next(iter(result))["n"].value)
    return {"reports": reports, "classes": classes, "triples": store.count()}
