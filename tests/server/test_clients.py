"""Real SPARQL clients against a real server: SPARQLWrapper (every return format it knows) and
rdflib's SPARQLStore, over the demo store; then the analyst query pack through SPARQLWrapper
over the bundled report (conftest's `loaded_store`)."""

from __future__ import annotations

import csv
import io
import xml.dom.minidom
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from tiny_store import jsonld_quads

from coopgraph.publish.queries import canned_queries

from .conftest import LiveServer, start_server
from .test_sparql_protocol import EVENTS, EX, ODD_GRAPH, demo_store, stop  # noqa: F401 - demo_store: fixture

EVENT_CLASS = "https://w3id.org/coopgraph/ns#CooperationEvent"
ODD_SELECT = f"SELECT ?o WHERE {{ GRAPH <{ODD_GRAPH}> {{ <{EX}a> <{EX}value> ?o }} }} ORDER BY STR(?o)"
CONSTRUCT = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ODD_GRAPH}> {{ ?s ?p ?o }} }}"


@pytest.fixture(scope="module")
def server(demo_store: Path) -> Iterator[LiveServer]:  # noqa: F811
    live = start_server(demo_store)
    yield live
    stop(live)


@pytest.fixture(scope="module")
def local(demo_store: Path) -> Iterator[ox.Store]:  # noqa: F811
    store = ox.Store.read_only(str(demo_store))
    yield store
    del store


def wrapper(server: LiveServer, query: str, fmt: str, method: str | None = None) -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.url + "/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    if method:
        sparql.setMethod(method)
    return sparql


def expected_values(local: ox.Store) -> list[str]:
    return [s["o"].value for s in local.query(ODD_SELECT)]


# ---------------------------------------------------------------------------- SPARQLWrapper


@pytest.mark.parametrize("method", [None, POST], ids=["GET", "POST"])
def test_sparqlwrapper_select_json(server, local, method):
    result = wrapper(server, ODD_SELECT, JSON, method).queryAndConvert()
    assert [b["o"]["value"] for b in result["results"]["bindings"]] == expected_values(local)
    langs = {b["o"].get("xml:lang") for b in result["results"]["bindings"]}
    assert {"ru", "en"} <= langs


def test_sparqlwrapper_select_xml(server, local):
    document = wrapper(server, ODD_SELECT, XML).queryAndConvert()
    assert isinstance(document, xml.dom.minidom.Document)
    values = [
        node.firstChild.data if node.firstChild else "" for node in document.getElementsByTagName("literal")
    ]
    literal_values = [v for v in expected_values(local) if not v.startswith("http")]
    assert values == literal_values


@pytest.mark.parametrize(("fmt", "delimiter"), [(CSV, ","), (TSV, "\t")])
def test_sparqlwrapper_select_csv_and_tsv(server, fmt, delimiter):
    query = f"SELECT ?e WHERE {{ ?e a <{EVENT_CLASS}> }} ORDER BY ?e LIMIT 7"
    data = wrapper(server, query, fmt).queryAndConvert()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=delimiter))
    assert rows[0] == (["e"] if fmt == CSV else ["?e"]) and len(rows) == 8


def test_sparqlwrapper_ask(server):
    assert wrapper(server, f"ASK {{ ?e a <{EVENT_CLASS}> }}", JSON).queryAndConvert()["boolean"] is True
    assert wrapper(server, "ASK { ?s <urn:nothing> ?o }", XML).query().convert() is not None


@pytest.mark.parametrize(
    ("fmt", "media_type"),
    [(TURTLE, "text/turtle"), (N3, "text/turtle"), (JSONLD, "application/ld+json"),
     (RDFXML, "application/rdf+xml"), (XML, "application/rdf+xml")],
)  # fmt: skip
def test_sparqlwrapper_construct(server, local, fmt, media_type):
    # The raw answer, parsed by pyoxigraph / pyld: SPARQLWrapper's own conversion of RDF/XML and
    # JSON-LD builds an rdflib ConjunctiveGraph, which rdflib 7 deprecates (a warning = an error here).
    result = wrapper(server, CONSTRUCT, fmt).query()
    assert result.info()["content-type"].split(";")[0] == media_type
    body = result.response.read()
    if media_type == "application/ld+json":
        served = {ox.Triple(q.subject, q.predicate, q.object) for q in jsonld_quads(body)}
    else:
        served = {q.triple for q in ox.parse(body, format=ox.RdfFormat.from_media_type(media_type))}
    assert served == set(local.query(CONSTRUCT))


def test_sparqlwrapper_converts_turtle(server, local):
    converted = wrapper(server, CONSTRUCT, TURTLE).queryAndConvert()
    assert {q.triple for q in ox.parse(converted, format=ox.RdfFormat.TURTLE)} == set(local.query(CONSTRUCT))


# ---------------------------------------------------------------------------- rdflib SPARQLStore


@pytest.fixture
def remote_graph(server: LiveServer) -> Iterator[Graph]:
    store = SPARQLStore(server.url + "/sparql", context_aware=False)
    graph = Graph(store=store)
    yield graph
    graph.close()


def test_rdflib_sparqlstore_select(remote_graph, local):
    rows = list(remote_graph.query(ODD_SELECT))
    assert [str(r.o) for r in rows] == expected_values(local)
    ru = [r.o for r in rows if isinstance(r.o, Literal) and r.o.language == "ru"]
    assert ru == [Literal("Смоленск", lang="ru")]


def test_rdflib_sparqlstore_ask_construct_and_triples(remote_graph, local):
    assert remote_graph.query(f"ASK {{ ?e a <{EVENT_CLASS}> }}").askAnswer is True
    constructed = remote_graph.query(CONSTRUCT).graph
    assert len(constructed) == len(list(local.query(CONSTRUCT)))
    events = list(remote_graph.triples((None, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                        URIRef(EVENT_CLASS))))  # fmt: skip
    assert len(events) == EVENTS


def test_rdflib_sparqlstore_count(remote_graph):
    (row,) = remote_graph.query(f"SELECT (COUNT(?e) AS ?n) WHERE {{ ?e a <{EVENT_CLASS}> }}")
    assert row.n.toPython() == EVENTS


# ---------------------------------------------------------------------------- the bundled report


@pytest.fixture(scope="module")
def report_server(loaded_store: Path) -> Iterator[LiveServer]:
    """Like conftest's `live_server` (the bundled report), stopped with its output pipe closed."""
    live = start_server(loaded_store, "--query-timeout", "5")
    yield live
    stop(live)


@pytest.mark.parametrize("name", list(canned_queries()))
def test_the_query_pack_runs_over_the_bundled_report(report_server, name):
    query = canned_queries()[name]
    result = wrapper(report_server, query.sparql(), JSON).queryAndConvert()
    assert result["head"]["vars"]
    assert result["results"]["bindings"], f"{name} returned no rows over the bundled report"
