"""The catalogue against the official DCAT-AP 3.0.1 SHACL shapes (vendored in shapes/dcat-ap/):
mandatory, recommended and range levels, on the bundled report as served. No finding at all —
violation, warning or info — may have one of our own nodes (under the base IRI) as its focus;
findings on the registers' IRIs (GeoNames, EU tables) are about their descriptions, which
their owners publish."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import SH

from .conftest import TEST_BASE_IRI

SHAPES = Path(__file__).resolve().parents[2] / "shapes" / "dcat-ap"
LEVELS = ("shapes.ttl", "shapes_recommended.ttl", "range.ttl")


@pytest.fixture(scope="module")
def catalogue(loaded_store) -> Graph:
    from coopgraph.server.app import create_app

    settings = {
        "store": str(loaded_store),
        "base_iri": TEST_BASE_IRI,
        "publisher_name": "Департамент по внешним связям",
        "contact_email": "opendata@example.org",
    }
    response = create_app(settings).test_client().get("/catalog.ttl")
    assert response.status_code == 200
    return Graph().parse(data=response.data, format="turtle")


def findings(data: Graph, level: str) -> list[tuple[str, str, str, str]]:
    shapes = Graph().parse(SHAPES / level, format="turtle")
    _, report, _ = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    found = []
    for result in report.subjects(SH.focusNode, None):
        found.append(
            (
                str(report.value(result, SH.focusNode)),
                str(report.value(result, SH.resultPath)),
                str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
                str(report.value(result, SH.resultMessage)),
            )
        )
    return found


@pytest.mark.parametrize("level", LEVELS)
def test_no_finding_on_our_own_nodes(catalogue, level):
    ours = [f for f in findings(catalogue, level) if f[0].startswith(TEST_BASE_IRI)]
    assert ours == []


@pytest.mark.parametrize("level", LEVELS)
def test_no_violation_anywhere(catalogue, level):
    assert [f for f in findings(catalogue, level) if f[2] == "Violation"] == []


def test_the_levels_do_find_what_is_missing(catalogue):
    """The shapes are live: a catalogue stripped of its licences and contact gets warnings."""
    stripped = Graph()
    for s, p, o in catalogue:
        if str(p) not in ("http://purl.org/dc/terms/license", "http://www.w3.org/ns/dcat#contactPoint"):
            stripped.add((s, p, o))
    found = findings(stripped, "shapes_recommended.ttl")
    paths = {f[1] for f in found if f[0].startswith(TEST_BASE_IRI)}
    assert {"http://purl.org/dc/terms/license", "http://www.w3.org/ns/dcat#contactPoint"} <= paths


def test_what_a_harvester_reads(catalogue):
    """What ckanext-dcat maps to CKAN fields: publisher, contact e-mail, licence, dates,
    identifier, formats, and every place of the spatial coverage, the countries included."""
    q = """
    PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/>
    PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX vcard: <http://www.w3.org/2006/vcard/ns#>
    ASK { ?d a dcat:Dataset ; dct:publisher [ foaf:name "Департамент по внешним связям" ] ;
      dcat:contactPoint [ vcard:hasEmail <mailto:opendata@example.org> ] ;
      dct:license <http://publications.europa.eu/resource/authority/licence/CC_BY_4_0> ;
      dct:issued ?i ; dct:modified ?m ; dct:identifier ?id ;
      dct:spatial <http://publications.europa.eu/resource/authority/country/BLR>,
                  <http://publications.europa.eu/resource/authority/country/RUS> ;
      dcat:distribution [ dct:format <http://publications.europa.eu/resource/authority/file-type/RDF_TURTLE> ;
                          dcat:mediaType <https://www.iana.org/assignments/media-types/text/turtle> ] }
    """
    assert catalogue.query(q).askAnswer
    coverage = """
    PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT ?region ?centroid ?bbox WHERE {
      <BASEcatalog#all> dct:spatial ?c . ?c skos:exactMatch ?region ; skos:prefLabel ?name ;
      dcat:centroid ?centroid ; dcat:bbox ?bbox . FILTER(STRSTARTS(STR(?region), "BASEid/place/"))
    }""".replace("BASE", TEST_BASE_IRI)
    rows = list(catalogue.query(coverage))
    regions = {str(r.region).rsplit("/", 1)[-1] for r in rows}
    assert {"ru-smo", "by-vi"} <= regions and len(regions) >= 5
    for row in rows:
        long, lat = map(float, str(row.centroid)[len("POINT(") : -1].split())
        assert 23 < long < 36 and 51 < lat < 57, row.region  # Belarus and Smolensk oblast
        assert str(row.bbox).startswith("POLYGON((")
