"""The ontology, the SKOS schemes, the closed namespace and the loader."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from coopgraph.ingest.event_types import EVENT_TYPES
from coopgraph.ingest.records import EventFormat, FlagKind, OrgRole
from coopgraph.ingest.sectors import SECTORS
from coopgraph.ontology.load import ONTOLOGY_IRI, ontology_graph, scheme_keys
from coopgraph.ontology.terms import CG, cg_terms
from coopgraph.ontology.vocab import (
    CG_NS,
    CV,
    ELI,
    EVENT_TYPE_NS,
    FLAG_NS,
    FORMAT_NS,
    ROLE_NS,
    SDO,
    SECTOR_NS,
)

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology_graph()


def declared_terms(graph: Graph) -> set[URIRef]:
    return {s for t in TERM_TYPES for s in graph.subjects(RDF.type, t) if str(s).startswith(CG_NS)}


def langs(graph: Graph, node, prop) -> set[str | None]:
    return {o.language for o in graph.objects(node, prop) if isinstance(o, Literal)}


def test_ontology_header_has_title_description_version_and_licence(onto):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert langs(onto, ONTOLOGY_IRI, DCTERMS.title) == {"en", "ru"}
    assert "en" in langs(onto, ONTOLOGY_IRI, DCTERMS.description)
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert onto.value(ONTOLOGY_IRI, OWL.versionIRI) is not None
    assert isinstance(onto.value(ONTOLOGY_IRI, DCTERMS.license), URIRef)


def test_closed_namespace_lists_exactly_the_declared_terms(onto):
    assert cg_terms() == declared_terms(onto)


def test_closed_namespace_rejects_a_typo():
    with pytest.raises(AttributeError):
        _ = CG.rowNumbr


@pytest.mark.parametrize("name", ["coopgraph.ttl", "schemes.ttl"])
def test_every_cg_iri_used_in_the_ontology_files_is_declared(name):
    text = files("coopgraph.ontology").joinpath(name).read_text(encoding="utf-8")
    used = {CG[m] for m in re.findall(r"\bcg:([A-Za-z][A-Za-z0-9]*)", text)}
    assert used <= cg_terms()


def test_every_cg_iri_used_in_the_shapes_is_declared():
    text = files("coopgraph.shapes").joinpath("shapes.ttl").read_text(encoding="utf-8")
    used = {m for m in re.findall(r"(?:\bcg:|ns#)([A-Za-z][A-Za-z0-9]*)", text)}
    undeclared = {m for m in used if m not in CG}
    assert not undeclared


def test_every_term_is_documented_in_both_languages(onto):
    for term in declared_terms(onto):
        assert langs(onto, term, RDFS.label) >= {"en", "ru"}, term
        assert "en" in langs(onto, term, RDFS.comment), term
        assert onto.value(term, RDFS.isDefinedBy) == ONTOLOGY_IRI, term


def test_every_property_has_a_range_and_datatype_properties_a_datatype(onto):
    for prop in onto.subjects(RDF.type, OWL.DatatypeProperty):
        rng = onto.value(prop, RDFS.range)
        assert rng is not None and str(rng).startswith(("http://www.w3.org/2001/XMLSchema#", str(RDF))), prop
    for prop in onto.subjects(RDF.type, OWL.ObjectProperty):
        assert onto.value(prop, RDFS.range) is not None, prop


@pytest.mark.parametrize(
    ("sub", "relation", "sup"),
    [
        (CG.CooperationEvent, RDFS.subClassOf, SDO.Event),
        (CG.CooperationEvent, RDFS.subClassOf, CV.PublicEvent),
        (CG.Agreement, RDFS.subClassOf, PROV.Entity),
        (CG.Agreement, RDFS.subClassOf, ELI.LegalResource),
        (CG.Report, RDFS.subClassOf, PROV.Entity),
        (CG.belarusRegion, RDFS.subPropertyOf, CG.region),
        (CG.sourceTitle, RDFS.subPropertyOf, CG.sourceText),
        (CG.registrationNumber, RDFS.subPropertyOf, ELI.id_local),
        (CG.agreement, RDFS.subPropertyOf, PROV.generated),
    ],
)
def test_links_to_standard_terms(onto, sub, relation, sup):
    assert (sub, relation, sup) in onto


def comment_en(graph: Graph, term: URIRef) -> str:
    return next(str(c) for c in graph.objects(term, RDFS.comment) if c.language == "en")


def test_participant_count_says_why_it_is_not_a_standard_term(onto):
    comment = comment_en(onto, CG.participantCount)
    assert "maximumAttendeeCapacity" in comment and "expectedNumberOfParticipants" in comment
    assert "cv:hasParticipation" in comment_en(onto, CG.involves)


def test_no_blank_nodes_and_only_the_http_schema_org_namespace(onto):
    assert not any(isinstance(node, BNode) for triple in onto for node in triple)
    assert not any(str(node).startswith("https://schema.org/") for triple in onto for node in triple)


EXPECTED_KEYS = {
    SECTOR_NS: {
        "agreements", "investment", "economy", "sport", "culture", "education-science", "youth",
        "health", "tourism", "agriculture", "social", "archives", "general",
    },
    EVENT_TYPE_NS: {
        "agreement-signing", "meeting", "visit", "competition", "exhibition", "conference", "readings",
        "contest", "lesson", "webinar", "round-table", "school", "camp", "telebridge", "quiz",
        "presentation", "internship", "excursion", "festival", "concert", "online-project", "other",
    },
    ROLE_NS: {r.value for r in OrgRole},
    FORMAT_NS: {f.value for f in EventFormat},
    FLAG_NS: {f.value for f in FlagKind},
}  # fmt: skip


@pytest.mark.parametrize("scheme", list(EXPECTED_KEYS))
def test_scheme_has_the_agreed_concepts_each_labelled_and_defined(onto, scheme):
    assert scheme_keys(scheme) == EXPECTED_KEYS[scheme]
    assert (URIRef(scheme), RDF.type, SKOS.ConceptScheme) in onto
    for key in scheme_keys(scheme):
        concept = URIRef(scheme + key)
        assert langs(onto, concept, SKOS.prefLabel) == {"en", "ru"}, concept
        assert "en" in langs(onto, concept, SKOS.definition), concept
        assert (concept, SKOS.topConceptOf, URIRef(scheme)) in onto
        assert str(onto.value(concept, SKOS.notation)) == key
        # SKOS: a concept's preferred and alternative labels are disjoint.
        assert not set(onto.objects(concept, SKOS.prefLabel)) & set(onto.objects(concept, SKOS.altLabel))


def test_extractor_tables_have_the_scheme_keys_and_labels(onto):
    assert set(EVENT_TYPES) == scheme_keys(EVENT_TYPE_NS)
    assert set(SECTORS) == scheme_keys(SECTOR_NS)
    for key, (label_ru, label_en) in EVENT_TYPES.items():
        concept = URIRef(EVENT_TYPE_NS + key)
        assert (concept, SKOS.prefLabel, Literal(label_ru, lang="ru")) in onto
        assert (concept, SKOS.prefLabel, Literal(label_en, lang="en")) in onto
    for key, (label_ru, label_en) in SECTORS.items():
        concept = URIRef(SECTOR_NS + key)
        ru_labels = set(onto.objects(concept, SKOS.prefLabel)) | set(onto.objects(concept, SKOS.altLabel))
        assert Literal(label_ru, lang="ru") in ru_labels, key
        assert (concept, SKOS.prefLabel, Literal(label_en, lang="en")) in onto


def test_ontology_graph_is_a_fresh_copy_each_call():
    first = ontology_graph()
    first.add((CG.Report, RDFS.label, Literal("changed")))
    assert (CG.Report, RDFS.label, Literal("changed")) not in ontology_graph()
    assert len(ontology_graph()) == len(first) - 1


def test_the_participation_shape_allows_exactly_the_role_scheme():
    shapes = Graph().parse(
        data=files("coopgraph.shapes").joinpath("shapes.ttl").read_text(encoding="utf-8"), format="turtle"
    )
    sh = "http://www.w3.org/ns/shacl#"
    (prop,) = [p for p in shapes.subjects(URIRef(sh + "path"), CV.role)]
    allowed = {str(r) for r in shapes.items(shapes.value(prop, URIRef(sh + "in")))}
    assert allowed == {ROLE_NS + key for key in scheme_keys(ROLE_NS)}
