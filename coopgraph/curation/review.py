"""A report's rows side by side: the source cells and what was extracted, flagged for review.

Read from the store (the report's named graph, plus the gazetteer's place names), so the
review shows exactly what is published, corrections included. SHACL warnings are computed by
validating the stored report graph again (one report: well under a second); extraction
warnings (a fuzzy organisation match, a place not in the gazetteer, a count from parts, a year
taken from the report) and stale corrections are the events' ``cg:warning`` values; dates
written as months rather than days are flagged here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import FOAF, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from coopgraph.errors import CoopgraphError
from coopgraph.ingest.corrections.files import is_report_id
from coopgraph.iris import Minter
from coopgraph.ontology.terms import CG
from coopgraph.ontology.vocab import CV, SDO
from coopgraph.store import GraphStore

SOURCE_COLUMNS = (
    ("title", CG.sourceTitle),
    ("place", CG.sourcePlace),
    ("dates", CG.sourceDates),
    ("content", CG.sourceContent),
    ("participants", CG.sourceParticipants),
)


class ReviewError(CoopgraphError):
    """The report is not in the store."""


@dataclass(frozen=True)
class Item:
    """An organisation, person or place of a row."""

    key: str
    name: str
    iri: str
    country: str = ""
    role: str = ""
    texts: tuple[str, ...] = ()  # as written in the cells


@dataclass(frozen=True)
class CorrectionView:
    field: str
    action: str
    replaced: str
    new: str
    author: str
    time: str
    source: str
    note: str = ""


@dataclass(frozen=True)
class Note:
    """One extraction warning of a row: its column, its review flag kind when it has one (the
    kinds carry ru/en labels in the flag scheme), and the extractor's own words (English)."""

    column: str
    kind: str | None
    detail: str


@dataclass
class ReviewRow:
    row: int
    iri: str
    source: dict[str, str]  # column -> cell text; plus "sector"
    title: str = ""
    sector: str = ""
    event_type: str = ""
    start: str = ""
    end: str = ""
    places: list[Item] = field(default_factory=list)
    organisations: list[Item] = field(default_factory=list)
    people: list[Item] = field(default_factory=list)
    participants: str = ""
    agreement: dict[str, str] = field(default_factory=dict)  # approval/registration numbers
    belarus_regions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # extraction warnings and stale corrections
    flags: list[str] = field(default_factory=list)  # review flag kinds (cg:flag): values unread or vague
    shacl: list[str] = field(default_factory=list)  # SHACL warnings about this row
    corrections: list[CorrectionView] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # the warnings, by column and flag kind

    @property
    def flagged(self) -> bool:
        return bool(self.warnings or self.shacl)

    def values(self) -> dict[str, str]:
        """The extracted values as short texts (for tables and forms)."""

        def items(found: list[Item], with_country: bool = False) -> str:
            return "; ".join(
                f"{i.name} [{i.country}]" if with_country and i.country else i.name for i in found
            )

        return {
            "title": self.title,
            "sector": self.sector,
            "type": self.event_type,
            "start": self.start,
            "end": self.end,
            "place": items(self.places),
            "organisation": items(self.organisations, with_country=True),
            "person": items(self.people),
            "participants": self.participants,
            "agreement": ", ".join(f"{k} {v}" for k, v in self.agreement.items()),
            "region": ", ".join(self.belarus_regions),
        }


@dataclass
class Review:
    report_id: str
    title: str
    file_name: str
    rows: list[ReviewRow]

    def flagged(self) -> list[ReviewRow]:
        """Rows with warnings; rows with review flags (a value unread or vague) first."""
        return sorted((r for r in self.rows if r.flagged), key=lambda r: (not r.flags, r.row))


def find_row(review: Review, row: int) -> ReviewRow:
    for r in review.rows:
        if r.row == row:
            return r
    raise ReviewError(f"report {review.report_id} has no row {row}")


def _local(iri: object) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def _country_code(graph: Graph, agent: Node) -> str:
    """The code on the agent's schema:PostalAddress ("" without one)."""
    address = graph.value(agent, SDO.address)
    return "" if address is None else _text(graph, address, SDO.addressCountry)


def _text(graph: Graph, node: Node, prop: URIRef) -> str:
    value = graph.value(node, prop)
    return "" if value is None else str(value)


def report_file_name(store: GraphStore, minter: Minter, report_id: str) -> str:
    """The name of the file a stored report was read from (``cg:fileName``)."""
    if not is_report_id(report_id):  # not even an IRI segment ("a b", "%00"): no such report
        raise ReviewError(f"no report {report_id!r} in the store")
    graph_iri = minter.report_graph(report_id)
    if not store.has_graph(graph_iri):
        raise ReviewError(f"no report {report_id!r} in the store")
    query = f"SELECT ?n WHERE {{ GRAPH <{graph_iri}> {{ ?s <{CG.fileName}> ?n }} }}"
    for solution in store.query(query):
        return str(solution["n"].value)
    raise ReviewError(f"report {report_id!r} has no source file name in the store")


def _place_names(store: GraphStore, iris: set[str]) -> dict[str, str]:
    if not iris:
        return {}
    values = " ".join(f"<{i}>" for i in sorted(iris))
    query = (
        f"SELECT ?p ?name WHERE {{ VALUES ?p {{ {values} }} ?p <{SDO.name}> ?name "
        'FILTER(lang(?name) = "ru") }'
    )
    return {s["p"].value: s["name"].value for s in store.query(query)}


def build_review(store: GraphStore, minter: Minter, report_id: str, *, shacl: bool = True) -> Review:
    """Every row of a stored report with its source cells, extracted values and flags."""
    if not is_report_id(report_id):  # not even an IRI segment ("a b", "%00"): no such report
        raise ReviewError(f"no report {report_id!r} in the store")
    graph_iri = minter.report_graph(report_id)
    if not store.has_graph(graph_iri):
        raise ReviewError(f"no report {report_id!r} in the store")
    g = store.graph(graph_iri)
    report = URIRef(minter.report(report_id))
    rows: list[ReviewRow] = []
    place_iris: set[str] = set()
    for event in g.subjects(RDF.type, CG.CooperationEvent):
        row = _event_row(g, event)
        place_iris.update(i.iri for i in row.places)
        rows.append(row)
    rows.sort(key=lambda r: r.row)
    names = _place_names(store, place_iris)
    for row in rows:
        row.places = [
            Item(i.key, names.get(i.iri, i.name or i.key), i.iri, texts=i.texts) for i in row.places
        ]
    if shacl:
        _add_shacl_warnings(g, rows, minter)
    file_name = _text(g, URIRef(minter.source_file(report_id)), CG.fileName)
    return Review(report_id, _text(g, report, URIRef("http://purl.org/dc/terms/title")), file_name, rows)


def _event_row(g: Graph, event: Node) -> ReviewRow:
    number = int(g.value(event, CG.rowNumber).toPython())  # type: ignore[union-attr, arg-type]
    source = {column: _text(g, event, prop) for column, prop in SOURCE_COLUMNS}
    source["sector"] = _text(g, event, CG.sourceSector)
    row = ReviewRow(number, str(event), source)
    row.title = _text(g, event, SDO.name)
    row.sector = _local(g.value(event, CG.sector) or "")
    row.event_type = _local(g.value(event, CG.eventType) or "")
    row.start = _text(g, event, SDO.startDate)
    row.end = _text(g, event, SDO.endDate)
    row.participants = _text(g, event, CG.participantCount)
    for place in g.objects(event, SDO.location):
        row.places.append(Item(_local(place), _text(g, place, SDO.name), str(place)))
    row.organisations, row.people = _agents(g, event)
    agreement = g.value(event, CG.agreement)
    if agreement is not None:
        for label, prop in (
            ("approval", CG.approvalNumber),
            ("registration", CG.registrationNumber),
        ):
            if value := _text(g, agreement, prop):
                row.agreement[label] = value
    row.belarus_regions = sorted(_local(r).upper() for r in g.objects(event, CG.belarusRegion))
    row.warnings = sorted(str(w) for w in g.objects(event, CG.warning))
    row.flags = sorted(_local(g.value(f, CG.flagKind)) for f in g.objects(event, CG.flag))
    kinds = {
        (str(g.value(f, CG.sourceColumn)), str(g.value(f, RDFS.comment))): _local(g.value(f, CG.flagKind))
        for f in g.objects(event, CG.flag)
    }
    for warning in row.warnings:
        column, _, detail = warning.partition(": ")
        row.notes.append(Note(column, kinds.get((column, detail)), detail))
    # A month (or quarter…) is not a date: the first and last day are a guess worth a look.
    precisions = {str(g.value(p, CG.precision)) for p in g.objects(event, CG.occursDuring)}
    if coarse := sorted(precisions - {"day", "None"}):
        detail = f"written as a {' and '.join(coarse)}, not as days: start and end are guessed"
        row.warnings.append(f"dates: {detail}")
        row.notes.append(Note("dates", "date-approximate", detail))
    row.corrections = _corrections(g, event)
    return row


def _agents(g: Graph, event: Node) -> tuple[list[Item], list[Item]]:
    orgs: list[Item] = []
    people: list[Item] = []
    participations = sorted(g.objects(event, CV.hasParticipation), key=lambda p: int(_local(p)))
    for p in participations:
        agent = g.value(p, CV.hasParticipant)
        if agent is None:
            continue
        role = _local(g.value(p, CV.role) or "")
        texts = tuple(sorted(str(t) for t in g.objects(p, CG.sourceText)))
        item = Item(
            _local(agent),
            _text(g, agent, SDO.name),
            str(agent),
            _country_code(g, agent),
            role,
            texts,
        )
        (people if (agent, RDF.type, SDO.Person) in g else orgs).append(item)
    return orgs, people


def _corrections(g: Graph, event: Node) -> list[CorrectionView]:
    found = []
    for c in g.objects(event, CG.correctedBy):
        author = g.value(c, PROV.wasAttributedTo)
        found.append(
            CorrectionView(
                _text(g, c, CG.field),
                _text(g, c, CG.action),
                _text(g, c, CG.replacedValue),
                _text(g, c, CG.newValue),
                _text(g, author, FOAF.name) if author is not None else "",
                _text(g, c, PROV.generatedAtTime),
                _text(g, c, CG.correctionSource),
                _text(g, c, SKOS.note),
            )
        )
    return sorted(found, key=lambda c: (c.time, c.source))


def _add_shacl_warnings(g: Graph, rows: list[ReviewRow], minter: Minter) -> None:
    from coopgraph.pipeline import known_places
    from coopgraph.shapes.validate import validate_report_graph

    validation = validate_report_graph(g, file="", known_places=known_places(minter))
    by_row = {r.row: r for r in rows}
    for problem in validation.warnings:
        if problem.row in by_row:
            by_row[problem.row].shacl.append(f"{problem.field or '-'}: {problem.message}")


def reports_folder_file(reports: str | Path, file_name: str) -> Path:
    """The source file of a report in the reports folder (setting ``reports``)."""
    path = Path(reports) / Path(file_name).name
    if not path.is_file():
        raise ReviewError(
            f"source file {file_name} is not in the reports folder {reports} (setting `reports`): "
            "it is needed to re-ingest the report with its corrections"
        )
    return path
