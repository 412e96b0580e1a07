"""Validate one report's graph against shapes/shapes.ttl; map SHACL results to ReportErrors.

Only the report's own graph goes through pySHACL (cost grows with the data graph, see
FIELD-NOTES): the shapes never need the shared graphs, because references to gazetteer places
and scheme concepts are checked by form. The optional ``known_places`` (the gazetteer's IRIs)
serve one cheap check in Python instead: a place the report refers to but that neither the
report nor the gazetteer describes gives a warning (a place outside the gazetteer is no violation).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from pyshacl import validate
from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS, SH, XSD

from coopgraph.ingest.errors import ReportError
from coopgraph.ontology.docs import qname
from coopgraph.ontology.terms import CG
from coopgraph.ontology.vocab import CV, SDO

# The report column a property's value came from, for error messages.
FIELD_OF_PROPERTY: dict[URIRef, str] = {
    SDO.name: "title",
    SDO.description: "content",
    SDO.startDate: "dates",
    SDO.endDate: "dates",
    CG.occursDuring: "dates",
    CG.dateText: "dates",
    CG.datesInferredYear: "dates",
    CG.sourceDates: "dates",
    DCAT.startDate: "dates",
    DCAT.endDate: "dates",
    CG.precision: "dates",
    SDO.location: "place",
    CG.sourcePlace: "place",
    CG.participantCount: "participants",
    CG.hasCount: "participants",
    CG.sourceParticipants: "participants",
    RDF.value: "participants",
    CG.countKind: "participants",
    CG.bound: "participants",
    CG.unit: "participants",
    CG.sourceTitle: "title",
    CG.eventType: "title",
    CG.sourceContent: "content",
    CG.approvalNumber: "content",
    CG.approvalDate: "content",
    CG.registrationNumber: "content",
    CG.registrationDate: "content",
    CG.signedOn: "dates",
    CG.sector: "sector",
    CG.sourceSector: "sector",
    CG.rowNumber: "number",
    CG.flag: "flag",
}
# Properties whose objects are places: each must be described somewhere (report or context).
PLACE_REFERENCES = (SDO.location, CG.region, CG.belarusRegion, CG.country, SDO.containedInPlace)
COMPONENTS = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class Validation:
    conforms: bool
    violations: list[ReportError]
    warnings: list[ReportError]
    text: str  # pySHACL's human-readable report
    report: Graph  # the machine-readable sh:ValidationReport


@cache
def _shapes() -> Graph:
    text = files("coopgraph.shapes").joinpath("shapes.ttl").read_text(encoding="utf-8")
    return _with_targets_on_property_shapes(Graph().parse(data=text, format="turtle"))


def _with_targets_on_property_shapes(shapes: Graph) -> Graph:
    """Give each property shape its node shape's targets, and detach it from the node shape.

    Same meaning in SHACL, about 3x faster in pySHACL: a property shape reached through
    sh:property is validated once per focus node (its constraints rebuilt each time); a
    property shape with its own target is validated once for all focus nodes.
    """
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
    for node_shape, property_shape in list(shapes.subject_objects(SH.property)):
        for target in targets:
            for value in shapes.objects(node_shape, target):
                shapes.add((property_shape, target, value))
        shapes.remove((node_shape, SH.property, property_shape))
    return shapes


def shapes_graph() -> Graph:
    """The shapes, parsed once per process (do not modify the returned graph)."""
    return _shapes()


def validate_report_graph(
    data: Graph, *, file: str, known_places: Collection[Node] | None = None
) -> Validation:
    """Validate one report's graph. Violations make ``conforms`` False; warnings do not.

    `known_places` are the place IRIs described outside the report (the gazetteer's, see
    ``coopgraph.ingest.to_rdf.gazetteer_places``): a place neither they nor the report
    describe gives a warning."""
    _, report, text = validate(
        data,
        shacl_graph=_shapes(),
        inference="none",
        allow_warnings=True,
        allow_infos=True,
        advanced=False,
        do_owl_imports=False,
    )
    locator = _Locator(data)
    violations: list[ReportError] = []
    warnings: list[ReportError] = []
    for result in sorted(report.objects(None, SH.result), key=lambda r: _sort_key(report, r)):
        error = locator.error(report, result, file)
        severity = report.value(result, SH.resultSeverity)
        (violations if severity == SH.Violation else warnings).append(error)
    if known_places is not None:  # a dangling place loses its label and region: no reason to reject
        warnings.extend(_undescribed_places(data, known_places, locator, file))
    violations.sort(key=lambda e: (e.row is None, e.row or 0, e.field or "", e.message))
    warnings.sort(key=lambda e: (e.row is None, e.row or 0, e.field or "", e.message))
    return Validation(not violations, violations, warnings, text, report)


def _sort_key(report: Graph, result: Node) -> tuple[str, ...]:
    return tuple(str(report.value(result, p) or "") for p in (SH.focusNode, SH.resultPath, SH.value))


def _undescribed_places(
    data: Graph, known_places: Collection[Node], locator: _Locator, file: str
) -> list[ReportError]:
    errors = []
    for prop in PLACE_REFERENCES:
        for subject, place in data.subject_objects(prop):
            if place in known_places or (place, RDF.type, SDO.Place) in data:
                continue
            row, field = locator.where(subject, prop)
            errors.append(
                ReportError(
                    file, f"place {place} is neither in the gazetteer nor described", row=row, field=field
                )
            )
    return errors


class _Locator:
    """Finds the report row and column a result is about."""

    def __init__(self, data: Graph) -> None:
        self.data = data
        self.rows: dict[str, int] = {}
        for event, row in data.subject_objects(CG.rowNumber):
            if isinstance(row, Literal) and isinstance(row.value, int):
                self.rows[str(event)] = row.value

    def row_of(self, node: Node | None) -> int | None:
        if node is None:
            return None
        if str(node) in self.rows:
            return self.rows[str(node)]
        # Sub-resources are minted under their event: {event}/period/1, {event}/count/2...
        parent = str(node).rsplit("/", 2)[0]
        if parent in self.rows:
            return self.rows[parent]
        candidates = [self.rows.get(str(e)) for e in self._events_referring_to(node)]
        found = [r for r in candidates if r is not None]
        return min(found) if found else None

    def _events_referring_to(self, node: Node) -> list[Node]:
        data = self.data
        events = list(data.objects(node, PROV.wasGeneratedBy))  # agreement -> signing event
        events += data.subjects(CG.involves, node)
        events += data.subjects(SDO.location, node)
        events += data.subjects(CG.sector, node)
        for participation in data.subjects(CV.hasParticipant, node):
            events += data.subjects(CV.hasParticipation, participation)
        return events

    def field_of(self, focus: Node | None, path: Node | None) -> str | None:
        data = self.data
        if focus is not None and (focus, RDF.type, SDO.Place) in data:
            return "place"
        if focus is not None and (focus, RDF.type, CV.Participation) in data:
            return str(data.value(focus, CG.sourceColumn) or "participants")
        if focus is not None and (focus, RDF.type, CG.Flag) in data:
            return str(data.value(focus, CG.sourceColumn) or "flag")
        if focus is not None and (focus, RDF.type, CG.ParticipantCount) in data:
            return str(data.value(focus, CG.sourceColumn) or "participants")
        if focus is not None and (
            (focus, RDF.type, SDO.Organization) in data or (focus, RDF.type, SDO.Person) in data
        ):
            columns = [data.value(p, CG.sourceColumn) for p in data.subjects(CV.hasParticipant, focus)]
            return str(next((c for c in columns if c is not None), "participants"))
        if focus is not None and (focus, RDF.type, CG.Agreement) in data and path == DCTERMS.title:
            return "title"
        if isinstance(path, URIRef):
            if path in FIELD_OF_PROPERTY:
                return FIELD_OF_PROPERTY[path]
            return _local_name(path)
        return None

    def where(self, focus: Node | None, path: Node | None) -> tuple[int | None, str | None]:
        owner = self.data.value(None, SDO.address, focus) if focus is not None else None
        if owner is not None:  # an address ({org}/address) is where its organisation or place is
            focus = owner
        return self.row_of(focus), self.field_of(focus, path)

    def error(self, report: Graph, result: Node, file: str) -> ReportError:
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        row, field = self.where(focus, path)
        if row is None and isinstance(value, URIRef) and str(value) in self.rows:
            # The out-of-period check runs once per report: the report is the focus, the event the value.
            row, field = self.rows[str(value)], "dates"
        return ReportError(
            file, _message(report, result, self.data, focus, path, value), row=row, field=field
        )


# --------------------------------------------------------------------------- messages


def _local_name(iri: Node | str) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _show(node: Node | None) -> str:
    """A value as the user wrote it: the lexical form of a literal, the IRI of a resource."""
    return "" if node is None else str(node)


def _message(
    report: Graph, result: Node, data: Graph, focus: Node | None, path: Node | None, value: Node | None
) -> str:
    shapes = _shapes()
    component = str(report.value(result, SH.sourceConstraintComponent) or "")
    component = component[len(COMPONENTS) :] if component.startswith(COMPONENTS) else _local_name(component)
    shape = report.value(result, SH.sourceShape)
    name = str(shapes.value(shape, SH.name) or (_local_name(path) if path is not None else "value"))
    given = shapes.value(shape, SH.message)
    if component == "SPARQLConstraintComponent" or (
        given is not None and component == "PatternConstraintComponent"
    ):
        text = str(report.value(result, SH.resultMessage) or given or "")
        return text.replace("{value}", _show(value))
    if (
        component == "MaxCountConstraintComponent"
        and path == CG.flagKind
        and (focus, RDF.type, CG.Flag) in data
    ):
        kind = _local_name(data.value(focus, CG.flagKind))  # type: ignore[arg-type]
        return f"flag {kind}: {data.value(focus, RDFS.comment)}"
    message = _count_message(component, name, shape, data, focus, path, value)
    if message is None:
        message = _value_message(component, name, shape, value)
    if message is None:
        fallback = report.value(result, SH.resultMessage)
        message = f"{name}: {fallback}" if fallback else f"{name} {_show(value)} is invalid ({component})"
    return message


def _count_message(
    component: str,
    name: str,
    shape: Node | None,
    data: Graph,
    focus: Node | None,
    path: Node | None,
    value: Node | None,
) -> str | None:
    """The message of a component that counts values or compares them with another property's;
    None for any other component."""
    shapes = _shapes()
    match component:
        case "MinCountConstraintComponent":
            return f"{name} is missing"
        case "MaxCountConstraintComponent":
            values = list(data.objects(focus, path)) if isinstance(path, URIRef) else []
            shown = ", ".join(sorted(_show(v) for v in values))
            most = shapes.value(shape, SH.maxCount)
            expected = "one" if str(most) == "1" else f"at most {most}"
            return f"{name} has {len(values)} values, expected {expected}: {shown}"
        case "LessThanOrEqualsConstraintComponent" | "LessThanConstraintComponent":
            other_path = shapes.value(shape, SH.lessThanOrEquals) or shapes.value(shape, SH.lessThan)
            other_name = _name_of_property(shape, other_path)
            others = ", ".join(_show(v) for v in data.objects(focus, other_path)) if other_path else "?"
            return f"{other_name} {others} is before {name} {_show(value)}"
    return None


def _value_message(component: str, name: str, shape: Node | None, value: Node | None) -> str | None:
    """The message of a component that checks one value on its own; None for any other."""
    shapes = _shapes()
    match component:
        case "MinInclusiveConstraintComponent":
            minimum = shapes.value(shape, SH.minInclusive)
            word = "positive" if str(minimum) == "1" else f"at least {minimum}"
            return f"{name} {_show(value)} must be {word}"
        case "MaxInclusiveConstraintComponent":
            return f"{name} {_show(value)} must be at most {shapes.value(shape, SH.maxInclusive)}"
        case "DatatypeConstraintComponent":
            datatype = shapes.value(shape, SH.datatype)
            return f"{name} {_show(value)!r} is not of type {_datatype_name(datatype)}"
        case "InConstraintComponent":
            return f"{name} {_show(value)} is not one of the allowed values"
        case "PatternConstraintComponent":
            return f"{name} {_show(value)!r} does not match {shapes.value(shape, SH.pattern)}"
        case "ClassConstraintComponent":
            cls = shapes.value(shape, SH["class"])
            expected = qname(cls) if cls is not None else "?"
            return f"{name} {_show(value)} is not described in this report as {expected}"
        case "OrConstraintComponent":
            return f"{name} {_show(value)} is not described as an organisation or a person in this report"
    return None


def _name_of_property(shape: Node | None, prop: Node | None) -> str:
    """The sh:name a property shape gives ``prop`` ("end date"), preferring shapes on the same targets."""
    shapes = _shapes()
    if prop is None:
        return "?"
    targets = set(shapes.objects(shape, SH.targetClass))
    candidates = sorted(
        (c for c in shapes.subjects(SH.path, prop) if shapes.value(c, SH.name) is not None),
        key=lambda c: not targets & set(shapes.objects(c, SH.targetClass)),
    )
    return str(shapes.value(candidates[0], SH.name)) if candidates else _local_name(prop)


def _datatype_name(datatype: Node | None) -> str:
    if datatype == RDF.langString:
        return "text with a language tag"
    if isinstance(datatype, URIRef) and str(datatype).startswith(str(XSD)):
        return "xsd:" + _local_name(datatype)
    return _show(datatype)
