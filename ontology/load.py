"""The ontology and the SKOS schemes as one rdflib graph, parsed once per process."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from coopgraph.ontology.vocab import bind_prefixes

ONTOLOGY_FILES = ("coopgraph.ttl", "schemes.ttl")
ONTOLOGY_IRI = URIRef("https://w3id.org/coopgraph/ns")


@cache
def _parsed() -> Graph:
    graph = Graph()
    package = files("coopgraph.ontology")
    for name in ONTOLOGY_FILES:
        graph.parse(data=package.joinpath(name).read_text(encoding="utf-8"), format="turtle")
    return graph


def ontology_graph() -> Graph:
    """coopgraph.ttl + schemes.ttl. A fresh copy each call (callers may add to it); the Turtle
    is parsed only once."""
    graph = Graph()
    bind_prefixes(graph)
    for triple in _parsed():
        graph.add(triple)
    return graph


@cache
def scheme_keys(scheme: str) -> frozenset[str]:
    """Concept keys (the part after the scheme IRI) of one scheme, e.g.
    ``scheme_keys(SECTOR_NS)`` -> {"culture", "sport", ...}."""
    graph = _parsed()
    return frozenset(
        str(concept)[len(scheme) :]
        for concept in graph.subjects(SKOS.inScheme, URIRef(scheme))
        if (concept, RDF.type, SKOS.Concept) in graph
    )
