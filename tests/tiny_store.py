"""A small hand-written store for the page, download and linked-data tests.

It follows ontology/MODEL.md without going through the ingest pipeline, so the tests can vary
what the pipeline would never produce (a label with markup in it, many events for paging).
The ontology graph is the real one, loaded from the package's Turtle files.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from pyld import jsonld

from coopgraph.store import Store

_LOCAL = re.compile(r"(?<![\w<\"]):([\w/{}.-]*[\w}])")

BASE = "https://coopgraph.example.org/"
REPORT = "tinyland-belarus-2021-h2"
XSS_LABEL = '<script>alert("x")</script> Музей & «Кафе»'

PREFIXES = """
@prefix cg: <https://w3id.org/coopgraph/ns#> .
@prefix schema: <http://schema.org/> .
@prefix cv: <http://data.europa.eu/m8g/> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix sector: <https://w3id.org/coopgraph/sector/> .
@prefix etype: <https://w3id.org/coopgraph/event-type/> .
@prefix role: <https://w3id.org/coopgraph/role/> .
@base <https://coopgraph.example.org/id/> .
"""

GAZETTEER = """
:place/ru a schema:Place, schema:Country ; schema:name "Россия"@ru, "Russia"@en ; cg:placeKind "country" ;
    cg:isoCode "RU" .
:place/by a schema:Place, schema:Country ; schema:name "Беларусь"@ru, "Belarus"@en ; cg:placeKind "country" ;
    cg:isoCode "BY" .
:place/ru-smo a schema:Place, schema:AdministrativeArea ; schema:name "Смоленская область"@ru,
    "Smolensk Oblast"@en ; cg:placeKind "region" ; schema:containedInPlace :place/ru ; cg:isoCode "RU-SMO" .
:place/by-ho a schema:Place, schema:AdministrativeArea ; schema:name "Гомельская область"@ru,
    "Gomel Region"@en ; cg:placeKind "region" ; schema:containedInPlace :place/by ; cg:isoCode "BY-HO" .
:place/by-vi a schema:Place, schema:AdministrativeArea ; schema:name "Витебская область"@ru,
    "Vitebsk Region"@en ; cg:placeKind "region" ; schema:containedInPlace :place/by ; cg:isoCode "BY-VI" .
:place/tinytown a schema:Place, schema:City ; schema:name "Малоград"@ru, "Tinytown"@en ;
    cg:placeKind "settlement" ; cg:settlementType "г." ; schema:containedInPlace :place/ru-smo ;
    geo:lat "54.78"^^xsd:decimal ; geo:long "32.04"^^xsd:decimal .
:place/vitebsk a schema:Place, schema:City ; schema:name "Витебск"@ru, "Vitebsk"@en ;
    cg:placeKind "settlement" ; schema:containedInPlace :place/by-vi .
"""


def report_turtle(
    events: int = 25, museum_label: str = "СОГБУК «Музей Малограда»", publisher: bool = True
) -> str:
    """A report with `events` events: even rows culture in Vitebsk region in 2021-07..09,
    odd rows economy in Gomel region in 2021-10..12; row 1 signs an agreement."""
    r = f":report/{REPORT}"
    lines = [
        f"""{r} a cg:Report, dcat:Dataset, prov:Entity ;
    dct:title "Отчёт Малоградской области за II полугодие 2021 года"@ru ;
    dct:description "Тестовый отчёт"@ru ; cg:periodStart "2021-07-01"^^xsd:date ;
    cg:periodEnd "2021-12-31"^^xsd:date ; cg:rowCount {events} ;
    {"dct:publisher :org/admin ;" if publisher else ""}
    dct:temporal {r}/period .
{r}/period a dct:PeriodOfTime ; dcat:startDate "2021-07-01"^^xsd:date ; dcat:endDate "2021-12-31"^^xsd:date .
:org/admin a schema:Organization, org:Organization ; schema:name "Администрация Малоградской области"@ru ;
    skos:prefLabel "Администрация Малоградской области"@ru ; schema:address :org/admin/address ;
    cg:country :place/ru .
:org/admin/address a schema:PostalAddress ; schema:addressCountry "RU" .
:org/museum/address a schema:PostalAddress ; schema:addressCountry "RU" .
:org/vitebsk-theatre/address a schema:PostalAddress ; schema:addressCountry "BY" .
:org/museum a schema:Organization, org:Organization ; schema:name {ox.Literal(museum_label, language="ru")} ;
    cg:legalForm "СОГБУК" ; schema:address :org/museum/address ; cg:country :place/ru ;
    schema:location :place/tinytown .
:org/vitebsk-theatre a schema:Organization, org:Organization ; schema:name "Витебский театр"@ru ;
    schema:address :org/vitebsk-theatre/address ; cg:country :place/by ; cg:region :place/by-vi .
:person/ivanov-ai a schema:Person, foaf:Person ; schema:name "А.И. Иванов" ; schema:familyName "Иванов" ;
    cg:initials "А.И." .
:agreement/{REPORT}/1 a cg:Agreement, prov:Entity ; dct:title "Соглашение о сотрудничестве"@ru ;
    cg:agreementKind "agreement" ; cg:party :org/admin, :org/vitebsk-theatre ;
    cg:signedOn "2021-07-02"^^xsd:date ;
    prov:wasGeneratedBy :event/{REPORT}/1 ; cg:inReport {r} .
"""
    ]
    for row in range(1, events + 1):
        e = f":event/{REPORT}/{row}"
        culture = row % 2 == 0
        month = (7 + row % 3) if culture else (10 + row % 3)
        day = 1 + row % 27
        start = f"2021-{month:02d}-{day:02d}"
        sector = "sector:culture" if culture else "sector:economy"
        region = ":place/by-vi" if culture else ":place/by-ho"
        title = f"Выставка номер {row}" if culture else f"Деловая встреча номер {row}"
        org = ":org/museum" if culture else ":org/admin"
        extra = f"cg:agreement :agreement/{REPORT}/1 ;" if row == 1 else ""
        lines.append(
            f"""{e} a schema:Event, cv:PublicEvent, cg:CooperationEvent ;
    schema:name "{title}"@ru ; schema:description "Описание {row}"@ru ;
    schema:startDate "{start}"^^xsd:date ; schema:endDate "{start}"^^xsd:date ; cg:dateText "{day} числа" ;
    cg:eventType {"etype:exhibition" if culture else "etype:meeting"} ; cg:sector {sector} ;
    schema:location :place/tinytown ; cg:belarusRegion {region} ; cg:region :place/ru-smo, {region} ;
    cg:involves {org}, :org/vitebsk-theatre, :person/ivanov-ai ; {extra}
    cv:hasParticipation {e}/participation/1, {e}/participation/2 ;
    cg:participantCount {10 * row} ; cg:inReport {r} ; cg:rowNumber {row} ; prov:wasDerivedFrom {r} ;
    cg:sourceTitle "{title} (исходная графа)" ; cg:sourcePlace "г. Малоград" ; cg:sourceDates "{day} числа" ;
    cg:sourceContent "Содержание строки {row}" ; cg:sourceParticipants "А.И. Иванов; {10 * row} человек" .
{e}/participation/1 a cv:Participation ; cv:hasParticipant {org} ; cv:role role:organiser .
{e}/participation/2 a cv:Participation ; cv:hasParticipant :person/ivanov-ai ; cv:role role:participant ;
    cg:position "директор"@ru .
"""
        )
    return "\n".join(lines)


def build_tiny_store(
    path: Path, *, events: int = 25, museum_label: str = "СОГБУК «Музей Малограда»", publisher: bool = True
) -> Path:
    """Write a store at `path`: ontology, a small gazetteer and one report graph."""
    with Store(path) as store:
        ontology = ox.NamedNode(BASE + "graph/ontology")
        for name in ("coopgraph.ttl", "schemes.ttl"):
            data = (resources.files("coopgraph.ontology") / name).read_bytes()
            store.ox.load(data, format=ox.RdfFormat.TURTLE, to_graph=ontology)
        geo = "@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .\n"
        store.ox.load(
            _relative(PREFIXES + geo + GAZETTEER).encode(),
            format=ox.RdfFormat.TURTLE,
            to_graph=ox.NamedNode(BASE + "graph/gazetteer"),
        )
        store.ox.load(
            _relative(PREFIXES + report_turtle(events, museum_label, publisher)).encode(),
            format=ox.RdfFormat.TURTLE,
            to_graph=ox.NamedNode(BASE + "graph/" + REPORT),
        )
        store.rebuild_union()  # raw loads above bypass the store's union bookkeeping
    return path


def _relative(turtle: str) -> str:
    """`:place/ru` is not a valid prefixed name (a slash); write such names as relative IRIs."""
    return _LOCAL.sub(lambda m: f"<{m[1]}>", turtle)


def tiny_client(path: Path, **settings: object) -> object:
    """A Flask test client over a store built by `build_tiny_store`."""
    from coopgraph.server.app import create_app

    app = create_app({"store": str(path), "base_iri": BASE, **settings})
    app.config["TESTING"] = True
    client = app.test_client()
    _OPEN_CLIENTS.append(client)
    return client


_OPEN_CLIENTS: list = []  # clients whose query workers `close_all_workers` ends


def close_all_workers() -> None:
    """End the query workers of every `tiny_client` still open (the session fixture in
    tests/conftest.py calls this, so a client made inside a test needs no teardown of its own)."""
    while _OPEN_CLIENTS:
        close_workers(_OPEN_CLIENTS.pop())


def close_workers(client: object) -> None:
    """End the query workers of a `tiny_client` (a fixture that starts processes owns their end)."""
    client.application.extensions["coopgraph.query_workers"].close()  # type: ignore[attr-defined]


def no_network(url: str, options: object = None) -> object:
    raise jsonld.JsonLdError(
        f"refused to fetch {url}: documents must be self-contained", "loading document failed"
    )


def jsonld_quads(data: bytes) -> list[dict]:
    """N-Quads text of a JSON-LD document, expanded by pyld without any network access."""
    doc = json.loads(data)
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": no_network})
    return list(ox.parse(nquads.encode(), format=ox.RdfFormat.N_QUADS))
