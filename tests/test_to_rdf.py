"""Records -> RDF: the triples of ontology/MODEL.md, deterministic and without blank nodes."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, SKOS, XSD
from sample_records import BASE, REPORT_ID, contest_event, make_report, signing_event

from coopgraph.ingest.extract import extract_report
from coopgraph.ingest.records import EventFormat, OrgRole, RawReport, RawRow
from coopgraph.ingest.to_rdf import gazetteer_to_graph, ontology_to_graph, report_to_graph
from coopgraph.iris import Minter
from coopgraph.ontology.terms import CG
from coopgraph.ontology.vocab import (
    CV,
    ELI,
    EVENT_TYPE,
    FORMAT,
    GEO,
    GEOSPARQL,
    ROLE,
    ROV,
    SDO,
    SECTOR,
    SECTOR_NS,
    SF,
)
from coopgraph.shapes.validate import validate_report_graph

MINTER = Minter(BASE)
REPORT = URIRef(f"{BASE}id/report/{REPORT_ID}")
SIGNING = URIRef(f"{BASE}id/event/{REPORT_ID}/1")
CONTEST = URIRef(f"{BASE}id/event/{REPORT_ID}/2")
AGREEMENT = URIRef(f"{BASE}id/agreement/{REPORT_ID}/1")
ADMIN = URIRef(f"{BASE}id/org/administratsiia-smolenskoi-oblasti")
MOGILEV_EXEC = URIRef(f"{BASE}id/org/mogilevskii-oblastnoi-ispolnitelnyi-komitet")
SCHOOL = URIRef(f"{BASE}id/org/guo-srednyaya-shkola-3-g-kricheva")
PETROV = URIRef(f"{BASE}id/person/i-i-petrov")


def place(key: str) -> URIRef:
    return URIRef(f"{BASE}id/place/{key}")


def country_code(graph: Graph, node: URIRef) -> Literal | None:
    """The code on the node's schema:PostalAddress, where schema.org wants addressCountry."""
    address = graph.value(node, SDO.address)
    assert address is None or (address, RDF.type, SDO.PostalAddress) in graph
    return None if address is None else graph.value(address, SDO.addressCountry)


def ru(text: str) -> Literal:
    return Literal(text, lang="ru")


def day(y: int, m: int, d: int) -> Literal:
    return Literal(date(y, m, d).isoformat(), datatype=XSD.date)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return report_to_graph(make_report(), MINTER)


def test_report_node(graph):
    for cls in (CG.Report, DCAT.Dataset, PROV.Entity):
        assert (REPORT, RDF.type, cls) in graph
    assert graph.value(REPORT, DCTERMS.title).language == "ru"
    assert graph.value(REPORT, DCTERMS.description).language == "ru"
    assert graph.value(REPORT, DCTERMS.identifier) == Literal(REPORT_ID)
    assert graph.value(REPORT, CG.periodStart) == day(2021, 7, 1)
    assert graph.value(REPORT, CG.periodEnd) == day(2021, 12, 31)
    period = URIRef(f"{REPORT}/period")
    assert graph.value(REPORT, DCTERMS.temporal) == period
    assert graph.value(period, DCAT.startDate) == day(2021, 7, 1)
    assert graph.value(period, DCAT.endDate) == day(2021, 12, 31)
    assert graph.value(REPORT, CG.rowCount) == Literal(2, datatype=XSD.integer)


def test_source_file_node(graph):
    source = URIRef(f"{REPORT}/source")
    assert graph.value(REPORT, PROV.wasDerivedFrom) == source
    assert (source, RDF.type, CG.SourceFile) in graph
    assert graph.value(source, CG.fileName) == Literal(f"{REPORT_ID}.txt")
    assert graph.value(source, CG.sha256) == Literal("ab" * 32)
    assert graph.value(source, DCTERMS["format"]) == Literal("text/plain")
    assert graph.value(source, CG.encoding) == Literal("windows-1251")


def test_docx_source_has_no_encoding():
    report = make_report()
    docx = dataclasses.replace(report, source=dataclasses.replace(report.source, encoding=None))
    graph = report_to_graph(docx, MINTER)
    assert graph.value(URIRef(f"{REPORT}/source"), CG.encoding) is None


def test_docx_and_text_dump_differ_only_in_the_source_file_node(graph):
    report = make_report()
    docx_source = dataclasses.replace(
        report.source,
        file_name=f"{REPORT_ID}.docx",
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        encoding=None,
        sha256="cd" * 32,
    )
    events = tuple(dataclasses.replace(e, line=e.position + 1) for e in report.events)  # table rows
    docx = report_to_graph(dataclasses.replace(report, source=docx_source, events=events), MINTER)
    source = URIRef(f"{REPORT}/source")
    assert {t for t in docx ^ graph if t[0] != source} == set()
    assert {t for t in docx - graph if t[0] == source}


def test_event_core_and_dates(graph):
    for cls in (SDO.Event, CV.PublicEvent, CG.CooperationEvent):
        assert (SIGNING, RDF.type, cls) in graph
    assert graph.value(SIGNING, SDO.name).language == "ru"
    assert str(graph.value(SIGNING, SDO.name)).startswith("Подписание Соглашения между")
    assert graph.value(SIGNING, SDO.startDate) == day(2021, 9, 14)
    assert graph.value(SIGNING, SDO.endDate) == day(2021, 9, 14)
    assert graph.value(SIGNING, CG.dateText) == Literal("14 сентября\n2021 года")
    assert graph.value(SIGNING, CG.datesInferredYear) is None
    assert graph.value(SIGNING, CG.eventType) == EVENT_TYPE["agreement-signing"]
    assert graph.value(SIGNING, CG.sector) == SECTOR.agreements
    assert graph.value(SIGNING, CV["format"]) == FORMAT["working-order"]
    assert graph.value(SIGNING, SDO.eventAttendanceMode) is None


def test_event_with_two_months_gets_two_periods(graph):
    assert graph.value(CONTEST, SDO.startDate) == day(2021, 10, 1)
    assert graph.value(CONTEST, SDO.endDate) == day(2021, 12, 31)
    assert graph.value(CONTEST, CG.datesInferredYear) == Literal(True)
    periods = sorted(graph.objects(CONTEST, CG.occursDuring))
    assert periods == [URIRef(f"{CONTEST}/period/1"), URIRef(f"{CONTEST}/period/2")]
    first, second = periods
    assert (first, RDF.type, DCTERMS.PeriodOfTime) in graph
    assert (graph.value(first, DCAT.startDate), graph.value(first, DCAT.endDate)) == (
        day(2021, 10, 1),
        day(2021, 10, 31),
    )
    assert (graph.value(second, DCAT.startDate), graph.value(second, DCAT.endDate)) == (
        day(2021, 12, 1),
        day(2021, 12, 31),
    )
    assert graph.value(first, CG.precision) == Literal("month")


def test_online_event_has_format_and_attendance_mode(graph):
    assert graph.value(CONTEST, CV["format"]) == FORMAT.online
    assert graph.value(CONTEST, SDO.eventAttendanceMode) == SDO.OnlineEventAttendanceMode


def test_event_provenance_keeps_row_and_cells(graph):
    assert graph.value(CONTEST, CG.inReport) == REPORT
    assert graph.value(CONTEST, PROV.wasDerivedFrom) == REPORT
    assert graph.value(CONTEST, CG.rowNumber) == Literal(2, datatype=XSD.integer)
    assert graph.value(CONTEST, CG.rowPosition) == Literal(2, datatype=XSD.integer)
    # No line number: it differs between the DOCX and the text dump of one report.
    assert graph.value(CONTEST, CG.rowPosition) is not None
    cells = contest_event().cells
    assert graph.value(CONTEST, CG.sourceTitle) == Literal(cells[1])
    assert graph.value(CONTEST, CG.sourcePlace) == Literal(cells[2])
    assert graph.value(CONTEST, CG.sourceDates) == Literal(cells[3])
    assert graph.value(CONTEST, CG.sourceContent) == Literal(cells[4])
    assert graph.value(CONTEST, CG.sourceParticipants) == Literal(cells[5])
    assert graph.value(CONTEST, SDO.description) == ru(cells[4])
    assert graph.value(CONTEST, CG.sourceSector) == Literal("Сотрудничество в сфере экологии")
    assert graph.value(CONTEST, CG.warning) == Literal("dates: no year in the cell: used 2021")


def test_sector_outside_the_scheme_is_minted_in_the_report_graph(graph):
    concept = SECTOR["sotrudnichestvo-v-sfere-ekologii"]
    assert graph.value(CONTEST, CG.sector) == concept
    assert (concept, RDF.type, SKOS.Concept) in graph
    assert (concept, SKOS.inScheme, URIRef(SECTOR_NS)) in graph
    assert graph.value(concept, SKOS.prefLabel) == ru("Сотрудничество в сфере экологии")
    # Scheme sectors are described in the ontology graph only.
    assert (SECTOR.agreements, RDF.type, SKOS.Concept) not in graph


def test_places_gazetteer_by_iri_others_described(graph):
    assert set(graph.objects(CONTEST, SDO.location)) == {
        place("roslavl"),
        place("roslavlskii-dom-kultury"),
        place("roslavl-ul-lenina-d-5"),
    }
    assert not list(graph.predicate_objects(place("roslavl")))  # in the gazetteer graph
    venue = place("roslavlskii-dom-kultury")
    assert (venue, RDF.type, SDO.Place) in graph
    assert graph.value(venue, SDO.name) == ru("МБУК «Рославльский дом культуры»")
    assert graph.value(venue, CG.placeKind) == Literal("venue")
    assert graph.value(venue, SDO.containedInPlace) == place("roslavl")
    assert graph.value(venue, CG.region) == place("ru-smo")
    assert graph.value(venue, CG.country) == place("ru")
    assert country_code(graph, venue) == Literal("RU")
    assert graph.value(place("roslavl-ul-lenina-d-5"), CG.placeKind) == Literal("address")


def test_regions(graph):
    assert set(graph.objects(SIGNING, CG.region)) == {place("ru-smo"), place("by-ma")}
    assert set(graph.objects(SIGNING, CG.belarusRegion)) == {place("by-ma")}


def participations(graph: Graph, event: URIRef) -> dict[tuple[URIRef, URIRef], URIRef]:
    return {
        (graph.value(p, CV.hasParticipant), graph.value(p, CV.role)): p
        for p in graph.objects(event, CV.hasParticipation)
    }


def test_participations_one_per_agent_and_role(graph):
    found = participations(graph, SIGNING)
    assert set(found) == {(ADMIN, ROLE.party), (MOGILEV_EXEC, ROLE.party), (PETROV, ROLE.participant)}
    assert found[(ADMIN, ROLE.party)] == URIRef(f"{SIGNING}/participation/1")
    assert found[(PETROV, ROLE.participant)] == URIRef(f"{SIGNING}/participation/3")
    petrov = found[(PETROV, ROLE.participant)]
    assert graph.value(petrov, CG.position) == ru("Заместитель Губернатора Смоленской области")
    assert graph.value(petrov, CG.sourceColumn) == Literal("participants")
    assert set(graph.objects(SIGNING, CG.involves)) == {ADMIN, MOGILEV_EXEC, PETROV}
    assert graph.value(SIGNING, SDO.organizer) is None  # parties only
    for p in found.values():
        assert (p, RDF.type, CV.Participation) in graph


def test_same_organisation_twice_in_a_row_is_one_participation_with_both_spellings(graph):
    found = participations(graph, CONTEST)
    school = found[(SCHOOL, ROLE.participant)]
    assert set(graph.objects(school, CG.sourceText)) == {
        Literal("ГУО «Средняя школа № 3 г. Кричева»"),
        Literal("ГУО «СШ № 3 г. Кричева»"),
    }
    assert set(graph.objects(SCHOOL, SKOS.altLabel)) == {ru("ГУО «СШ № 3 г. Кричева»")}
    house = URIRef(f"{BASE}id/org/mbuk-roslavlskii-dom-kultury")
    assert graph.value(found[(house, ROLE.host)], CG.sourceColumn) == Literal("place")
    # A person named only in the content cell is a mention.
    assert (URIRef(f"{BASE}id/person/a-b-sidorenko"), ROLE.mentioned) in found


def test_organisation_description(graph):
    for cls in (SDO.Organization, ORG.Organization):
        assert (MOGILEV_EXEC, RDF.type, cls) in graph
    assert graph.value(MOGILEV_EXEC, SDO.name) == ru("Могилевский областной исполнительный комитет")
    assert graph.value(MOGILEV_EXEC, SKOS.prefLabel) == ru("Могилевский областной исполнительный комитет")
    assert graph.value(MOGILEV_EXEC, SKOS.altLabel) == ru("Могилевским областным исполнительным комитетом")
    assert country_code(graph, MOGILEV_EXEC) == Literal("BY")
    assert graph.value(MOGILEV_EXEC, CG.country) == place("by")
    assert graph.value(MOGILEV_EXEC, SDO.location) == place("mogilev")
    assert graph.value(MOGILEV_EXEC, CG.region) == place("by-ma")
    assert graph.value(MOGILEV_EXEC, CG.legalForm) is None
    assert graph.value(SCHOOL, CG.legalForm) == Literal("ГУО")
    assert graph.value(SCHOOL, ROV.legalName) == ru("Средняя школа № 3 г. Кричева")


def test_founder_country():
    event = signing_event()
    egger = dataclasses.replace(
        event.organisations[0], key="ooo-egger", name="ООО «ЭГГЕР»", founder_country="AT"
    )
    graph = report_to_graph(make_report((dataclasses.replace(event, organisations=(egger,)),)), MINTER)
    assert graph.value(URIRef(f"{BASE}id/org/ooo-egger"), CG.founderCountry) == Literal("AT")


def test_person_description(graph):
    assert (PETROV, RDF.type, SDO.Person) in graph
    assert (PETROV, RDF.type, FOAF.Person) in graph
    assert graph.value(PETROV, SDO.name) == ru("И.И. Петров")
    assert graph.value(PETROV, SDO.familyName) == ru("Петров")
    assert graph.value(PETROV, CG.initials) == Literal("И.И.")
    assert graph.value(PETROV, SDO.jobTitle) == ru("Заместитель Губернатора Смоленской области")
    assert graph.value(PETROV, SDO.affiliation) == ADMIN


def test_counts(graph):
    assert graph.value(CONTEST, CG.participantCount) == Literal(52, datatype=XSD.integer)
    assert graph.value(SIGNING, CG.participantCount) is None
    first = URIRef(f"{CONTEST}/count/1")
    assert set(graph.objects(CONTEST, CG.hasCount)) == {first, URIRef(f"{CONTEST}/count/2")}
    assert (first, RDF.type, CG.ParticipantCount) in graph
    assert graph.value(first, RDF.value) == Literal(40, datatype=XSD.integer)
    assert graph.value(first, CG.countKind) == Literal("part")
    assert graph.value(first, CG.bound) == Literal("approximate")
    assert graph.value(first, CG.unit) == ru("школьник")
    assert graph.value(first, CG.sourceText) == Literal("около 40 школьников")
    assert graph.value(first, CG.sourceColumn) == Literal("content")


def test_agreement(graph):
    assert graph.value(SIGNING, CG.agreement) == AGREEMENT
    for cls in (CG.Agreement, PROV.Entity, ELI.LegalResource):
        assert (AGREEMENT, RDF.type, cls) in graph
    assert str(graph.value(AGREEMENT, DCTERMS.title)).startswith("Соглашение между")
    assert graph.value(AGREEMENT, CG.agreementKind) == Literal("agreement")
    assert set(graph.objects(AGREEMENT, CG.party)) == {ADMIN, MOGILEV_EXEC}
    assert graph.value(AGREEMENT, DCTERMS.subject) == ru("о сотрудничестве")
    assert graph.value(AGREEMENT, CG.signedOn) == day(2021, 9, 14)
    assert graph.value(AGREEMENT, CG.approvalNumber) == Literal("901-р/адм")
    assert graph.value(AGREEMENT, CG.approvalDate) == day(2021, 9, 2)
    assert graph.value(AGREEMENT, CG.registrationNumber) == Literal("101/27-с")
    assert graph.value(AGREEMENT, CG.registrationDate) == day(2021, 9, 16)
    assert graph.value(AGREEMENT, PROV.wasGeneratedBy) == SIGNING
    assert graph.value(AGREEMENT, CG.inReport) == REPORT


def test_agreement_signed_by_correspondence_marks_the_event_even_without_the_format():
    event = signing_event()
    event = dataclasses.replace(event, formats=frozenset())
    graph = report_to_graph(make_report((event,)), MINTER)
    assert graph.value(SIGNING, CV["format"]) == FORMAT["working-order"]


def test_agreement_without_optional_details():
    event = signing_event()
    bare = dataclasses.replace(
        event.agreement,
        subject=None,
        signed=None,
        approval_number=None,
        approval_date=None,
        registration_number=None,
        registration_date=None,
        by_correspondence=False,
    )
    graph = report_to_graph(
        make_report((dataclasses.replace(event, agreement=bare, formats=frozenset()),)), MINTER
    )
    present = {p for p, _ in graph.predicate_objects(AGREEMENT)}
    assert present.isdisjoint({CG.signedOn, CG.approvalNumber, CG.registrationDate, DCTERMS.subject})
    assert graph.value(SIGNING, CV["format"]) is None


def test_distance_format_is_online_attendance():
    event = dataclasses.replace(contest_event(), formats=frozenset({EventFormat.DISTANCE}))
    graph = report_to_graph(make_report((event,)), MINTER)
    assert graph.value(CONTEST, CV["format"]) == FORMAT.distance
    assert graph.value(CONTEST, SDO.eventAttendanceMode) == SDO.OnlineEventAttendanceMode


def test_first_record_of_an_organisation_names_it_later_ones_add_spellings():
    event = signing_event()
    other = dataclasses.replace(
        event.organisations[0],
        name="Администрация области",
        text="Администрации области",
        role=OrgRole.ORGANISER,
        country=None,
    )
    graph = report_to_graph(
        make_report((dataclasses.replace(event, organisations=(event.organisations[0], other)),)), MINTER
    )
    assert list(graph.objects(ADMIN, SDO.name)) == [ru("Администрация Смоленской области")]
    assert {ru("Администрация области"), ru("Администрации области")} <= set(
        graph.objects(ADMIN, SKOS.altLabel)
    )
    assert set(graph.objects(graph.value(ADMIN, SDO.address), SDO.addressCountry)) == {Literal("RU")}
    assert (ADMIN, ROLE.organiser) in participations(graph, SIGNING)
    assert graph.value(SIGNING, SDO.organizer) == ADMIN


def test_event_without_sector_has_none():
    event = dataclasses.replace(signing_event(), sector=None, sector_key=None)
    graph = report_to_graph(make_report((event,)), MINTER)
    assert graph.value(SIGNING, CG.sector) is None
    assert graph.value(SIGNING, CG.sourceSector) is None


def test_no_blank_nodes_and_deterministic(graph):
    assert not any(isinstance(node, BNode) for triple in graph for node in triple)
    again = report_to_graph(make_report(), MINTER)
    assert set(again) == set(graph)
    assert isomorphic(again, graph)


def test_graph_is_the_reports_named_graph(graph):
    assert graph.identifier == URIRef(MINTER.report_graph(REPORT_ID))


def test_literals_text_tagged_ru_codes_plain(graph):
    text_props = {
        SDO.name,
        SDO.description,
        DCTERMS.title,
        SKOS.prefLabel,
        SKOS.altLabel,
        ROV.legalName,
        CG.position,
    }
    for s, p, o in graph:
        if p in text_props:
            assert isinstance(o, Literal) and o.language == "ru", (s, p, o)
    for code in graph.objects(None, SDO.addressCountry):
        assert code.language is None and code.datatype is None


def test_other_base_iri_changes_every_minted_iri():
    graph = report_to_graph(make_report(), Minter("https://other.example/"))
    subjects = {str(s) for s in graph.subjects() if str(s).startswith("https://")}
    assert all(s.startswith(("https://other.example/", "https://w3id.org/coopgraph/")) for s in subjects)


def test_ontology_to_graph_holds_ontology_and_schemes():
    graph = ontology_to_graph()
    assert (URIRef("https://w3id.org/coopgraph/ns"), RDF.type, OWL.Ontology) in graph
    assert (SECTOR.culture, RDF.type, SKOS.Concept) in graph
    assert (CG.CooperationEvent, RDF.type, OWL.Class) in graph


# --------------------------------------------------------------------------- gazetteer graph


@pytest.fixture(scope="module")
def gazetteer() -> Graph:
    return gazetteer_to_graph(MINTER)


def test_gazetteer_settlement(gazetteer):
    smolensk = place("smolensk")
    assert (smolensk, RDF.type, SDO.Place) in gazetteer
    assert (smolensk, RDF.type, SDO.City) in gazetteer
    assert set(gazetteer.objects(smolensk, SDO.name)) == {ru("Смоленск"), Literal("Smolensk", lang="en")}
    assert gazetteer.value(smolensk, CG.placeKind) == Literal("settlement")
    assert gazetteer.value(smolensk, CG.settlementType) == Literal("г.")
    assert gazetteer.value(smolensk, SDO.containedInPlace) == place("ru-smo")
    assert gazetteer.value(smolensk, CG.region) == place("ru-smo")
    assert gazetteer.value(smolensk, CG.country) == place("ru")
    assert country_code(gazetteer, smolensk) == Literal("RU")
    assert gazetteer.value(smolensk, GEO.lat) == Literal("54.77826", datatype=XSD.decimal)
    assert gazetteer.value(smolensk, GEO.long) == Literal("32.05088", datatype=XSD.decimal)
    assert gazetteer.value(smolensk, OWL.sameAs) == URIRef("https://sws.geonames.org/491687/")
    assert ru("г. Смоленск") in set(gazetteer.objects(smolensk, SKOS.altLabel))


def test_gazetteer_settlement_in_a_district_gets_its_region(gazetteer):
    krichev = place("krichev")
    assert gazetteer.value(krichev, CG.placeKind) == Literal("settlement")
    assert gazetteer.value(krichev, CG.region) == place("by-ma")
    parent = gazetteer.value(krichev, SDO.containedInPlace)
    assert gazetteer.value(parent, CG.placeKind) == Literal("district")
    assert (parent, RDF.type, SDO.AdministrativeArea) in gazetteer


def test_gazetteer_regions_and_countries(gazetteer):
    assert gazetteer.value(place("by-hm"), CG.isoCode) == Literal("BY-HM")
    assert gazetteer.value(place("by-hm"), CG.placeKind) == Literal("region")
    assert gazetteer.value(place("by-hm"), CG.region) is None  # a region is its own first level
    assert (place("by"), RDF.type, SDO.Country) in gazetteer
    assert gazetteer.value(place("by"), CG.isoCode) == Literal("BY")
    assert gazetteer.value(place("by"), CG.country) is None


def test_gazetteer_references_resolve_inside_it(gazetteer):
    described = set(gazetteer.subjects(RDF.type, SDO.Place))
    for prop in (SDO.containedInPlace, CG.region, CG.country):
        assert set(gazetteer.objects(None, prop)) <= described, prop


def test_gazetteer_coordinates_come_in_pairs(gazetteer):
    for subject in gazetteer.subjects(GEO.lat, None):
        assert gazetteer.value(subject, GEO.long) is not None
    ru_smo = gazetteer.value(place("ru-smo"), GEO.lat)
    assert ru_smo is not None and 54 < float(ru_smo) < 56  # a region's centroid, from its outline


def test_gazetteer_graph_is_deterministic_without_blank_nodes(gazetteer):
    assert not any(isinstance(node, BNode) for triple in gazetteer for node in triple)
    assert set(gazetteer_to_graph(MINTER)) == set(gazetteer)
    assert gazetteer.identifier == URIRef(MINTER.gazetteer_graph)


def test_an_affiliation_to_an_organisation_the_report_does_not_describe_is_left_out():
    event = contest_event()
    stray = dataclasses.replace(event.people[0], organisation_key="pravitelstvo-kurskoi-oblasti")
    graph = report_to_graph(make_report((dataclasses.replace(event, people=(stray,)),)), MINTER)
    person = URIRef(f"{BASE}id/person/{stray.key}")
    assert (person, RDF.type, SDO.Person) in graph
    assert graph.value(person, SDO.affiliation) is None


@pytest.mark.parametrize(
    ("region", "home", "participants", "body"),
    [
        (
            "Брянской области",
            "г. Брянск",
            "Губернатор Брянской области Ю.Е. Андреев",
            "pravitelstvo-brianskoi-oblasti",
        ),
        (
            "Смоленской области",
            "г. Смоленск",
            "Заместитель Губернатора Смоленской области Р.Л.\nБелов;\n"
            "делегация Министерства спорта и туризма Республики Беларусь (104 человека)",
            "administratsiia-smolenskoi-oblasti",
        ),
    ],
)
def test_a_governors_implied_body_is_described_and_the_report_conforms(region, home, participants, body):
    raw = RawReport(
        path="r.txt",
        file_name="r.txt",
        media_type="text/plain",
        encoding="utf-8",
        sha256="0" * 64,
        title=f"Отчет о сотрудничестве органов исполнительной власти {region} с регионами Республики "
        "Беларусь за II полугодие 2021 года",
        rows=(
            RawRow(
                position=1,
                line=3,
                sector="Сотрудничество в сфере спорта",
                cells=(
                    "1.",
                    "Встреча с делегацией",
                    home,
                    "15 сентября 2021 года",
                    "Обсуждение",
                    participants,
                ),
            ),
        ),
    )
    graph = report_to_graph(extract_report(raw), MINTER)
    org = URIRef(f"{BASE}id/org/{body}")
    assert (org, RDF.type, SDO.Organization) in graph
    assert country_code(graph, org) == Literal("RU")
    (person,) = graph.subjects(RDF.type, SDO.Person)
    assert graph.value(person, SDO.affiliation) == org
    result = validate_report_graph(graph, file="r.txt")
    assert result.conforms, result.text


def test_country_code_sits_on_a_postal_address_only(graph, gazetteer):
    for g in (graph, gazetteer):
        for subject in g.subjects(SDO.addressCountry, None):
            assert (subject, RDF.type, SDO.PostalAddress) in g, subject
    assert country_code(gazetteer, place("vitebsk")) == Literal("BY")


def test_gazetteer_geometries_are_geosparql_wkt(gazetteer):
    smolensk = place("smolensk")
    point = gazetteer.value(smolensk, GEOSPARQL.hasDefaultGeometry)
    assert (smolensk, GEOSPARQL.hasGeometry, point) in gazetteer
    assert (point, RDF.type, SF.Point) in gazetteer
    wkt = gazetteer.value(point, GEOSPARQL.asWKT)
    assert wkt.datatype == GEOSPARQL.wktLiteral
    assert str(wkt) == "POINT(32.05088 54.77826)"  # CRS84: longitude first, as in the CSV
    every_place = set(gazetteer.subjects(RDF.type, SDO.Place))
    assert every_place == set(gazetteer.subjects(GEOSPARQL.hasDefaultGeometry, None))


def test_regions_carry_their_outline(gazetteer):
    outlines = {
        region: g
        for region in map(place, ("ru-smo", "by-vi", "by-hm", "by-mi"))
        for g in gazetteer.objects(region, GEOSPARQL.hasGeometry)
        if (g, RDF.type, SF.Point) not in gazetteer
    }
    assert len(outlines) == 4
    for outline in outlines.values():
        wkt = str(gazetteer.value(outline, GEOSPARQL.asWKT))
        assert wkt.startswith(("POLYGON((", "MULTIPOLYGON(((")), wkt[:30]
    # a settlement has a point only
    assert len(list(gazetteer.objects(place("smolensk"), GEOSPARQL.hasGeometry))) == 1
