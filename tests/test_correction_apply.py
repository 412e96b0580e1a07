"""Applying corrections to hand-built records of another report (2021, II half-year): every
field and action, the matching rules, and what makes a correction stale or unusable."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS
from sample_records import ADMIN, BASE, MOGILEV_EXEC, REPORT_ID, make_report

from coopgraph.ingest.corrections.apply import apply_corrections
from coopgraph.ingest.corrections.edits import norm
from coopgraph.ingest.corrections.files import CorrectionSet, EntityCorrection, RowCorrection
from coopgraph.ingest.corrections.rdf import add_corrections, agent_iri
from coopgraph.ingest.records import FlagKind, OrgRole, Warning_
from coopgraph.ingest.to_rdf import report_to_graph
from coopgraph.iris import Minter
from coopgraph.ontology.terms import CG
from coopgraph.pipeline import known_places
from coopgraph.shapes.validate import validate_report_graph

T = "2026-11-25T11:00:00+00:00"


def row(n: int, field: str, action: str, match: str = "", value: str = "", line: int = 2) -> RowCorrection:
    return RowCorrection(n, field, action, match, value, "Сидорова", T, file=f"{REPORT_ID}.csv", line=line)


def entity(kind: str, key: str, action: str, value: str, name: str = "", line: int = 2) -> EntityCorrection:
    return EntityCorrection(kind, key, action, value, name, "Сидорова", T, line=line)


def apply(*corrections):
    rows = tuple(c for c in corrections if isinstance(c, RowCorrection))
    entities = tuple(c for c in corrections if isinstance(c, EntityCorrection))
    return apply_corrections(make_report(), CorrectionSet(entities, {REPORT_ID: rows}))


def test_norm_ignores_case_spaces_and_yo():
    assert norm("  Зелёный\n МОСТ ") == norm("зеленый мост")


def test_set_values_with_the_expected_match():
    result = apply(
        row(2, "participants", "set", "52", "60"),
        row(2, "type", "set", "contest", "festival", line=3),
        row(2, "sector", "set", "", "education-science", line=4),
        row(1, "title", "set", "", "Подписание соглашения  с Могилёвом", line=5),
    )
    signing, contest = result.record.events
    assert (contest.participants_total, contest.event_type, contest.sector_key) == (
        60,
        "festival",
        "education-science",
    )
    assert signing.title == "Подписание соглашения с Могилёвом"
    assert {(a.field, a.replaced, a.new) for a in result.applied} >= {
        ("participants", "52", "60"),
        ("type", "contest", "festival"),
    }
    assert not result.stale


def test_dates_are_clamped_to_their_periods():
    result = apply(row(2, "end", "set", "2021-12-31", "2021-12-15"))
    dates = result.record.events[1].dates
    assert (dates.start, dates.end) == (date(2021, 10, 1), date(2021, 12, 15))
    assert [p.end for p in dates.periods] == [date(2021, 10, 31), date(2021, 12, 15)]
    result = apply(row(2, "start", "set", "", "2021-11-01"))
    assert [p.start for p in result.record.events[1].dates.periods] == [date(2021, 12, 1)]


@pytest.mark.parametrize(
    ("correction", "message"),
    [
        (row(2, "participants", "set", "40", "60"), "expected '40', found '52'"),
        (row(2, "organisation", "remove", "ГУО «Лицей № 1»"), "'ГУО «Лицей № 1»' is not there"),
        (row(5, "end", "set", "", "2021-12-15"), "row 5 is not in the report"),
        (row(2, "start", "set", "", "2022-01-10"), "would be after the end"),
        (row(2, "end", "set", "", "15.12.2021"), "not a date"),
        (row(2, "region", "add", "", "BY-XX"), "not an ISO 3166-2 code"),
        (row(2, "organisation", "add", "", "ГУО «Гимназия»|Belarus"), "not an ISO 3166-1 alpha-2"),
        (row(2, "participants", "set", "", "many"), "not a whole number"),
    ],
)
def test_stale_and_unusable_corrections_change_nothing_and_say_why(correction, message):
    result = apply(correction)
    assert result.record.events[0] == make_report().events[0]
    assert not result.applied
    [stale] = result.stale
    assert message in stale.message and f"{REPORT_ID}.csv line 2" in stale.message
    if correction.row == 2:  # kept on the row, shown by the review
        assert any(message in w.message for w in result.record.events[1].warnings)


def test_organisations_add_remove_and_same_as_by_text_as_written():
    result = apply(
        row(2, "organisation", "remove", "гуо «сш № 3 г. кричева»"),  # the second spelling, by its text
        row(2, "organisation", "add", "", "ГУК «Кричевская районная библиотека»|BY|organiser", line=3),
        row(
            1,
            "organisation",
            "same-as",
            "Могилевским областным исполнительным комитетом",
            "Могилевский облисполком|BY",
            line=4,
        ),
    )
    signing, contest = result.record.events
    added = contest.organisations[-1]
    assert (added.name, added.legal_form, added.short_name) == (
        "ГУК «Кричевская районная библиотека»",
        "ГУК",
        "Кричевская районная библиотека",
    )
    assert (added.country, added.role) == ("BY", OrgRole.ORGANISER)
    school = [o for o in contest.organisations if o.key == "guo-srednyaya-shkola-3-g-kricheva"]
    assert [o.text for o in school] == [
        "ГУО «Средняя школа № 3 г. Кричева»"
    ]  # only the matched spelling went
    renamed = signing.organisations[1]
    assert (
        renamed.key == "mogilevskii-oblastnoi-ispolnitelnyi-komitet"
    )  # облисполком spelt out by the key rule
    assert renamed.text == MOGILEV_EXEC.text and renamed.role is OrgRole.PARTY
    assert signing.agreement.party_keys == (ADMIN.key, renamed.key)


def test_places_people_and_regions():
    result = apply(
        row(2, "place", "same-as", "МБУК «Рославльский дом культуры»", "Кричев"),
        row(2, "person", "add", "", "В.В. Кузьмина|председатель жюри", line=3),
        row(2, "region", "remove", "RU-SMO", line=4),
        row(2, "region", "add", "", "BY-VI", line=5),
    )
    contest = result.record.events[1]
    krichev = contest.places[1]
    assert (krichev.key, krichev.in_gazetteer, krichev.region_code) == ("krichev", True, "BY-MA")
    person = contest.people[-1]
    assert (person.name, person.initials, person.surname, person.position) == (
        "В.В. Кузьмина", "В.В.", "Кузьмина", "председатель жюри",
    )  # fmt: skip
    assert contest.region_codes == ("BY-MA", "BY-VI")


def test_a_merge_rewrites_keys_everywhere_and_keeps_the_old_name():
    result = apply(
        entity(
            "org", ADMIN.key, "merge", "pravitelstvo-smolenskoi-oblasti", "Правительство Смоленской области"
        )
    )
    signing = result.record.events[0]
    kept = signing.organisations[0]
    assert (kept.key, kept.name, kept.text) == (
        "pravitelstvo-smolenskoi-oblasti",
        "Правительство Смоленской области",
        ADMIN.text,
    )
    assert signing.agreement.party_keys[0] == kept.key
    assert signing.people[0].organisation_key == kept.key  # the person's affiliation follows
    [applied] = result.applied
    assert (applied.replaced, applied.new, applied.merged_name) == (ADMIN.key, kept.key, ADMIN.name)


def test_an_alias_by_spelling_and_a_country():
    result = apply(
        entity(
            "org",
            "ГУО «СШ № 3 г. Кричева»",
            "alias",
            "krichev-school-3",
            "ГУО «Средняя школа № 3 г. Кричева»",
        ),
        entity("org", "mbuk-roslavlskii-dom-kultury", "country", "RU", line=3),  # already RU: no change
        entity("org", "krichev-school-3", "country", "BY", line=4),
    )
    contest = result.record.events[1]
    assert [o.key for o in contest.organisations] == [
        "mbuk-roslavlskii-dom-kultury", "guo-srednyaya-shkola-3-g-kricheva", "krichev-school-3",
    ]  # fmt: skip
    assert [a.action for a in result.applied] == ["alias"]


def test_provenance_in_rdf_validates_and_links_event_and_entity():
    minter = Minter(BASE)
    result = apply(
        row(2, "participants", "set", "52", "60"),
        entity(
            "org", ADMIN.key, "merge", "pravitelstvo-smolenskoi-oblasti", "Правительство Смоленской области"
        ),
    )
    graph: Graph = report_to_graph(result.record, minter)
    assert add_corrections(graph, REPORT_ID, result.applied, minter) == 2
    validation = validate_report_graph(graph, file="x", known_places=known_places(minter))
    assert validation.conforms, validation.violations
    event2 = URIRef(minter.event(REPORT_ID, 2))
    [c] = graph.objects(event2, CG.correctedBy)
    assert str(c) == minter.event_part(REPORT_ID, 2, "correction", 1)
    assert graph.value(c, CG.replacedValue) == Literal("52")
    assert graph.value(c, PROV.wasAttributedTo) == agent_iri(minter, "Сидорова")
    kept = URIRef(minter.organisation("pravitelstvo-smolenskoi-oblasti"))
    assert (kept, SKOS.altLabel, Literal(ADMIN.name, lang="ru")) in graph
    assert not any(ADMIN.key in str(node) for triple in graph for node in triple if isinstance(node, URIRef))


def _with_flags(report, row_number, *warnings):
    from dataclasses import replace as _replace

    events = tuple(
        _replace(e, warnings=(*e.warnings, *warnings)) if e.row_number == row_number else e
        for e in report.events
    )
    return _replace(report, events=events)


def test_a_correction_of_a_field_settles_its_flags_and_only_those():
    unread = Warning_("dates", "cannot read a date", FlagKind.DATE_UNREADABLE, "по согласованию")
    summed = Warning_("participants", "no total stated", FlagKind.COUNT_SUM_OF_PARTS, "25 + 5")
    plain = Warning_("dates", "a plain note")
    report = _with_flags(make_report(), 2, unread, summed, plain)

    def kinds(corrections):
        result = apply_corrections(report, CorrectionSet((), {REPORT_ID: corrections}))
        return [w.kind for w in result.record.events[1].warnings if w.kind], result

    # A start set by hand settles the date flag, not the count flag; plain warnings stay.
    found, result = kinds((row(2, "start", "set", "", "2021-10-05"),))
    assert found == [FlagKind.COUNT_SUM_OF_PARTS] and plain in result.record.events[1].warnings
    # Confirming the extracted value settles it too.
    found, _ = kinds((row(2, "participants", "set", "52", "52"),))
    assert found == [FlagKind.DATE_UNREADABLE]
    # A stale correction settles nothing.
    found, _ = kinds((row(2, "participants", "set", "999", "60"),))
    assert found == [FlagKind.DATE_UNREADABLE, FlagKind.COUNT_SUM_OF_PARTS]
