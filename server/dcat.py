"""DCAT-AP-style catalogue and VoID description of the published data.

The catalogue ``{base}catalog`` lists one dataset for the whole graph (``{base}catalog#all``)
and one per report (the report's own IRI, already a ``dcat:Dataset`` in the data), each with
title, description, publisher, licence, temporal and spatial coverage and its distributions
(``dcat:mediaType`` as IANA IRIs, ``dcat:accessURL``, ``dcat:downloadURL``). The SPARQL
endpoint is a ``dcat:DataService``. Served at ``/catalog`` (Turtle, or JSON-LD by Accept;
``/catalog.ttl``, ``/catalog.jsonld``) and VoID at ``/.well-known/void``.
No blank nodes: every node has an IRI under ``{base}catalog#``.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, VOID, XSD

from coopgraph.export import jsonld_context
from coopgraph.ingest.iris import Minter
from coopgraph.ontology.vocab import CG_NS, SDO, bind_prefixes, sparql_prefixes
from coopgraph.publish import (
    DESCRIPTION,
    FORMAT_NAMES,
    LICENCE,
    PUBLISHER_NAME,
    TITLE,
    Download,
    download_url,
)
from coopgraph.store import Store

blueprint = Blueprint("dcat", __name__)

IANA = "http://www.iana.org/assignments/media-types/"
LANGUAGE_RU = URIRef("http://publications.europa.eu/resource/authority/language/RUS")
THEME_GOVERNMENT = URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE")
SD = "http://www.w3.org/ns/sparql-service-description#"

REPORTS = """
SELECT ?report ?title ?description ?start ?end ?publisher ?publisherName WHERE {
  ?report a cg:Report .
  OPTIONAL { ?report dct:title ?title }
  OPTIONAL { ?report dct:description ?description }
  OPTIONAL { ?report cg:periodStart ?start }
  OPTIONAL { ?report cg:periodEnd ?end }
  OPTIONAL { ?report dct:publisher ?publisher OPTIONAL { ?publisher schema:name ?publisherName } }
}
"""
REGIONS = """
SELECT DISTINCT ?report ?place ?name WHERE {
  ?event cg:inReport ?report ; cg:region ?place .
  OPTIONAL { ?place schema:name ?name }
}
"""
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


def _distribution(graph: Graph, minter: Minter, download: Download) -> URIRef:
    node = URIRef(f"{minter.base}catalog#dist-{download.name}")
    graph.add((node, RDF.type, DCAT.Distribution))
    graph.add((node, DCTERMS.title, Literal(f"{download.name} ({FORMAT_NAMES[download.format]})")))
    graph.add((node, DCAT.mediaType, URIRef(IANA + download.media_type)))
    graph.add((node, DCAT.accessURL, URIRef(minter.base + "downloads")))
    graph.add((node, DCAT.downloadURL, URIRef(download_url(minter, download.name))))
    graph.add((node, DCTERMS.license, URIRef(LICENCE)))
    return node


def _period(graph: Graph, node: URIRef, start: str | None, end: str | None) -> None:
    graph.add((node, RDF.type, DCTERMS.PeriodOfTime))
    if start:
        graph.add((node, DCAT.startDate, Literal(start, datatype=XSD.date)))
    if end:
        graph.add((node, DCAT.endDate, Literal(end, datatype=XSD.date)))


def _open_data(graph: Graph, node: URIRef, landing: str) -> None:
    """What every dataset of the catalogue carries: licence, language, landing page."""
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.license, URIRef(LICENCE)))
    graph.add((node, DCTERMS.language, LANGUAGE_RU))
    graph.add((node, DCAT.landingPage, URIRef(landing)))


def _report_infos(store: Store) -> dict[str, dict]:
    """Per report IRI: its titles, descriptions, period and publisher as stored."""
    reports: dict[str, dict] = {}
    for row in _rows(store, REPORTS):
        info = reports.setdefault(row["report"].value, {"titles": set(), "descriptions": set()})
        if row["title"]:
            info["titles"].add(row["title"])
        if row["description"]:
            info["descriptions"].add(row["description"])
        for key in ("start", "end", "publisher", "publisherName"):
            if row[key] is not None:
                info[key] = row[key].value if key in ("start", "end", "publisher") else row[key]
    return reports


def _report_dataset(graph: Graph, minter: Minter, iri: str, info: dict, every: list[Download]) -> None:
    node = URIRef(iri)
    _open_data(graph, node, iri)
    for lit in info["titles"]:
        graph.add((node, DCTERMS.title, Literal(lit.value, lang=lit.language)))
    for lit in info["descriptions"] or [ox.Literal("Полугодовой отчёт о сотрудничестве", language="ru")]:
        graph.add((node, DCTERMS.description, Literal(lit.value, lang=lit.language)))
    if "start" in info or "end" in info:
        period = URIRef(iri + "/period")
        graph.add((node, DCTERMS.temporal, period))
        _period(graph, period, info.get("start"), info.get("end"))
    rid = iri.rsplit("/", 1)[-1]
    for download in every:
        if download.report == rid:
            graph.add((node, DCAT.distribution, _distribution(graph, minter, download)))


def _publishers(graph: Graph, minter: Minter, reports: dict[str, dict]) -> list[URIRef]:
    """Each report's publisher (a foaf:Agent); the catalogue's own when the data names none,
    since DCAT-AP requires one."""
    found = set()
    for iri, info in reports.items():
        if "publisher" in info:
            publisher = URIRef(info["publisher"])
            found.add(publisher)
            graph.add((URIRef(iri), DCTERMS.publisher, publisher))
            graph.add((publisher, RDF.type, FOAF.Agent))
            if "publisherName" in info:
                name = info["publisherName"]
                graph.add((publisher, FOAF.name, Literal(name.value, lang=name.language)))
    if not found:
        fallback = URIRef(minter.base + "catalog#publisher")
        found.add(fallback)
        graph.add((fallback, RDF.type, FOAF.Agent))
        for lang, name in PUBLISHER_NAME.items():
            graph.add((fallback, FOAF.name, Literal(name, lang=lang)))
        for iri in reports:
            graph.add((URIRef(iri), DCTERMS.publisher, fallback))
    return sorted(found)


def catalog_graph(store: Store, minter: Minter, every: list[Download]) -> Graph:
    """The DCAT catalogue of the store's reports and the published files."""
    b = minter.base
    graph = Graph()
    bind_prefixes(graph)
    catalog, whole, service = URIRef(b + "catalog"), URIRef(b + "catalog#all"), URIRef(b + "sparql")
    graph.add((catalog, RDF.type, DCAT.Catalog))
    _title_description(graph, catalog)
    graph.add((catalog, FOAF.homepage, URIRef(b)))
    graph.add((catalog, DCTERMS.license, URIRef(LICENCE)))
    graph.add((catalog, DCTERMS.language, LANGUAGE_RU))
    graph.add((catalog, DCAT.service, service))

    graph.add((catalog, DCAT.dataset, whole))
    _open_data(graph, whole, b)
    _title_description(graph, whole)
    graph.add((whole, DCAT.theme, THEME_GOVERNMENT))
    for keyword in ("Беларусь", "сотрудничество", "Belarus", "cooperation", "events"):
        graph.add((whole, DCAT.keyword, Literal(keyword)))
    for download in every:
        if download.kind in ("dump", "table") or download.name == "datapackage.json":
            graph.add((whole, DCAT.distribution, _distribution(graph, minter, download)))

    graph.add((service, RDF.type, DCAT.DataService))
    graph.add((service, DCTERMS.title, Literal("SPARQL 1.1 endpoint", lang="en")))
    graph.add((service, DCAT.endpointURL, service))
    graph.add((service, DCAT.servesDataset, whole))
    graph.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))

    reports = _report_infos(store)
    for iri, info in sorted(reports.items()):
        graph.add((catalog, DCAT.dataset, URIRef(iri)))
        graph.add((whole, DCTERMS.hasPart, URIRef(iri)))
        graph.add((URIRef(iri), DCTERMS.isPartOf, whole))
        _report_dataset(graph, minter, iri, info, every)
    for publisher in _publishers(graph, minter, reports):
        graph.add((catalog, DCTERMS.publisher, publisher))
        graph.add((whole, DCTERMS.publisher, publisher))
    starts = [i["start"] for i in reports.values() if "start" in i]
    ends = [i["end"] for i in reports.values() if "end" in i]
    if starts or ends:
        period = URIRef(b + "catalog#all-period")
        graph.add((whole, DCTERMS.temporal, period))
        _period(graph, period, min(starts, default=None), max(ends, default=None))

    for row in _rows(store, REGIONS):
        place = URIRef(row["place"].value)
        graph.add((URIRef(row["report"].value), DCTERMS.spatial, place))
        graph.add((whole, DCTERMS.spatial, place))
        graph.add((place, RDF.type, DCTERMS.Location))
        if row["name"] is not None:
            graph.add((place, SKOS.prefLabel, Literal(row["name"].value, lang=row["name"].language)))
    return graph


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


def catalog_bytes(store: Store, minter: Minter, every: list[Download], fmt: str) -> bytes:
    return serialize(catalog_graph(store, minter, every), fmt)


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


@blueprint.get("/catalog")
def catalog() -> Response:
    return _negotiated("catalog.ttl", "catalog.jsonld", None)


@blueprint.get("/catalog.ttl")
def catalog_ttl() -> Response:
    return _negotiated("catalog.ttl", "catalog.jsonld", "ttl")


@blueprint.get("/catalog.jsonld")
def catalog_jsonld() -> Response:
    return _negotiated("catalog.ttl", "catalog.jsonld", "jsonld")


@blueprint.get("/.well-known/void")
def void() -> Response:
    return _negotiated("void.ttl", "void.jsonld", None)
