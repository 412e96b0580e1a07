"""The SPARQL 1.1 Service Description of the endpoint (answered by GET /sparql without a query).

Describes what a client needs before its first query: the endpoint IRI, the languages
(SPARQL 1.1 Query; Update only when an update token is configured), the result formats, that the
default graph is the union of the named graphs, and the named graphs themselves (one per report).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from coopgraph import formats
from coopgraph.formats import Format
from coopgraph.server.results import ENDPOINT_FORMATS

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCT_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
PREFIXES = {"sd": SD, "dct": "http://purl.org/dc/terms/"}


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def description(endpoint: str, named_graphs: Iterable[str], *, update_enabled: bool) -> list[ox.Triple]:
    service = ox.NamedNode(endpoint)
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), service),
        ox.Triple(service, DCT_TITLE, ox.Literal("coopgraph SPARQL 1.1 endpoint", language="en")),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
    ]
    if update_enabled:
        triples.append(ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")))
    for fmt in ENDPOINT_FORMATS:
        triples.append(ox.Triple(service, _sd("resultFormat"), ox.NamedNode(fmt.w3c_iri)))
    dataset, default_graph = ox.BlankNode(), ox.BlankNode()
    triples += [
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, _sd("Graph")),
    ]
    for iri in named_graphs:
        named = ox.BlankNode()
        triples += [
            ox.Triple(dataset, _sd("namedGraph"), named),
            ox.Triple(named, RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(named, _sd("name"), ox.NamedNode(iri)),
        ]
    return triples


def serialize_description(triples: list[ox.Triple], fmt: Format) -> bytes:
    """The description in one of the registry's graph formats."""
    return formats.serialize(triples, fmt, prefixes=PREFIXES)
