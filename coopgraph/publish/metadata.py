"""The VoID description of the published data, and the catalogue and VoID files as bytes.

The DCAT-AP catalogue graph is built in `coopgraph.publish.catalogue`; `coopgraph.server.dcat`
serves both files at ``/catalog`` and ``/.well-known/void``, and `coopgraph.publish.build` writes
them into a folder. No blank nodes: every node has an IRI under ``{base}catalog#``.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SKOS, VOID

from coopgraph.formats import JSONLD, by_name, jsonld_from_graph
from coopgraph.iris import Minter
from coopgraph.ontology.vocab import CG_NS, PREFIXES, SDO, bind_prefixes, sparql_prefixes
from coopgraph.publication import Publication
from coopgraph.publish.catalogue import catalog_graph
from coopgraph.publish.files import DESCRIPTION, TITLE, Download, download_url
from coopgraph.store import GraphStore

SD = "http://www.w3.org/ns/sparql-service-description#"

CLASSES = "SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?class } GROUP BY ?class ORDER BY ?class"
DISTINCT_TRIPLES = (
    "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
)
SHAPE = """
SELECT (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?p) AS ?properties) (COUNT(DISTINCT ?o) AS ?objects)
WHERE { ?s ?p ?o }
"""
EXAMPLE = "SELECT ?x WHERE { ?x a cg:CooperationEvent } ORDER BY ?x LIMIT 1"


def _rows(store: GraphStore, query: str) -> list:
    return list(store.query(sparql_prefixes() + query))


def _title_description(graph: Graph, node: URIRef) -> None:
    for lang in ("ru", "en"):
        graph.add((node, DCTERMS.title, Literal(TITLE[lang], lang=lang)))
        graph.add((node, DCTERMS.description, Literal(DESCRIPTION[lang], lang=lang)))


def void_graph(store: GraphStore, minter: Minter, every: list[Download]) -> Graph:
    """VoID: size, URI space, class partitions, vocabularies, dumps, endpoint, per-graph subsets."""
    b = minter.base
    graph = Graph()
    bind_prefixes(graph)
    dataset = URIRef(b + "catalog#all")
    graph.add((dataset, RDF.type, VOID.Dataset))
    _title_description(graph, dataset)
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(b + "sparql")))
    graph.add((dataset, VOID.uriSpace, Literal(b + "id/")))
    graph.add((dataset, VOID.rootResource, URIRef(b + "catalog")))
    for download in every:
        if download.kind == "dump":
            graph.add((dataset, VOID.dataDump, URIRef(download_url(minter, download.name))))
    graph.add((dataset, VOID.triples, Literal(int(_rows(store, DISTINCT_TRIPLES)[0]["n"].value))))
    shape = _rows(store, SHAPE)[0]
    graph.add((dataset, VOID.distinctSubjects, Literal(int(shape["subjects"].value))))
    graph.add((dataset, VOID.properties, Literal(int(shape["properties"].value))))
    graph.add((dataset, VOID.distinctObjects, Literal(int(shape["objects"].value))))
    classes = _rows(store, CLASSES)
    graph.add((dataset, VOID.classes, Literal(len(classes))))
    for i, row in enumerate(classes, 1):
        part = URIRef(f"{b}catalog#class-{i}")
        graph.add((dataset, VOID.classPartition, part))
        graph.add((part, VOID["class"], URIRef(row["class"].value)))
        graph.add((part, VOID.entities, Literal(int(row["n"].value))))
    for vocabulary in (
        CG_NS,
        str(SDO),
        "http://data.europa.eu/m8g/",
        "http://www.w3.org/ns/org#",
        "http://www.w3.org/ns/prov#",
        str(SKOS),
        str(DCAT),
        str(DCTERMS),
    ):
        graph.add((dataset, VOID.vocabulary, URIRef(vocabulary)))
    example = _rows(store, EXAMPLE)
    if example:
        graph.add((dataset, VOID.exampleResource, URIRef(example[0]["x"].value)))
    for graph_iri in store.named_graphs():
        name = graph_iri[len(b + "graph/") :] if graph_iri.startswith(b + "graph/") else graph_iri
        subset = URIRef(f"{b}catalog#graph-{name}")
        graph.add((dataset, VOID.subset, subset))
        graph.add((subset, RDF.type, VOID.Dataset))
        graph.add((subset, URIRef(SD + "name"), URIRef(graph_iri)))
        graph.add((subset, VOID.triples, Literal(store.count(graph_iri))))
        for download in every:
            if download.report == name and download.format == "nt":
                graph.add((subset, VOID.dataDump, URIRef(download_url(minter, download.name))))
    return graph


def serialize(graph: Graph, fmt: str) -> bytes:
    """The catalogue or VoID as compact JSON-LD (the registry's writer), else as Turtle (rdflib's,
    which groups a node's statements and binds the catalogue's prefixes)."""
    if by_name(fmt) is JSONLD:
        return jsonld_from_graph(graph, PREFIXES)
    return graph.serialize(format="turtle", encoding="utf-8")


def catalog_bytes(
    store: GraphStore, minter: Minter, every: list[Download], fmt: str, publication: Publication
) -> bytes:
    return serialize(catalog_graph(store, minter, every, publication), fmt)


def void_bytes(store: GraphStore, minter: Minter, every: list[Download], fmt: str) -> bytes:
    return serialize(void_graph(store, minter, every), fmt)
