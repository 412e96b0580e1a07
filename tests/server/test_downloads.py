"""/downloads: every file listed is served and parses back with an independent parser; the
CSV tables match their Data Package descriptor; files are cached per store generation."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from tiny_store import BASE, REPORT, build_tiny_store, jsonld_quads, tiny_client

from coopgraph.publish.files import downloads
from coopgraph.store import Store

RDF_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    return build_tiny_store(tmp_path_factory.mktemp("tiny") / "store", events=25)


@pytest.fixture(scope="module")
def client(store_path):
    return tiny_client(store_path)


def distinct_triples(store_path) -> set:
    with Store(store_path, read_only=True) as store:
        return {q.triple for q in store.quads()}


def test_downloads_page_links_every_file(client):
    html = client.get("/downloads").get_data(as_text=True)
    for d in downloads([REPORT]):
        assert f'href="/downloads/{d.name}"' in html, d.name
    assert "Отчёт Малоградской области" in html
    assert 'href="/catalog"' in html and 'href="/.well-known/void"' in html


@pytest.mark.parametrize("fmt", ["ttl", "nt", "trig", "nq", "jsonld"])
def test_whole_dataset_dumps_parse_and_hold_every_triple(client, store_path, fmt):
    response = client.get(f"/downloads/coopgraph.{fmt}")
    assert response.status_code == 200
    assert (
        response.mimetype
        == {
            "ttl": "text/turtle",
            "nt": "application/n-triples",
            "trig": "application/trig",
            "nq": "application/n-quads",
            "jsonld": "application/ld+json",
        }[fmt]
    )
    if fmt == "jsonld":
        assert isinstance(json.loads(response.data)["@context"], dict)
        quads = jsonld_quads(response.data)
    else:
        quads = list(ox.parse(response.data, format=RDF_FORMATS[fmt]))
    assert {q.triple for q in quads} == distinct_triples(store_path)
    if fmt in ("trig", "nq"):
        graphs = {q.graph_name.value for q in quads}
        assert graphs == {BASE + "graph/ontology", BASE + "graph/gazetteer", BASE + "graph/" + REPORT}


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_per_report_dumps_hold_that_report_only(client, fmt):
    data = client.get(f"/downloads/report-{REPORT}.{fmt}").data
    quads = jsonld_quads(data) if fmt == "jsonld" else list(ox.parse(data, format=RDF_FORMATS[fmt]))
    subjects = {q.subject.value for q in quads}
    assert BASE + f"id/event/{REPORT}/25" in subjects
    assert not any(s.startswith("https://w3id.org/coopgraph/") for s in subjects)  # no ontology


def test_csv_tables_match_the_datapackage(client):
    package = json.loads(client.get("/downloads/datapackage.json").data)
    assert package["profile"] == "tabular-data-package"
    names = {r["name"] for r in package["resources"]}
    assert names == {"events", "organisations", "participations", "agreements", "places", "people"}
    counts = {}
    for resource in package["resources"]:
        response = client.get(f"/downloads/{resource['path']}")
        assert response.status_code == 200 and response.mimetype == "text/csv"
        rows = list(csv.reader(io.StringIO(response.data.decode("utf-8"), newline="")))
        assert rows[0] == [f["name"] for f in resource["schema"]["fields"]]
        assert all(len(r) == len(rows[0]) for r in rows)
        counts[resource["name"]] = len(rows) - 1
        key = [r[0] for r in rows[1:]]
        assert len(key) == len(set(key)), f"{resource['name']}: primary key repeats"
    assert {k: v for k, v in counts.items() if k not in ("places", "people")} == {
        "events": 25,
        "organisations": 3,
        "participations": 50,
        "agreements": 1,
    }


def test_events_table_values(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/downloads/events.csv").data.decode("utf-8"))))
    second = next(r for r in rows if r["row"] == "2")
    assert second["sector_label"] == "Культура" and second["belarus_regions"] == "Витебская область"
    assert second["participants"] == "20" and second["start"] == "2021-09-03"
    assert second["event_types"] == "https://w3id.org/coopgraph/event-type/exhibition"


def test_unknown_file_is_404(client):
    assert client.get("/downloads/secrets.txt").status_code == 404
    assert client.get("/downloads/..%2Fcoopgraph.ttl").status_code == 404


def test_files_are_cached_until_the_store_generation_moves(tmp_path):
    path = build_tiny_store(tmp_path / "store", events=3)
    client = tiny_client(path)
    first = client.get("/downloads/events.csv").data
    assert client.get("/downloads/events.csv").data is not None
    cache = client.application.extensions["coopgraph.downloads"]
    assert cache.files["events.csv"] is not None and cache.files["events.csv"] == first
    graph = Graph()
    event = URIRef(BASE + "id/event/another-report-2022-h1/1")
    graph.add(
        (
            event,
            URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            URIRef("https://w3id.org/coopgraph/ns#CooperationEvent"),
        )
    )
    graph.add((event, URIRef("http://schema.org/name"), Literal("Новое мероприятие", lang="ru")))
    graph.add(
        (
            event,
            URIRef("https://w3id.org/coopgraph/ns#inReport"),
            URIRef(BASE + "id/report/another-report-2022-h1"),
        )
    )
    graph.add((event, URIRef("https://w3id.org/coopgraph/ns#rowNumber"), Literal(1)))
    with Store(path) as store:
        store.replace_graph(BASE + "graph/another-report-2022-h1", graph)
    second = client.get("/downloads/events.csv").data
    assert "Новое мероприятие" in second.decode("utf-8") and second != first


def test_tables_of_the_bundled_report(app):
    test_client = app.test_client()
    store = app.extensions["coopgraph.store"].get()

    def count(cls: str) -> int:
        return int(
            next(iter(store.query(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a <{cls}> }}")))["n"].value
        )

    expected = {
        "events": count("https://w3id.org/coopgraph/ns#CooperationEvent"),
        "participations": count("http://data.europa.eu/m8g/Participation"),
        "agreements": count("https://w3id.org/coopgraph/ns#Agreement"),
        "organisations": count("http://schema.org/Organization"),
    }
    for name, rows in expected.items():
        text = test_client.get(f"/downloads/{name}.csv").data.decode("utf-8")
        table = list(csv.DictReader(io.StringIO(text, newline="")))
        assert len(table) == rows > 0, name
    participations = csv.DictReader(
        io.StringIO(test_client.get("/downloads/participations.csv").data.decode())
    )
    assert {r["role"].rsplit("/", 1)[-1] for r in participations} >= {"participant", "party"}
