"""Typed records -> RDF, exactly as ontology/MODEL.md describes.

Every node gets an IRI from the ``Minter`` (no blank nodes) and every value comes from the
records in their own order, so building a report twice gives the identical graph. Text is
tagged @ru; codes, keys and source texts are plain strings; dates are xsd:date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from coopgraph.ingest.gazetteer import Gazetteer, GazetteerEntry, load_gazetteer
from coopgraph.ingest.geometry import add_address, add_geometries
from coopgraph.ingest.rdf_terms import (
    FIRST_LEVEL,
    alt_labels,
    new_graph,
    place_class,
    plain,
    positive,
    ru,
    xsd_date,
)
from coopgraph.ingest.records import (
    COLUMNS,
    EventFormat,
    EventRecord,
    OrganisationRecord,
    OrgRole,
    PersonRecord,
    PlaceRecord,
    ReportRecord,
)
from coopgraph.iris import Minter, slugify
from coopgraph.ontology.load import ontology_graph, scheme_keys
from coopgraph.ontology.terms import CG
from coopgraph.ontology.vocab import (
    CV,
    ELI,
    EVENT_TYPE,
    FLAG,
    FORMAT,
    GEO,
    GEONAMES,
    ROLE,
    ROV,
    SDO,
    SECTOR,
    SECTOR_NS,
)

# Which source-text property keeps which report column.
SOURCE_PROPERTIES: dict[str, URIRef] = {
    "title": CG.sourceTitle,
    "place": CG.sourcePlace,
    "dates": CG.sourceDates,
    "content": CG.sourceContent,
    "participants": CG.sourceParticipants,
}
ONLINE_FORMATS = frozenset({EventFormat.ONLINE, EventFormat.DISTANCE})


# --------------------------------------------------------------------------- report


def report_to_graph(report: ReportRecord, minter: Minter) -> Graph:
    """Everything one report says, as the named graph ``minter.report_graph(report_id)``."""
    graph = new_graph(minter.report_graph(report.report_id))
    _add_report(graph, report, minter)
    described = _Descriptions()
    for event in report.events:
        _add_event(graph, event, minter, described)
    described.add_to(graph, minter)
    return graph


def _add_report(graph: Graph, report: ReportRecord, minter: Minter) -> None:
    r = URIRef(minter.report(report.report_id))
    period = URIRef(f"{r}/period")
    source = URIRef(minter.source_file(report.report_id))
    raw = report.source
    for cls in (CG.Report, DCAT.Dataset, PROV.Entity):
        graph.add((r, RDF.type, cls))
    graph.add((r, DCTERMS.identifier, plain(report.report_id)))
    graph.add((r, DCTERMS.title, ru(report.title)))
    description = (
        f"Мероприятия, перечисленные в отчёте «{report.title}», "
        f"за период с {report.period_start:%d.%m.%Y} по {report.period_end:%d.%m.%Y}; "
        f"строк таблицы: {len(report.events)}."
    )
    graph.add((r, DCTERMS.description, ru(description)))
    graph.add((r, CG.periodStart, xsd_date(report.period_start)))
    graph.add((r, CG.periodEnd, xsd_date(report.period_end)))
    graph.add((r, DCTERMS.temporal, period))
    graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
    graph.add((period, DCAT.startDate, xsd_date(report.period_start)))
    graph.add((period, DCAT.endDate, xsd_date(report.period_end)))
    graph.add((r, CG.rowCount, Literal(len(report.events), datatype=XSD.integer)))
    graph.add((r, PROV.wasDerivedFrom, source))
    graph.add((source, RDF.type, CG.SourceFile))
    graph.add((source, RDF.type, PROV.Entity))
    graph.add((source, CG.fileName, plain(raw.file_name)))
    graph.add((source, CG.sha256, plain(raw.sha256)))
    graph.add((source, DCTERMS["format"], plain(raw.media_type)))
    if raw.encoding:
        graph.add((source, CG.encoding, plain(raw.encoding)))


# --------------------------------------------------------------------------- event


def _add_event(graph: Graph, event: EventRecord, minter: Minter, described: _Descriptions) -> None:
    e = URIRef(minter.event(event.report_id, event.row_number))
    report = URIRef(minter.report(event.report_id))
    for cls in (SDO.Event, CV.PublicEvent, CG.CooperationEvent):
        graph.add((e, RDF.type, cls))
    graph.add((e, SDO.name, ru(event.title)))
    content = event.cells[COLUMNS.index("content")].strip()
    if content:
        graph.add((e, SDO.description, ru(content)))
    _add_dates(graph, e, event, minter)
    graph.add((e, CG.eventType, EVENT_TYPE[event.event_type]))
    _add_sector(graph, e, event, described)
    _add_formats(graph, e, event)
    for place in event.places:
        graph.add((e, SDO.location, URIRef(minter.place(place.key))))
        described.place(place)
    _add_participations(graph, e, event, minter, described)
    _add_counts(graph, e, event, minter)
    for code in event.region_codes:
        region = URIRef(minter.place(code.lower()))
        graph.add((e, CG.region, region))
        if code.startswith("BY-"):
            graph.add((e, CG.belarusRegion, region))
    if event.agreement is not None:
        _add_agreement(graph, e, event, minter)
    _add_provenance(graph, e, report, event, minter)


def _add_dates(graph: Graph, e: URIRef, event: EventRecord, minter: Minter) -> None:
    dates = event.dates
    graph.add((e, SDO.startDate, xsd_date(dates.start)))
    graph.add((e, SDO.endDate, xsd_date(dates.end)))
    graph.add((e, CG.dateText, plain(dates.text)))
    if dates.year_inferred:
        graph.add((e, CG.datesInferredYear, Literal(True)))
    for n, period in enumerate(dates.periods, 1):
        p = URIRef(minter.event_part(event.report_id, event.row_number, "period", n))
        graph.add((e, CG.occursDuring, p))
        graph.add((p, RDF.type, DCTERMS.PeriodOfTime))
        graph.add((p, DCAT.startDate, xsd_date(period.start)))
        graph.add((p, DCAT.endDate, xsd_date(period.end)))
        graph.add((p, CG.precision, plain(str(period.precision))))


def _add_sector(graph: Graph, e: URIRef, event: EventRecord, described: _Descriptions) -> None:
    key = event.sector_key or (slugify(event.sector) if event.sector else None)
    if key is None:
        return
    graph.add((e, CG.sector, SECTOR[key]))
    if key not in scheme_keys(SECTOR_NS):
        described.sectors.setdefault(key, " ".join((event.sector or key).split()))


def _add_formats(graph: Graph, e: URIRef, event: EventRecord) -> None:
    formats = set(event.formats)
    if event.agreement is not None and event.agreement.by_correspondence:
        formats.add(EventFormat.WORKING_ORDER)
    for fmt in formats:
        graph.add((e, CV["format"], FORMAT[str(fmt)]))
    if formats & ONLINE_FORMATS:
        graph.add((e, SDO.eventAttendanceMode, SDO.OnlineEventAttendanceMode))


@dataclass
class _Participation:
    agent: URIRef
    role: str
    texts: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)


def _person_role(person: PersonRecord) -> str:
    """The role the words before the name gave ("С докладом выступил …", "встреча с …"), else
    participant in the participants column and mentioned elsewhere."""
    if person.role is not None:
        return str(person.role)
    return "participant" if person.column == "participants" else "mentioned"


def _add_participations(
    graph: Graph, e: URIRef, event: EventRecord, minter: Minter, described: _Descriptions
) -> None:
    for n, item in enumerate(_participations(event, minter, described), 1):
        p = URIRef(minter.event_part(event.report_id, event.row_number, "participation", n))
        graph.add((e, CG.involves, item.agent))
        if item.role == OrgRole.ORGANISER:
            graph.add((e, SDO.organizer, item.agent))
        graph.add((e, CV.hasParticipation, p))
        graph.add((p, RDF.type, CV.Participation))
        graph.add((p, CV.hasParticipant, item.agent))
        graph.add((p, CV.role, ROLE[item.role]))
        for text in item.texts:
            graph.add((p, CG.sourceText, plain(text)))
        for column in item.columns:
            graph.add((p, CG.sourceColumn, plain(column)))
        for position in item.positions:
            graph.add((p, CG.position, ru(position)))


def _participations(event: EventRecord, minter: Minter, described: _Descriptions) -> list[_Participation]:
    """One participation per (agent, role), in record order: organisations, then people; each
    agent is handed to ``described`` on the way."""
    participations: dict[tuple[URIRef, str], _Participation] = {}

    def collect(agent: URIRef, role: str, text: str, column: str, position: str | None) -> None:
        item = participations.setdefault((agent, role), _Participation(agent, role))
        for values, value in ((item.texts, text), (item.columns, column), (item.positions, position)):
            if value and value not in values:
                values.append(value)

    for org in event.organisations:
        described.organisation(org)
        collect(URIRef(minter.organisation(org.key)), str(org.role), org.text, org.column, None)
    for person in event.people:
        described.person(person)
        collect(
            URIRef(minter.person(person.key)),
            _person_role(person),
            person.text,
            person.column,
            person.position,
        )
    return list(participations.values())


def _add_counts(graph: Graph, e: URIRef, event: EventRecord, minter: Minter) -> None:
    if event.participants_total is not None:
        graph.add((e, CG.participantCount, Literal(event.participants_total, datatype=XSD.integer)))
    for n, count in enumerate(event.counts, 1):
        c = URIRef(minter.event_part(event.report_id, event.row_number, "count", n))
        graph.add((e, CG.hasCount, c))
        graph.add((c, RDF.type, CG.ParticipantCount))
        graph.add((c, RDF.value, Literal(count.value, datatype=XSD.integer)))
        graph.add((c, CG.countKind, plain(str(count.kind))))
        graph.add((c, CG.bound, plain(str(count.bound))))
        if count.unit:
            graph.add((c, CG.unit, ru(count.unit)))
        graph.add((c, CG.sourceText, plain(count.text)))
        graph.add((c, CG.sourceColumn, plain(count.column)))


def _add_agreement(graph: Graph, e: URIRef, event: EventRecord, minter: Minter) -> None:
    agreement = event.agreement
    assert agreement is not None
    a = URIRef(minter.agreement(event.report_id, event.row_number))
    graph.add((e, CG.agreement, a))
    for cls in (CG.Agreement, PROV.Entity, ELI.LegalResource):
        graph.add((a, RDF.type, cls))
    graph.add((a, DCTERMS.title, ru(agreement.title)))
    graph.add((a, CG.agreementKind, plain(agreement.kind)))
    for key in agreement.party_keys:
        graph.add((a, CG.party, URIRef(minter.organisation(key))))
    if agreement.subject:
        graph.add((a, DCTERMS.subject, ru(agreement.subject)))
    optional: tuple[tuple[URIRef, Any, Callable[[Any], Literal]], ...] = (
        (CG.signedOn, agreement.signed, xsd_date),
        (CG.approvalNumber, agreement.approval_number, plain),
        (CG.approvalDate, agreement.approval_date, xsd_date),
        (CG.registrationNumber, agreement.registration_number, plain),
        (CG.registrationDate, agreement.registration_date, xsd_date),
    )
    for prop, value, to_literal in optional:
        if value is not None:
            graph.add((a, prop, to_literal(value)))
    graph.add((a, PROV.wasGeneratedBy, e))
    graph.add((a, CG.inReport, URIRef(minter.report(event.report_id))))


def _add_provenance(graph: Graph, e: URIRef, report: URIRef, event: EventRecord, minter: Minter) -> None:
    graph.add((e, CG.inReport, report))
    graph.add((e, PROV.wasDerivedFrom, report))
    graph.add((e, CG.rowNumber, positive(event.row_number)))
    graph.add((e, CG.rowPosition, positive(event.position)))
    for column, prop in SOURCE_PROPERTIES.items():
        text = event.cells[COLUMNS.index(column)]
        if text:
            graph.add((e, prop, plain(text)))
    if event.sector:
        graph.add((e, CG.sourceSector, plain(event.sector)))
    flags = 0
    for warning in event.warnings:
        graph.add((e, CG.warning, plain(f"{warning.column}: {warning.message}")))
        if warning.kind is None:
            continue
        flags += 1
        f = URIRef(minter.event_part(event.report_id, event.row_number, "flag", flags))
        graph.add((e, CG.flag, f))
        graph.add((f, RDF.type, CG.Flag))
        graph.add((f, CG.flagKind, FLAG[str(warning.kind)]))
        graph.add((f, CG.sourceColumn, plain(warning.column)))
        if warning.text:
            graph.add((f, CG.sourceText, plain(warning.text)))
        graph.add((f, RDFS.comment, plain(warning.message)))


# --------------------------------------------------------------------------- entity descriptions


def _first(values: Iterable[str | None]) -> str | None:
    return next((v for v in values if v), None)


@dataclass
class _Descriptions:
    """Organisations, people, places and new sectors a report mentions, described once each.

    The first record of a key gives its name; later records add only what the first lacked
    and their other spellings (skos:altLabel), so the result does not depend on set order.
    """

    organisations: dict[str, list[OrganisationRecord]] = field(default_factory=dict)
    people: dict[str, list[PersonRecord]] = field(default_factory=dict)
    places: dict[str, list[PlaceRecord]] = field(default_factory=dict)
    sectors: dict[str, str] = field(default_factory=dict)

    def organisation(self, record: OrganisationRecord) -> None:
        self.organisations.setdefault(record.key, []).append(record)

    def person(self, record: PersonRecord) -> None:
        self.people.setdefault(record.key, []).append(record)

    def place(self, record: PlaceRecord) -> None:
        if not record.in_gazetteer:  # gazetteer places are described in the gazetteer graph
            self.places.setdefault(record.key, []).append(record)

    def add_to(self, graph: Graph, minter: Minter) -> None:
        for key, orgs in self.organisations.items():
            _describe_organisation(graph, URIRef(minter.organisation(key)), orgs, minter)
        described = set(self.organisations)
        for key, people in self.people.items():
            _describe_person(graph, URIRef(minter.person(key)), people, minter, described)
        for key, places in self.places.items():
            _describe_place(graph, URIRef(minter.place(key)), places, minter)
        for key, label in self.sectors.items():
            concept = SECTOR[key]
            graph.add((concept, RDF.type, SKOS.Concept))
            graph.add((concept, SKOS.inScheme, URIRef(SECTOR_NS)))
            graph.add((concept, SKOS.notation, plain(key)))
            graph.add((concept, SKOS.prefLabel, ru(label)))


def _describe_organisation(
    graph: Graph, o: URIRef, records: list[OrganisationRecord], minter: Minter
) -> None:
    first = records[0]
    graph.add((o, RDF.type, SDO.Organization))
    graph.add((o, RDF.type, ORG.Organization))
    graph.add((o, SDO.name, ru(first.name)))
    graph.add((o, SKOS.prefLabel, ru(first.name)))
    if first.short_name:
        graph.add((o, ROV.legalName, ru(first.short_name)))
    alt_labels(graph, o, first.name, [r.name for r in records[1:]] + [r.text for r in records])
    if legal_form := _first(r.legal_form for r in records):
        graph.add((o, CG.legalForm, plain(legal_form)))
    if country := _first(r.country for r in records):
        add_address(graph, o, country)
        graph.add((o, CG.country, URIRef(minter.place(country.lower()))))
    if founder := _first(r.founder_country for r in records):
        graph.add((o, CG.founderCountry, plain(founder)))
    if seat := _first(r.place_key for r in records):
        graph.add((o, SDO.location, URIRef(minter.place(seat))))
    if region := _first(r.region_code for r in records):
        graph.add((o, CG.region, URIRef(minter.place(region.lower()))))


def _describe_person(
    graph: Graph, p: URIRef, records: list[PersonRecord], minter: Minter, described: set[str]
) -> None:
    """A person, with an affiliation only to an organisation this report describes: extraction
    adds the body a position implies to the row (extract.affiliations), so a link to anything
    else is a record built elsewhere, and a dangling link would make SHACL reject the report."""
    first = records[0]
    graph.add((p, RDF.type, SDO.Person))
    graph.add((p, RDF.type, FOAF.Person))
    graph.add((p, SDO.name, ru(first.name)))
    if first.surname:
        graph.add((p, SDO.familyName, ru(first.surname)))
    if first.initials:
        graph.add((p, CG.initials, plain(first.initials)))
    alt_labels(graph, p, first.name, [r.name for r in records[1:]] + [r.text for r in records])
    for record in records:
        if record.position:
            graph.add((p, SDO.jobTitle, ru(record.position)))
        if record.organisation_key in described:
            graph.add((p, SDO.affiliation, URIRef(minter.organisation(record.organisation_key))))


def _describe_place(graph: Graph, p: URIRef, records: list[PlaceRecord], minter: Minter) -> None:
    first = records[0]
    kind = str(first.kind)
    graph.add((p, RDF.type, SDO.Place))
    if cls := place_class(kind, first.settlement_type):
        graph.add((p, RDF.type, cls))
    graph.add((p, SDO.name, ru(first.name)))
    alt_labels(graph, p, first.name, [r.name for r in records[1:]] + [r.text for r in records])
    graph.add((p, CG.placeKind, plain(kind)))
    if first.settlement_type:
        graph.add((p, CG.settlementType, plain(first.settlement_type)))
    parent = _first(r.parent_key for r in records)
    region = _first(r.region_code for r in records)
    country = _first(r.country for r in records)
    container = parent or (region.lower() if region else None) or (country.lower() if country else None)
    if container and container != first.key:
        graph.add((p, SDO.containedInPlace, URIRef(minter.place(container))))
    if region and kind not in FIRST_LEVEL:
        graph.add((p, CG.region, URIRef(minter.place(region.lower()))))
    if country and kind != "country":
        add_address(graph, p, country)
        graph.add((p, CG.country, URIRef(minter.place(country.lower()))))


# --------------------------------------------------------------------------- shared graphs


def ontology_to_graph() -> Graph:
    """The ontology and its SKOS schemes (``{B}graph/ontology``)."""
    return ontology_graph()


def gazetteer_places(minter: Minter) -> frozenset[URIRef]:
    """The IRIs of the places ``gazetteer_to_graph`` describes (every entry is a schema:Place),
    without building the graph: a report's validation needs only these."""
    return frozenset(URIRef(minter.place(entry.key)) for entry in load_gazetteer().entries)


def gazetteer_to_graph(minter: Minter) -> Graph:
    """The shipped gazetteer (``{B}graph/gazetteer``): countries, regions, districts, settlements."""
    gazetteer = load_gazetteer()
    graph = new_graph(minter.gazetteer_graph)
    for entry in gazetteer.entries:
        _describe_gazetteer_entry(graph, entry, gazetteer, minter)
    return graph


def _describe_gazetteer_entry(
    graph: Graph, entry: GazetteerEntry, gazetteer: Gazetteer, minter: Minter
) -> None:
    p = URIRef(minter.place(entry.key))
    graph.add((p, RDF.type, SDO.Place))
    if cls := place_class(entry.kind, entry.settlement_type):
        graph.add((p, RDF.type, cls))
    graph.add((p, SDO.name, ru(entry.name_ru)))
    if entry.name_en:
        graph.add((p, SDO.name, Literal(entry.name_en, lang="en")))
    alt_labels(graph, p, entry.name_ru, entry.alias_list)
    graph.add((p, CG.placeKind, plain(entry.kind)))
    if entry.settlement_type:
        graph.add((p, CG.settlementType, plain(entry.settlement_type)))
    if entry.parent:
        graph.add((p, SDO.containedInPlace, URIRef(minter.place(entry.parent))))
    if entry.iso_code:
        graph.add((p, CG.isoCode, plain(entry.iso_code)))
    _add_gazetteer_area(graph, p, entry, gazetteer, minter)
    _add_gazetteer_position(graph, p, entry)


def _add_gazetteer_area(
    graph: Graph, p: URIRef, entry: GazetteerEntry, gazetteer: Gazetteer, minter: Minter
) -> None:
    """The region a place below the first level lies in, and the country of any but a country."""
    if entry.kind not in FIRST_LEVEL:
        regions = [a.key for a in gazetteer.ancestors(entry.key)[1:] if a.kind == "region"]
        if regions:
            graph.add((p, CG.region, URIRef(minter.place(regions[0]))))
    if entry.country and entry.kind != "country":
        add_address(graph, p, entry.country)
        graph.add((p, CG.country, URIRef(minter.place(entry.country.lower()))))


def _add_gazetteer_position(graph: Graph, p: URIRef, entry: GazetteerEntry) -> None:
    """Coordinates, geometries and the GeoNames link of a gazetteer place."""
    if entry.lat and entry.long:  # decimal strings in the CSV: kept exactly, no float round trip
        graph.add((p, GEO.lat, Literal(Decimal(entry.lat), datatype=XSD.decimal)))
        graph.add((p, GEO.long, Literal(Decimal(entry.long), datatype=XSD.decimal)))
    add_geometries(graph, p, entry.key, entry.lat, entry.long)
    if entry.geonames_id:
        graph.add((p, OWL.sameAs, GEONAMES[f"{entry.geonames_id}/"]))
