"""The vocabulary dereferences: the ontology, the concept schemes and their concepts answer as
303 URIs at the `vocab_base` with HTML and RDF, and every RDF document (vocabulary and
/doc/…) names its primary topic and licence and labels the IRIs it links to."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import RDF, SKOS, Graph

from coopgraph.ontology.load import ontology_graph
from coopgraph.server.app import create_app

from .conftest import TEST_BASE_IRI

VOCAB = "https://w3id.org/coopgraph/"
FOAF_TOPIC = ox.NamedNode("http://xmlns.com/foaf/0.1/primaryTopic")
LICENSE = ox.NamedNode("http://purl.org/dc/terms/license")
CC_BY = "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0"
LABELS = {
    "http://schema.org/name",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
}


def vocabulary_iris() -> list[str]:
    graph = ontology_graph()
    schemes = {str(s) for s in graph.subjects(RDF.type, SKOS.ConceptScheme)}
    concepts = {str(c) for c in graph.subjects(SKOS.inScheme, None)}
    return [VOCAB + "ns", *sorted(schemes), *sorted(concepts)]


def parse(response) -> list[ox.Triple]:
    formats = {
        "text/turtle": ox.RdfFormat.TURTLE,
        "application/n-triples": ox.RdfFormat.N_TRIPLES,
        "application/ld+json": ox.RdfFormat.JSON_LD,
    }
    return [q.triple for q in ox.parse(response.data, format=formats[response.mimetype])]


def has_label(store, iri: str) -> bool:
    values = " ".join(f"<{p}>" for p in LABELS)
    return bool(store.query(f"ASK {{ VALUES ?p {{ {values} }} <{iri}> ?p ?l }}"))


def check_document(store, triples: list[ox.Triple], topic: str) -> None:
    """The document names its topic and licence, and every IRI it names that has a label in
    the store has one in the document too."""
    documents = [t.subject for t in triples if t.predicate == FOAF_TOPIC and t.object == ox.NamedNode(topic)]
    assert len(documents) == 1, topic
    assert ox.Triple(documents[0], LICENSE, ox.NamedNode(CC_BY)) in triples
    labelled = {t.subject.value for t in triples if t.predicate.value in LABELS}
    linked = {t.object.value for t in triples if isinstance(t.object, ox.NamedNode)}
    linked |= {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)}
    unlabelled = linked - labelled - {documents[0].value}
    assert [i for i in sorted(unlabelled) if has_label(store, i)] == [], topic
    # Not vacuous: what the document links to under our base or the vocabulary is labelled.
    assert {i for i in labelled if i.startswith((TEST_BASE_IRI, VOCAB)) and i != topic}, topic


@pytest.mark.parametrize("iri", vocabulary_iris()[:1] + vocabulary_iris()[1::9])
@pytest.mark.parametrize(
    ("accept", "ext"), [("text/turtle", "ttl"), ("application/ld+json", "jsonld"), (None, "html")]
)
def test_vocabulary_iris_answer_303_to_their_documents(client, iri, accept, ext):
    path = "/" + iri[len(VOCAB) :]
    response = client.get(path, headers={"Accept": accept} if accept else {})
    assert response.status_code == 303 and "Accept" in response.headers["Vary"]
    document = path.rstrip("/") + "." + ext
    assert response.headers["Location"] == document
    answer = client.get(document)
    assert answer.status_code == 200
    if ext == "html":
        assert answer.mimetype == "text/html" and "<h1" in answer.get_data(as_text=True)
    else:
        triples = parse(answer)
        assert any(t.subject.value == iri for t in triples), iri
        check_document(client.application.extensions["coopgraph.store"].get(), triples, iri)


def test_every_vocabulary_iri_has_an_rdf_document(client):
    for iri in vocabulary_iris():
        path = "/" + iri[len(VOCAB) :].rstrip("/")
        response = client.get(path + ".nt")
        assert response.status_code == 200, iri
        assert any(t.subject.value == iri for t in parse(response)), iri


def test_ontology_document_holds_every_term(client):
    triples = parse(client.get("/ns.ttl"))
    subjects = {t.subject.value for t in triples}
    terms = {str(s) for s in ontology_graph().subjects() if str(s).startswith(VOCAB + "ns#")}
    assert terms and terms <= subjects


def test_unknown_concepts_are_404_and_unacceptable_is_406(client):
    assert client.get("/sector/no-such-sector").status_code == 404
    assert client.get("/sector/no-such-sector.ttl").status_code == 404
    assert client.get("/sector/culture", headers={"Accept": "image/png"}).status_code == 406
    for path in ("/role/a%20b", "/role/%3Cx%3E.ttl", "/role/%22q%22"):  # no IRI can hold these
        assert client.get(path).status_code == 404, path


def test_vocab_base_with_a_path_moves_the_routes(loaded_store):
    app = create_app(
        {
            "store": str(loaded_store),
            "base_iri": TEST_BASE_IRI,
            "vocab_base": "https://data.example.org/vocab/",
        }
    )
    client = app.test_client()
    response = client.get("/vocab/sector/culture", headers={"Accept": "text/turtle"})
    assert response.status_code == 303 and response.headers["Location"] == "/vocab/sector/culture.ttl"
    triples = parse(client.get("/vocab/sector/culture.ttl"))
    document = next(t.subject for t in triples if t.predicate == FOAF_TOPIC)
    assert document.value == "https://data.example.org/vocab/sector/culture"
    assert client.get("/sector/culture").status_code == 404


@pytest.mark.parametrize("kind", ["event", "org", "place", "agreement", "report"])
def test_doc_rdf_names_topic_licence_and_labels_links(app, client, kind):
    store = app.extensions["coopgraph.store"].get()
    prefix = f"{TEST_BASE_IRI}id/{kind}/"
    iri = next(
        s["x"].value
        for s in store.query(f"SELECT ?x WHERE {{ ?x ?p ?o FILTER(STRSTARTS(STR(?x), '{prefix}')) }} LIMIT 1")
    )
    stem = iri[len(TEST_BASE_IRI) + len("id/") :]
    documents = {}
    for ext in ("ttl", "jsonld", "nt"):
        triples = parse(client.get(f"/doc/{stem}.{ext}"))
        check_document(store, triples, iri)
        documents[ext] = {t for t in triples}
    assert documents["ttl"] == documents["nt"] == documents["jsonld"]
    assert Graph().parse(data=client.get(f"/doc/{stem}.ttl").data, format="turtle")
