"""schema.org JSON-LD embedded in every page type, parsed out of the HTML with lxml and checked
against schema.org's own vocabulary (tests/data/schemaorg/schema.ttl, no network): every type
exists, every property exists and is allowed on its type (schema:domainIncludes, up the
class tree), and every nested object's type is in the property's schema:rangeIncludes."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import lxml.html
import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import RDF, RDFS

from .conftest import TEST_BASE_IRI

SCHEMA = Namespace("https://schema.org/")
VOCABULARY = Path(__file__).resolve().parents[1] / "data" / "schemaorg" / "schema.ttl"


@cache
def vocabulary() -> Graph:
    return Graph().parse(VOCABULARY, format="turtle")


def superclasses(name: str) -> set[str]:
    graph = vocabulary()
    return {str(c).removeprefix(str(SCHEMA)) for c in graph.transitive_objects(SCHEMA[name], RDFS.subClassOf)}


def check(node: dict, problems: list[str], where: str = "") -> None:
    graph = vocabulary()
    kind = node.get("@type")
    assert isinstance(kind, str), f"{where}: no @type"
    if (SCHEMA[kind], RDF.type, RDFS.Class) not in graph:
        problems.append(f"{where}: {kind} is no schema.org type")
        return
    allowed = superclasses(kind)
    for key, value in node.items():
        if key.startswith("@"):
            continue
        prop = SCHEMA[key]
        if (prop, RDF.type, RDF.Property) not in graph:
            problems.append(f"{where}{kind}.{key}: no schema.org property")
            continue
        domains = {str(d).removeprefix(str(SCHEMA)) for d in graph.objects(prop, SCHEMA.domainIncludes)}
        if not domains & allowed:
            problems.append(f"{where}{kind}.{key}: not allowed on {kind} (domains {sorted(domains)})")
        ranges = {str(r).removeprefix(str(SCHEMA)) for r in graph.objects(prop, SCHEMA.rangeIncludes)}
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                if not superclasses(item["@type"]) & ranges:
                    problems.append(f"{where}{kind}.{key}: {item['@type']} not in range {sorted(ranges)}")
                check(item, problems, f"{where}{kind}.{key} > ")


def embedded(html: bytes) -> list[dict]:
    tree = lxml.html.fromstring(html)
    return [json.loads(s.text) for s in tree.xpath('//script[@type="application/ld+json"]')]


def one_of(store_path: Path, query: str) -> str:
    from coopgraph.store import Store

    with Store(store_path, read_only=True) as store:
        rows = list(store.query(query))
    assert rows, query
    return rows[0]["x"].value


@pytest.fixture(scope="module")
def pages(loaded_store) -> dict[str, tuple[str, dict]]:
    """Each page type: its path and the one JSON-LD object it embeds."""
    from coopgraph.server.app import create_app

    event = one_of(
        loaded_store,
        "SELECT ?x WHERE { ?x a <http://schema.org/Event> ; <http://schema.org/location> ?p . "
        "?p <http://www.w3.org/2003/01/geo/wgs84_pos#lat> ?lat } ORDER BY ?x LIMIT 1",
    )
    organisation = one_of(
        loaded_store,
        "SELECT ?x WHERE { ?x a <http://schema.org/Organization> ; <http://schema.org/location> ?p } "
        "ORDER BY ?x LIMIT 1",
    )
    client = create_app({"store": str(loaded_store), "base_iri": TEST_BASE_IRI}).test_client()
    found = {}
    for kind, path in {
        "home": "/",
        "downloads": "/downloads",
        "catalog": "/catalog",
        "event": "/doc/" + event.removeprefix(TEST_BASE_IRI + "id/"),
        "organisation": "/doc/" + organisation.removeprefix(TEST_BASE_IRI + "id/"),
    }.items():
        response = client.get(path, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
        assert response.status_code == 200 and response.mimetype == "text/html", path
        blocks = embedded(response.data)
        assert len(blocks) == 1, path
        found[kind] = (path, blocks[0], response.data)
    return found


@pytest.mark.parametrize("kind", ["home", "downloads", "catalog", "event", "organisation"])
def test_embedded_jsonld_uses_only_schema_org_terms_where_they_belong(pages, kind):
    path, data, _ = pages[kind]
    assert data["@context"] == "https://schema.org"
    problems: list[str] = []
    check(data, problems)
    assert problems == [], path


@pytest.mark.parametrize("kind", ["home", "downloads", "catalog"])
def test_dataset_with_its_distributions(pages, kind):
    _, data, html = pages[kind]
    assert data["@type"] == "Dataset" and data["name"] and data["description"] and data["license"]
    urls = {d["contentUrl"] for d in data["distribution"]}
    assert (
        f"{TEST_BASE_IRI}downloads/coopgraph.ttl" in urls and f"{TEST_BASE_IRI}downloads/events.csv" in urls
    )
    links = lxml.html.fromstring(html).xpath('//link[@rel="alternate"]')
    types = {link.get("type") for link in links}
    assert {"text/turtle", "application/ld+json", "application/n-triples", "application/trig"} <= types
    assert any(link.get("href").endswith("/catalog.ttl") for link in links)


def test_event_with_its_place_address_and_coordinates(pages):
    _, data, html = pages["event"]
    assert data["@type"] == "Event" and data["name"] and data["startDate"]
    places = data["location"] if isinstance(data["location"], list) else [data["location"]]
    located = [p for p in places if "geo" in p]
    assert located, places
    for place in located:
        assert place["@type"] == "Place" and place["address"]["@type"] == "PostalAddress"
        assert place["address"]["addressCountry"] in {"RU", "BY"}
        assert 51 < place["geo"]["latitude"] < 57 and 23 < place["geo"]["longitude"] < 36
    links = lxml.html.fromstring(html).xpath('//link[@rel="alternate"]/@type')
    assert {"text/turtle", "application/ld+json", "application/n-triples"} <= set(links)


def test_organisation(pages):
    _, data, _ = pages["organisation"]
    assert data["@type"] == "Organization" and data["name"]
    assert data["address"]["addressCountry"] in {"RU", "BY"}


def test_the_checker_rejects_what_schema_org_does_not_have():
    problems: list[str] = []
    check({"@type": "Event", "startDate": "2020-01-01", "addressCountry": "RU", "colour": "red"}, problems)
    check({"@type": "Dataset", "location": {"@type": "PostalAddress"}}, problems)
    check({"@type": "Happening"}, problems)
    assert len(problems) == 4, problems


def test_catalog_answers_html_to_a_browser_and_turtle_otherwise(client):
    browser = client.get("/catalog", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert browser.mimetype == "text/html" and b"catalog.ttl" in browser.data
    assert client.get("/catalog").mimetype == "text/turtle"
    assert client.get("/catalog", headers={"Accept": "text/turtle"}).mimetype == "text/turtle"
