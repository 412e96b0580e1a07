"""SHACL validation of report graphs, and the mapping of results to row and field."""

from __future__ import annotations

import dataclasses
import time
from datetime import date

import pytest
from pyshacl import validate as pyshacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD
from sample_records import BASE, REPORT_ID, contest_event, large_report, make_report, signing_event

from coopgraph.ingest.errors import ReportError
from coopgraph.ingest.records import DateInfo, Period, PlaceKind, PlaceRecord, Precision
from coopgraph.ingest.to_rdf import gazetteer_places, gazetteer_to_graph, report_to_graph
from coopgraph.iris import Minter
from coopgraph.ontology.load import scheme_keys
from coopgraph.ontology.terms import CG
from coopgraph.ontology.vocab import EVENT_TYPE_NS, FLAG_NS, FORMAT_NS, ROLE_NS, SDO
from coopgraph.shapes.validate import Validation, shapes_graph, validate_report_graph

MINTER = Minter(BASE)
FILE = "smolensk-belarus-2021-h2.txt"
AGREEMENT = URIRef(f"{BASE}id/agreement/{REPORT_ID}/1")


def check(*events, mutate=None, known_places: frozenset[URIRef] | None = None) -> Validation:
    graph = report_to_graph(make_report(tuple(events) or None), MINTER)
    if mutate:
        mutate(graph)
    return validate_report_graph(graph, file=FILE, known_places=known_places)


def span(text: str, start: date, end: date, precision: Precision = Precision.DAY) -> DateInfo:
    """Dates of one period from ``start`` to ``end``, written as ``text``."""
    return DateInfo(text, start, end, (Period(start, end, precision),))


def where(errors: list[ReportError]) -> list[tuple[int | None, str | None]]:
    return [(e.row, e.field) for e in errors]


def test_valid_records_conform():
    result = check()
    assert result.conforms
    assert result.violations == [] and result.warnings == []
    assert "Conforms: True" in result.text
    assert (None, SH.conforms, Literal(True)) in result.report


def test_end_before_start_is_a_violation_naming_row_and_dates():
    bad = dataclasses.replace(
        contest_event(row=7),
        dates=DateInfo(
            "3-1 октября",
            date(2021, 10, 3),
            date(2021, 10, 1),
            span("", date(2021, 10, 1), date(2021, 10, 1)).periods,
        ),
    )
    result = check(signing_event(), bad)
    assert not result.conforms
    assert where(result.violations) == [(7, "dates")]
    error = result.violations[0]
    assert error.file == FILE
    assert error.message == "end date 2021-10-01 is before start date 2021-10-03"
    assert str(error) == f"{FILE}, row 7, field dates: end date 2021-10-01 is before start date 2021-10-03"


def test_period_end_before_its_start_names_the_event_row():
    bad = dataclasses.replace(
        signing_event(row=3),
        dates=DateInfo(
            "сентябрь",
            date(2021, 9, 1),
            date(2021, 9, 30),
            span("", date(2021, 9, 30), date(2021, 9, 1)).periods,
        ),
    )
    result = check(bad)
    assert where(result.violations) == [(3, "dates")]
    assert result.violations[0].message == "period end 2021-09-01 is before period start 2021-09-30"


def test_zero_participant_total_is_a_violation():
    result = check(signing_event(), dataclasses.replace(contest_event(), participants_total=0))
    assert where(result.violations) == [(2, "participants")]
    assert result.violations[0].message == "participant count 0 must be positive"


def test_zero_stated_count_is_a_violation_in_its_column():
    event = contest_event(row=5)
    counts = (dataclasses.replace(event.counts[0], value=0), event.counts[1])
    result = check(dataclasses.replace(event, counts=counts))
    assert where(result.violations) == [(5, "content")]
    assert "must be positive" in result.violations[0].message


def test_event_outside_the_report_period_is_a_warning_only():
    early = dataclasses.replace(
        signing_event(row=4), dates=span("28 июня", date(2021, 6, 28), date(2021, 6, 28))
    )
    result = check(early, contest_event())
    assert result.conforms
    assert result.violations == []
    assert where(result.warnings) == [(4, "dates")]
    assert result.warnings[0].message == (
        "dates 2021-06-28 to 2021-06-28 are outside the report period 2021-07-01 to 2021-12-31"
    )


def test_event_straddling_the_period_end_is_a_warning():
    late = dataclasses.replace(
        contest_event(row=9),
        dates=span("декабрь-январь", date(2021, 12, 1), date(2022, 1, 31), Precision.MONTH),
    )
    result = check(late)
    assert result.conforms and where(result.warnings) == [(9, "dates")]


@pytest.mark.parametrize("number", ["065-27c", "№ 065/27-с", "065 / 27-с", "abc", ""])
def test_bad_registration_number_is_a_violation(number):
    event = signing_event(row=6)
    event = dataclasses.replace(
        event, agreement=dataclasses.replace(event.agreement, registration_number=number)
    )
    result = check(event)
    assert not result.conforms
    assert where(result.violations) == [(6, "content")]
    assert result.violations[0].message == f'registration number "{number}" is not like "065/27-с"'


@pytest.mark.parametrize("number", ["065/27-с", "068/27-с", "65-с", "12/3", "101/27-С"])
def test_registration_number_variants_conform(number):
    event = signing_event()
    event = dataclasses.replace(
        event, agreement=dataclasses.replace(event.agreement, registration_number=number)
    )
    assert check(event).conforms


@pytest.mark.parametrize(("number", "ok"), [
    ("175-р/адм", True), ("842-р/адм", True), ("12-р", True), ("305-рп", True), ("17-рг/адм", True),
    ("175 р/адм", False), ("р-175", False), ("175-p/adm", False),
])  # fmt: skip
def test_approval_number_pattern(number, ok):
    event = signing_event(row=2)
    event = dataclasses.replace(event, agreement=dataclasses.replace(event.agreement, approval_number=number))
    result = check(event)
    assert result.conforms is ok
    if not ok:
        assert where(result.violations) == [(2, "content")]


def test_registration_before_signing_is_a_warning():
    event = signing_event()
    event = dataclasses.replace(
        event, agreement=dataclasses.replace(event.agreement, registration_date=date(2021, 9, 1))
    )
    result = check(event)
    assert result.conforms
    assert {w.message for w in result.warnings} == {
        "registration date 2021-09-01 is before signing date 2021-09-14",
        "registration date 2021-09-01 is before approval order date 2021-09-02",
    }
    assert set(where(result.warnings)) == {(1, "dates"), (1, "content")}


def test_place_outside_the_gazetteer_is_not_a_violation():
    event = contest_event()
    odd = PlaceRecord("d-zabytaia", "Забытая", PlaceKind.SETTLEMENT, "д. Забытая", "д.", in_gazetteer=False)
    assert check(dataclasses.replace(event, places=(*event.places, odd))).conforms


def test_bad_place_kind_names_the_place_column():
    def mutate(graph: Graph) -> None:
        venue = URIRef(f"{BASE}id/place/roslavlskii-dom-kultury")
        graph.set((venue, CG.placeKind, Literal("building")))

    result = check(mutate=mutate)
    assert where(result.violations) == [(2, "place")]
    assert result.violations[0].message == "place kind building is not one of the allowed values"


def test_missing_name_and_two_start_dates():
    event = URIRef(f"{BASE}id/event/{REPORT_ID}/1")

    def mutate(graph: Graph) -> None:
        graph.remove((event, SDO.name, None))
        graph.add((event, SDO.startDate, Literal("2021-09-13", datatype=XSD.date)))

    result = check(mutate=mutate)
    messages = {(e.row, e.field, e.message) for e in result.violations}
    assert (1, "title", "event name is missing") in messages
    assert (1, "dates", "start date has 2 values, expected one: 2021-09-13, 2021-09-14") in messages


def test_unknown_event_type_and_bad_country_code():
    event = dataclasses.replace(signing_event(), event_type="picnic")
    admin = dataclasses.replace(event.organisations[0], country="Russia")
    result = check(dataclasses.replace(event, organisations=(admin, *event.organisations[1:])))
    assert sorted((e.row, e.field, e.message) for e in result.violations) == [
        (1, "title", 'country code "Russia" is not an ISO 3166-1 alpha-2 code such as BY'),
        (1, "title", f"event type {EVENT_TYPE_NS}picnic is not one of the allowed values"),
    ]  # the organisation was found in the title cell, the event type comes from the title


def test_party_not_described_in_the_report():
    event = signing_event()
    agreement = dataclasses.replace(event.agreement, party_keys=(*event.agreement.party_keys, "ghost-org"))
    result = check(dataclasses.replace(event, agreement=agreement))
    assert where(result.violations) == [(1, "party")]
    assert result.violations[0].message == (
        f"agreement party {BASE}id/org/ghost-org is not described in this report as schema:Organization"
    )


def test_known_places_find_places_described_nowhere_and_warn():
    result = check(known_places=frozenset())  # no gazetteer: its places are described nowhere
    assert result.conforms
    assert (2, "place", f"place {BASE}id/place/roslavl is neither in the gazetteer nor described") in {
        (e.row, e.field, e.message) for e in result.warnings
    }
    assert all(e.row is not None for e in result.warnings)


def test_known_places_with_the_referenced_places_conform():
    graph = report_to_graph(make_report(), MINTER)
    places = frozenset(p for p in set(graph.objects()) if str(p).startswith(f"{BASE}id/place/"))
    result = validate_report_graph(graph, file=FILE, known_places=places)
    assert result.conforms and result.warnings == []


def test_gazetteer_places_are_the_places_of_the_gazetteer_graph():
    graph = gazetteer_to_graph(MINTER)
    assert gazetteer_places(MINTER) == frozenset(graph.subjects(RDF.type, SDO.Place))


@pytest.mark.parametrize("scheme", [EVENT_TYPE_NS, ROLE_NS, FORMAT_NS, FLAG_NS])
def test_shape_enumerations_equal_the_scheme_concepts(scheme):
    shapes = shapes_graph()
    lists = [
        {str(v) for v in Collection(shapes, head)}
        for head in shapes.objects(None, SH["in"])
        if any(str(v).startswith(scheme) for v in Collection(shapes, head))
    ]
    assert lists, scheme
    for values in lists:
        assert values == {scheme + k for k in scheme_keys(scheme)}


def test_validation_of_24_events_is_fast(capsys):
    graph = report_to_graph(large_report(24), MINTER)
    validate_report_graph(graph, file=FILE)  # warm-up: parse shapes, import pySHACL parts
    wall, cpu = time.perf_counter(), time.process_time()
    result = validate_report_graph(graph, file=FILE)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert result.conforms
    with capsys.disabled():
        print(f"\nvalidated 24 events ({len(graph)} triples): {wall:.3f} s wall, {cpu:.3f} s CPU")
    assert cpu < 1.0  # CPU time: the shared machine's load must not fail the test


def test_gazetteer_graph_conforms_to_the_place_shapes():
    result = validate_report_graph(gazetteer_to_graph(MINTER), file="gazetteer.csv")
    assert result.conforms, result.violations[:5]


def test_report_conforms_with_the_gazetteer_places_known():
    result = check(known_places=gazetteer_places(MINTER))
    assert result.conforms, result.violations
    assert result.warnings == []


def test_shapes_are_valid_shacl():
    # pySHACL's meta-SHACL check validates the shapes graph against the SHACL-SHACL shapes first
    # and raises on a malformed shape.
    graph = report_to_graph(make_report(), MINTER)
    conforms, _, _ = pyshacl_validate(graph, shacl_graph=shapes_graph(), meta_shacl=True, allow_warnings=True)
    assert conforms
