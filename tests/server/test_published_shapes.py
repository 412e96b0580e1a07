"""The published data conforms to the published shapes: the whole TriG dump, as served, is
validated with the served shapes.ttl (what a consumer would do) and gives no violation."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SH, SKOS, XSD

ROW_NUMBER = URIRef("https://w3id.org/coopgraph/ns#rowNumber")


def union_of(trig: bytes) -> Graph:
    """Every graph of the TriG file merged (the shapes span the report and gazetteer graphs)."""
    triples = [quad.triple for quad in ox.parse(trig, format=ox.RdfFormat.TRIG)]
    return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


@pytest.fixture(scope="module")
def published(loaded_store):
    from coopgraph.server.app import create_app

    from .conftest import TEST_BASE_IRI

    client = create_app({"store": str(loaded_store), "base_iri": TEST_BASE_IRI}).test_client()
    trig, shapes = client.get("/downloads/coopgraph.trig"), client.get("/downloads/shapes.ttl")
    assert trig.status_code == 200 and shapes.status_code == 200 and shapes.mimetype == "text/turtle"
    return union_of(trig.data), Graph().parse(data=shapes.data, format="turtle")


def test_the_whole_trig_dump_conforms_to_the_published_shapes(published):
    data, shapes = published
    assert len(data) > 1000 and len(shapes) > 100
    # Review flags are warnings by design (a value kept but unread): conformance means no violation.
    conforms, report, text = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    assert list(report.subjects(SH.resultSeverity, SH.Violation)) == [], text[:3000]
    assert conforms


def test_the_shapes_catch_a_row_number_below_one(published):
    """The bound that the store's xsd:integer cannot carry is checked by the shapes."""
    data, shapes = published
    broken = Graph()
    for triple in data:
        broken.add(triple)
    event = next(broken.subjects(ROW_NUMBER, None))
    broken.set((event, ROW_NUMBER, Literal(0, datatype=XSD.integer)))
    conforms, report, _ = validate(broken, shacl_graph=shapes, inference="none")
    assert not conforms
    assert (None, SH.resultPath, ROW_NUMBER) in report


def test_the_ontology_is_published_with_its_schemes(client):
    response = client.get("/downloads/ontology.ttl")
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    graph = Graph().parse(data=response.data, format="turtle")
    assert (URIRef("https://w3id.org/coopgraph/ns"), RDF.type, OWL.Ontology) in graph
    assert (None, RDF.type, SKOS.Concept) in graph
    assert (ROW_NUMBER, None, None) in graph
