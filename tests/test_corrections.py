"""Correction files: their format, and what they do to the store when a report is ingested
(the bundled report, and a copy of it with deliberately wrong values)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopgraph.ingest.corrections.files import (
    EntityCorrection,
    RowCorrection,
    append_entity_correction,
    append_row_correction,
    load_corrections,
)
from coopgraph.iris import Minter
from coopgraph.network.graphs import network_for
from coopgraph.ontology.vocab import sparql_prefixes
from coopgraph.pipeline import ingest_paths
from coopgraph.store import Store

BASE = "https://coopgraph.example.org/"
RID = "smolensk-belarus-2020-h1"
EVENT = f"{BASE}id/event/{RID}/"
ORG = f"{BASE}id/org/"
HEADER = "row,field,action,match,value,author,time,note\n"
ENTITY_HEADER = "kind,key,action,value,name,author,time,note\n"
T = "2026-11-25T10:00:00+00:00"


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def wrong_report(tmp_path, bundled_report_path) -> Path:
    """The bundled report with two deliberate mistakes: row 7 counts 800 people, row 17 ends in July."""
    text = bundled_report_path.read_text(encoding="utf-8")
    assert "(80 человек)" in text and "1-30 июня" in text
    text = text.replace("(80 человек)", "(800 человек)").replace("1-30 июня", "1 июня - 30 июля")
    folder = tmp_path / "reports"
    folder.mkdir()
    path = folder / bundled_report_path.name
    path.write_text(text, encoding="utf-8")
    return path


def ingest(store_path: Path, report: Path, corrections: Path | None):
    loaded = load_corrections(corrections) if corrections is not None else None
    with Store(store_path) as store:
        [outcome] = ingest_paths([report], store, Minter(BASE), corrections=loaded)
    assert outcome.ok, outcome.error
    return outcome


def select(store_path: Path, query: str) -> list[dict[str, str]]:
    with Store(store_path, read_only=True) as store:
        solutions = store.query(sparql_prefixes() + query)
        names = [v.value for v in solutions.variables]  # type: ignore[attr-defined]
        return [{n: s[n].value for n in names if s[n] is not None} for s in solutions]  # type: ignore[attr-defined]


def value_of(store_path: Path, row: int, prop: str) -> str:
    [r] = select(store_path, f"SELECT ?v WHERE {{ <{EVENT}{row}> {prop} ?v }}")
    return r["v"]


# --------------------------------------------------------------------------- format


def test_files_round_trip_with_file_and_line(tmp_path):
    folder = tmp_path / "corrections"
    first = append_row_correction(
        folder, RID, RowCorrection(21, "end", "set", "2020-05-31", "2020-05-30", "Иванова", T)
    )
    second = append_row_correction(
        folder,
        RID,
        RowCorrection(3, "place", "remove", "г. Вязьма, «кавычки»", "", "Петров", T, "note, with comma"),
    )
    assert (first.line, second.line) == (2, 3)
    append_entity_correction(
        folder, EntityCorrection("org", "a-key", "merge", "b-key", "Б «Имя»", "Иванова", T)
    )
    loaded = load_corrections(folder)
    # Applied by row, then line: row 3 first although written second.
    assert [(c.row, c.match, c.note, c.where) for c in loaded.for_report(RID)] == [
        (3, "г. Вязьма, «кавычки»", "note, with comma", f"{RID}.csv line 3"),
        (21, "2020-05-31", "", f"{RID}.csv line 2"),
    ]
    assert [(e.key, e.value, e.name) for e in loaded.entities] == [("a-key", "b-key", "Б «Имя»")]
    assert load_corrections(tmp_path / "missing").for_report(RID) == ()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("7,colour,set,,red,Иванова,2026-11-25T10:00:00,", "field 'colour'"),
        ("7,participants,add,,80,Иванова,2026-11-25T10:00:00,", "takes action set"),
        ("7,organisation,remove,,,Иванова,2026-11-25T10:00:00,", "needs a match"),
        ("seven,end,set,,2020-05-30,Иванова,2026-11-25T10:00:00,", "is not a number"),
        ("7,end,set,,2020-05-30,,2026-11-25T10:00:00,", "author is required"),
        ("7,end,set,,2020-05-30,Иванова,yesterday,", "not ISO 8601"),
    ],
)
def test_a_malformed_correction_names_file_and_line_and_is_skipped(tmp_path, line, message):
    # Skipped, not fatal (issue 15 §3): one bad line must not stop every later ingest.
    write(
        tmp_path, f"{RID}.csv", HEADER + "3,end,set,,2020-05-30,Петров,2026-11-25T10:00:00,\n" + line + "\n"
    )
    loaded = load_corrections(tmp_path)
    assert [c.row for c in loaded.for_report(RID)] == [3]
    [problem] = loaded.problems
    assert f"{RID}.csv line 3" in problem and message in problem


def test_a_wrong_header_skips_the_file_and_says_so(tmp_path):
    write(tmp_path, "entities.csv", "kind,key,action,value\n")
    loaded = load_corrections(tmp_path)
    assert loaded.entities == ()
    assert any("header must be kind,key,action,value,name" in p for p in loaded.problems)


# --------------------------------------------------------------------------- applied on ingest


def test_a_correction_fixes_a_wrong_value_and_survives_reingest(tmp_path, wrong_report):
    store = tmp_path / "store"
    ingest(store, wrong_report, None)
    assert value_of(store, 7, "cg:participantCount") == "800"
    assert value_of(store, 17, "schema:endDate") == "2020-07-30"
    corrections = tmp_path / "corrections"
    write(
        corrections,
        f"{RID}.csv",
        HEADER
        + f"7,participants,set,800,80,Иванова,{T},в отчёте опечатка\n"
        + f"17,end,set,2020-07-30,2020-06-30,Петров,{T},\n",
    )
    first = ingest(store, wrong_report, corrections)
    assert not [w for w in first.warnings if "correction" in str(w)]
    with Store(store, read_only=True) as s:
        graph_once = s.graph(Minter(BASE).report_graph(RID))
    second = ingest(store, wrong_report, corrections)  # again: same result, nothing doubled
    assert second.replaced
    assert value_of(store, 7, "cg:participantCount") == "80"
    assert value_of(store, 17, "schema:endDate") == "2020-06-30"
    assert value_of(store, 17, "schema:startDate") == "2020-06-01"
    with Store(store, read_only=True) as s:
        assert s.graph(Minter(BASE).report_graph(RID)).isomorphic(graph_once)
    # Without the corrections the extraction comes back: corrections are data, not edits.
    ingest(store, wrong_report, None)
    assert value_of(store, 7, "cg:participantCount") == "800"


def test_the_provenance_names_author_time_and_replaced_value(tmp_path, wrong_report):
    store = tmp_path / "store"
    corrections = tmp_path / "corrections"
    write(corrections, f"{RID}.csv", HEADER + f"7,participants,set,800,80,Иванова,{T},в отчёте опечатка\n")
    ingest(store, wrong_report, corrections)
    rows = select(
        store,
        """SELECT ?event ?field ?replaced ?new ?author ?time ?source ?note WHERE {
             ?event cg:correctedBy ?c .
             ?c a cg:Correction, prov:Entity ; cg:field ?field ; cg:replacedValue ?replaced ;
                cg:newValue ?new ; prov:wasAttributedTo ?agent ; prov:generatedAtTime ?time ;
                cg:correctionSource ?source ; skos:note ?note .
             ?agent a prov:Agent ; foaf:name ?author .
           }""",
    )
    assert rows == [
        {
            "event": f"{EVENT}7",
            "field": "participants",
            "replaced": "800",
            "new": "80",
            "author": "Иванова",
            "time": "2026-11-25T10:00:00Z",  # canonical xsd:dateTime
            "source": f"{RID}.csv line 2",
            "note": "в отчёте опечатка",
        }
    ]
    # An analyst tells corrected counts from extracted ones.
    extracted = select(
        store,
        "SELECT ?e WHERE { ?e cg:participantCount ?n FILTER NOT EXISTS { ?e cg:correctedBy ?c } }",
    )
    assert f"{EVENT}7" not in {r["e"] for r in extracted} and len(extracted) >= 5


def test_a_stale_correction_is_reported_and_the_report_still_ingested(tmp_path, bundled_report_path):
    corrections = tmp_path / "corrections"
    write(
        corrections,
        f"{RID}.csv",
        HEADER
        # Written against the wrong report (800): the fixed source now says 80.
        + f"7,participants,set,800,80,Иванова,{T},\n"
        + f"3,place,remove,г. Рославль,,Петров,{T},\n"
        + f"99,end,set,,2020-05-30,Петров,{T},\n"
        + f"21,type,set,,no-such-type,Петров,{T},\n",
    )
    outcome = ingest(tmp_path / "store", bundled_report_path, corrections)
    stale = sorted(str(w) for w in outcome.warnings if "correction" in str(w))
    assert len(stale) == 4
    assert any(
        "row 7, field participants" in w and f"{RID}.csv line 2" in w and "expected '800', found '80'" in w
        for w in stale
    )
    assert any("row 3, field place" in w and "'г. Рославль' is not there" in w for w in stale)
    assert any(w.startswith(f"{RID}.csv") and "row 99 is not in the report" in w for w in stale)
    assert any("row 21, field type" in w and "not applied" in w for w in stale)
    # Kept on the row for the review page, and nothing was changed.
    warnings = select(tmp_path / "store", f"SELECT ?w WHERE {{ <{EVENT}7> cg:warning ?w }}")
    assert any("stale correction" in w["w"] for w in warnings)
    assert value_of(tmp_path / "store", 7, "cg:participantCount") == "80"
    assert not select(tmp_path / "store", "SELECT ?c WHERE { ?c a cg:Correction }")


GOMEL_CENTRE = "rossiiskii-tsentr-nauki-i-kultury-v-g-gomele"
ROSSOTRUDNICHESTVO = "predstavitelstvo-rossotrudnichestva-v-respublike-belarus"


def test_a_merge_leaves_one_iri_with_the_other_name_as_alias_and_one_network_node(
    tmp_path, bundled_report_path
):
    store = tmp_path / "store"
    ingest(store, bundled_report_path, None)
    with Store(store, read_only=True) as s:
        before = network_for(s, "orgs")
    assert {ORG + GOMEL_CENTRE, ORG + ROSSOTRUDNICHESTVO} <= set(before.nodes)
    corrections = tmp_path / "corrections"
    write(
        corrections,
        "entities.csv",
        ENTITY_HEADER
        + f"org,{GOMEL_CENTRE},merge,{ROSSOTRUDNICHESTVO},"
        + "Представительство Россотрудничества в Республике Беларусь,"
        + f"Иванова,{T},филиал\n",
    )
    outcome = ingest(store, bundled_report_path, corrections)
    assert not [w for w in outcome.warnings if "correction" in str(w)]
    assert not select(
        store,
        f"SELECT ?p WHERE {{ {{ <{ORG}{GOMEL_CENTRE}> ?p ?o }} UNION {{ ?s ?p <{ORG}{GOMEL_CENTRE}> }} }}",
    )
    labels = select(store, f"SELECT ?l WHERE {{ <{ORG}{ROSSOTRUDNICHESTVO}> skos:altLabel ?l }}")
    assert "Российский центр науки и культуры в г. Гомеле" in {r["l"] for r in labels}
    [name] = select(store, f"SELECT ?n WHERE {{ <{ORG}{ROSSOTRUDNICHESTVO}> schema:name ?n }}")
    assert name["n"] == "Представительство Россотрудничества в Республике Беларусь"
    # Row 15 now involves the kept organisation, with provenance on the event and the organisation.
    provenance = select(
        store,
        f"""SELECT ?c ?replaced ?new WHERE {{ <{EVENT}15> cg:involves <{ORG}{ROSSOTRUDNICHESTVO}> ;
             cg:correctedBy ?c . <{ORG}{ROSSOTRUDNICHESTVO}> cg:correctedBy ?c .
             ?c cg:action "merge" ; cg:replacedValue ?replaced ; cg:newValue ?new }}""",
    )
    assert [(r["replaced"], r["new"]) for r in provenance] == [(GOMEL_CENTRE, ROSSOTRUDNICHESTVO)]
    with Store(store, read_only=True) as s:
        after = network_for(s, "orgs")
    assert ORG + GOMEL_CENTRE not in after.nodes and ORG + ROSSOTRUDNICHESTVO in after.nodes
    assert after.number_of_nodes() == before.number_of_nodes() - 1
    # The merged node keeps the ties of both: Gomel's partners are now Rossotrudnichestvo's.
    assert set(before.neighbors(ORG + GOMEL_CENTRE)) - {ORG + ROSSOTRUDNICHESTVO} <= set(
        after.neighbors(ORG + ROSSOTRUDNICHESTVO)
    )


def test_a_split_undoes_a_merge_and_within_moves_a_place(tmp_path, bundled_report_path):
    store = tmp_path / "store"
    corrections = tmp_path / "corrections"
    write(
        corrections,
        "entities.csv",
        ENTITY_HEADER
        + f"org,{GOMEL_CENTRE},merge,{ROSSOTRUDNICHESTVO},,Иванова,{T},\n"
        + f"org,{ROSSOTRUDNICHESTVO},split,{GOMEL_CENTRE},"
        + f"Российский центр науки и культуры в г. Гомеле,Петров,{T},\n"
        + f"place,smolensk-ds-iubileinyi,within,smolensk,,Петров,{T},\n",
    )
    ingest(store, bundled_report_path, corrections)
    involved = {r["o"] for r in select(store, f"SELECT ?o WHERE {{ <{EVENT}15> cg:involves ?o }}")}
    assert ORG + GOMEL_CENTRE in involved and ORG + ROSSOTRUDNICHESTVO not in involved
    [parent] = select(
        store, f"SELECT ?p WHERE {{ <{BASE}id/place/smolensk-ds-iubileinyi> schema:containedInPlace ?p }}"
    )
    assert parent["p"] == f"{BASE}id/place/smolensk"
