"""What every RDF document the server describes a resource in carries besides the resource's
own triples: the document itself as a ``foaf:Document`` with ``foaf:primaryTopic`` (the thing
it is about) and ``dct:license`` (the ``licence`` setting), and the labels of the IRIs it links
to, so that a client can show every link by name without fetching it.

Used by ``/doc/…`` (linked_data) and the vocabulary documents (vocabulary).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from coopgraph.server.labels import bind_many
from coopgraph.store import GraphStore

FOAF = "http://xmlns.com/foaf/0.1/"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL_PROPERTIES = (
    "http://schema.org/name",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
    "http://xmlns.com/foaf/0.1/name",
)
LABELS = f"""
SELECT DISTINCT ?x ?p ?label WHERE {{
  #PARAMETERS
  VALUES ?p {{ {" ".join(f"<{p}>" for p in LABEL_PROPERTIES)} }}
  ?x ?p ?label FILTER(isLiteral(?label))
}}
"""


def linked_iris(triples: Iterable[ox.Triple]) -> set[str]:
    """Every IRI a set of triples names, in any position."""
    found: set[str] = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                found.add(term.value)
    return found


def label_triples(store: GraphStore, iris: Iterable[str]) -> list[ox.Triple]:
    """The stored labels (name, prefLabel, rdfs:label, title) of `iris`, in every language."""
    unique = sorted(set(iris))
    found: list[ox.Triple] = []
    for start in range(0, len(unique), 500):
        chunk = [ox.NamedNode(i) for i in unique[start : start + 500]]
        for s in store.query(bind_many(LABELS, "x", chunk)):
            found.append(ox.Triple(s["x"], s["p"], s["label"]))
    return found


def with_document_metadata(
    store: GraphStore, triples: list[ox.Triple], *, document: str, topic: str, licence: str
) -> list[ox.Triple]:
    """`triples` plus the document's own description and the labels of what they link to."""
    doc = ox.NamedNode(document)
    extra = [
        ox.Triple(doc, RDF_TYPE, ox.NamedNode(FOAF + "Document")),
        ox.Triple(doc, ox.NamedNode(FOAF + "primaryTopic"), ox.NamedNode(topic)),
        ox.Triple(doc, ox.NamedNode(DCT + "license"), ox.NamedNode(licence)),
    ]
    have = set(triples)
    labels = [t for t in label_triples(store, linked_iris(triples)) if t not in have]
    return [*triples, *extra, *dict.fromkeys(labels)]
