"""DCAT catalogue and VoID: parsed back, checked with SPARQL for what a DCAT-AP harvester
needs, and every download URL in them is served."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from tiny_store import BASE, REPORT, build_tiny_store, close_workers, jsonld_quads, tiny_client

from coopgraph.store import Store

PREFIXES = """
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    return build_tiny_store(tmp_path_factory.mktemp("tiny") / "store", events=25)


@pytest.fixture(scope="module")
def client(store_path):
    return tiny_client(store_path)


def graph_of(data: bytes, fmt: ox.RdfFormat) -> ox.Store:
    store = ox.Store()
    store.load(data, format=fmt)
    return store


@pytest.fixture(scope="module")
def catalog(client) -> ox.Store:
    response = client.get("/catalog")
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    return graph_of(response.data, ox.RdfFormat.TURTLE)


def ask(store: ox.Store, where: str) -> bool:
    return bool(store.query(PREFIXES + "ASK { " + where + " }"))


def test_catalogue_lists_the_whole_dataset_and_one_per_report(catalog):
    report = f"<{BASE}id/report/{REPORT}>"
    assert ask(
        catalog,
        f"<{BASE}catalog> a dcat:Catalog ; dct:title ?t ; dct:description ?d ; "
        f"dcat:dataset <{BASE}catalog#all>, {report} ; dct:publisher ?p ; dct:license ?l",
    )
    for dataset in (f"<{BASE}catalog#all>", report):
        assert ask(
            catalog,
            f"{dataset} a dcat:Dataset ; dct:title ?t ; dct:description ?d ; dct:license ?l ; "
            "dct:publisher ?p ; dct:temporal [ dcat:startDate ?s ; dcat:endDate ?e ] ; "
            "dct:spatial ?where ; dcat:distribution ?dist",
        ), dataset
    assert ask(catalog, f"{report} dct:temporal [ dcat:startDate ?s ] FILTER(STR(?s) = '2021-07-01')")
    for region in ("by-vi", "by-ho"):
        assert ask(catalog, f"{report} dct:spatial [ skos:exactMatch <{BASE}id/place/{region}> ]"), region
    assert ask(catalog, "?p a foaf:Agent ; foaf:name ?n")


def test_every_distribution_has_media_type_urls_and_licence(catalog):
    rows = list(
        catalog.query(
            PREFIXES
            + """
        SELECT ?dist ?media ?download ?access ?licence WHERE {
          ?dataset dcat:distribution ?dist .
          OPTIONAL { ?dist dcat:mediaType ?media } OPTIONAL { ?dist dcat:downloadURL ?download }
          OPTIONAL { ?dist dcat:accessURL ?access } OPTIONAL { ?dist dct:license ?licence }
        }"""
        )
    )
    assert len(rows) >= 13
    for row in rows:
        assert all(row[v] is not None for v in ("media", "download", "access", "licence")), row["dist"]
        # https, as the EU file-type register links IANA's media types
        assert row["media"].value.startswith("https://www.iana.org/assignments/media-types/")


def test_every_download_url_is_served_with_its_media_type(client, catalog):
    """A .gz file is served as gzip, its dcat:compressFormat; the others as their mediaType."""
    rows = catalog.query(
        PREFIXES + "SELECT DISTINCT ?download ?media ?gz WHERE { ?d dcat:downloadURL ?download ; "
        "dcat:mediaType ?media OPTIONAL { ?d dcat:compressFormat ?gz } }"
    )
    checked = compressed = 0
    for row in rows:
        path = "/" + row["download"].value[len(BASE) :]
        response = client.get(path)
        assert response.status_code == 200, path
        served_as = (row["gz"] or row["media"]).value.rsplit("media-types/", 1)[1]
        assert response.mimetype == served_as, path
        checked += 1
        compressed += row["gz"] is not None
    assert checked >= 13 and compressed >= 3


def test_catalogue_as_jsonld_by_accept_and_by_extension(client, catalog):
    by_accept = client.get("/catalog", headers={"Accept": "application/ld+json"})
    assert by_accept.mimetype == "application/ld+json" and "Accept" in by_accept.headers["Vary"]
    quads = jsonld_quads(by_accept.data)
    assert {q.triple for q in quads} == {q.triple for q in catalog}
    assert client.get("/catalog.jsonld").data == by_accept.data
    assert graph_of(client.get("/catalog.ttl").data, ox.RdfFormat.TURTLE)


def test_void_describes_size_dumps_endpoint_and_partitions(client, store_path):
    response = client.get("/.well-known/void")
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    void = graph_of(response.data, ox.RdfFormat.TURTLE)
    with Store(store_path, read_only=True) as store:
        triples = len({q.triple for q in store.quads()})
    assert ask(void, f"?d void:triples {triples}")
    assert ask(
        void,
        f"<{BASE}catalog#all> a void:Dataset ; void:sparqlEndpoint <{BASE}sparql> ; "
        f"void:dataDump <{BASE}downloads/coopgraph.nt> ; void:uriSpace '{BASE}id/' ; "
        "void:triples ?n ; void:exampleResource ?x",
    )
    assert ask(
        void,
        "?d void:classPartition [ void:class <https://w3id.org/coopgraph/ns#CooperationEvent> ; "
        "void:entities 25 ]",
    )
    assert ask(
        void, f"?d void:subset [ void:dataDump <{BASE}downloads/report-{REPORT}.nt> ; void:triples ?t ]"
    )
    as_jsonld = client.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    assert {q.triple for q in jsonld_quads(as_jsonld.data)} == {q.triple for q in void}


def test_without_a_publisher_in_the_data_the_catalogue_names_its_own(tmp_path):
    client = tiny_client(build_tiny_store(tmp_path / "store", events=2, publisher=False))
    catalog = graph_of(client.get("/catalog").data, ox.RdfFormat.TURTLE)
    close_workers(client)
    fallback = f"<{BASE}catalog#publisher>"
    assert ask(catalog, f"<{BASE}catalog> dct:publisher {fallback} . {fallback} a foaf:Agent ; foaf:name ?n")
    assert ask(catalog, f"<{BASE}id/report/{REPORT}> dct:publisher {fallback}")
