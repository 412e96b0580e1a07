"""DCAT-AP-style catalogue and VoID description of the published data.

The catalogue (built in `coopgraph.server.catalogue`) is served at ``/catalog`` (Turtle, or JSON-LD by Accept;
``/catalog.ttl``, ``/catalog.jsonld``) and VoID at ``/.well-known/void``.
No blank nodes: every node has an IRI under ``{base}catalog#``.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, render_template, request
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SKOS, VOID

from coopgraph.export import jsonld_context
from coopgraph.ingest.iris import Minter
from coopgraph.ontology.vocab import CG_NS, SDO, bind_prefixes, sparql_prefixes
from coopgraph.publication import Publication
from coopgraph.publish import DESCRIPTION, FORMAT_NAMES, TITLE, Download, download_url
from coopgraph.registers import THEMES
from coopgraph.server.catalogue import catalog_graph
from coopgraph.store import Store

blueprint = Blueprint("dcat", __name__)

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


def _rows(store: Store, query: str) -> list:
    return list(store.query(sparql_prefixes() + query))


def _title_description(graph: Graph, node: URIRef) -> None:
    for lang in ("ru", "en"):
        graph.add((node, DCTERMS.title, Literal(TITLE[lang], lang=lang)))
        graph.add((node, DCTERMS.description, Literal(DESCRIPTION[lang], lang=lang)))


def void_graph(store: Store, minter: Minter, every: list[Download]) -> Graph:
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
    if fmt == "jsonld":
        text = graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True)
        return json.dumps(json.loads(text), ensure_ascii=False, indent=1).encode("utf-8")
    return graph.serialize(format="turtle", encoding="utf-8")


def catalog_bytes(
    store: Store, minter: Minter, every: list[Download], fmt: str, publication: Publication
) -> bytes:
    return serialize(catalog_graph(store, minter, every, publication), fmt)


def void_bytes(store: Store, minter: Minter, every: list[Download], fmt: str) -> bytes:
    return serialize(void_graph(store, minter, every), fmt)


def _negotiated(name_ttl: str, name_jsonld: str, fmt: str | None) -> Response:
    """Serve a metadata file from the download cache: Turtle unless JSON-LD is preferred."""
    from coopgraph.server.downloads import cached

    if fmt is None:
        best = request.accept_mimetypes.best_match(["text/turtle", "application/ld+json", "application/json"])
        fmt = "jsonld" if best in ("application/ld+json", "application/json") else "ttl"
    name = name_jsonld if fmt == "jsonld" else name_ttl
    media = "application/ld+json" if fmt == "jsonld" else "text/turtle"
    response = Response(cached(current_app, name), mimetype=media)
    response.mimetype_params["charset"] = "utf-8"
    response.headers["Vary"] = "Accept"
    return response


def _wants_html() -> bool:
    """A browser (text/html preferred over the RDF forms) gets the catalogue as a page."""
    offered = ["text/turtle", "application/ld+json", "application/json", "text/html"]
    best = request.accept_mimetypes.best_match(offered)
    return (
        best == "text/html"
        and request.accept_mimetypes["text/html"] > request.accept_mimetypes["text/turtle"]
    )


@blueprint.get("/catalog")
def catalog() -> Response:
    if _wants_html():
        return _catalog_page()
    return _negotiated("catalog.ttl", "catalog.jsonld", None)


def _catalog_page() -> Response:
    from coopgraph.server import downloads, schema_org
    from coopgraph.server.i18n import current_lang
    from coopgraph.server.labels import labels

    app = current_app._get_current_object()
    files, pub = downloads.listing(app), downloads.publication(app)
    minter = app.extensions["coopgraph.minter"]
    reports = sorted({d.report for d in files if d.report})
    titles = labels(
        app.extensions["coopgraph.store"].get(), {minter.report(r) for r in reports}, current_lang()
    )
    body = render_template(
        "catalog.html",
        pub=pub,
        files=[d for d in files if d.kind in ("dump", "table", "schema")],
        formats=FORMAT_NAMES,
        reports=[(minter.report(r), titles.get(minter.report(r), r)) for r in reports],
        theme_labels=[THEMES.get(t.rsplit("/", 1)[-1], (t, t)) for t in pub.themes],
        jsonld=schema_org.site_dataset(app),
        rdf_alternates=schema_org.dump_alternates(app, request.script_root),
    )
    response = Response(body, mimetype="text/html")
    response.headers["Vary"] = "Accept"
    return response


@blueprint.get("/catalog.ttl")
def catalog_ttl() -> Response:
    return _negotiated("catalog.ttl", "catalog.jsonld", "ttl")


@blueprint.get("/catalog.jsonld")
def catalog_jsonld() -> Response:
    return _negotiated("catalog.ttl", "catalog.jsonld", "jsonld")


@blueprint.get("/.well-known/void")
def void() -> Response:
    return _negotiated("void.ttl", "void.jsonld", None)
