"""The bundled report mutated cell by cell: each mutant ingests, with exactly the expected flag
on the mutated row, and everything else in the graph unchanged (issue 10 §2).

A mutant replaces one cell's value by text the extractor cannot read. The graphs of the
original and the mutant are compared event by event: every other event is identical, and the
mutated event differs only in the triples of the mutated field and in its flags.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from coopgraph.iris import Minter
from coopgraph.ontology.terms import CG
from coopgraph.ontology.vocab import CV, SDO
from coopgraph.pipeline import prepare

MINTER = Minter("https://coopgraph.example.org/")
REPORT_ID = "smolensk-belarus-2020-h1"
DAMAGED = "\ufffd\ufffd\ufffd \ufffd\ufffd\ufffd\ufffd\ufffd"  # what a wrong decoding leaves

# The event properties (and sub-resources, by the part name in their IRI) each field owns.
FIELD_TRIPLES: dict[str, tuple[set[URIRef], set[str]]] = {
    "dates": ({SDO.startDate, SDO.endDate, CG.dateText, CG.sourceDates, CG.occursDuring,
               CG.datesInferredYear}, {"period"}),
    "participants-count": ({CG.participantCount, CG.hasCount, CG.sourceParticipants}, {"count"}),
    "place": ({SDO.location, CG.sourcePlace, CG.region, CG.belarusRegion}, set()),
    "agreement": ({SDO.description, CG.sourceContent}, set()),  # the document is a node of its own
    "participants-organisation": ({CG.involves, CV.hasParticipation, SDO.organizer, CG.sourceParticipants,
                                   CG.region, CG.belarusRegion}, {"participation"}),
}  # fmt: skip
FLAGS: tuple[set[URIRef], set[str]] = ({CG.flag, CG.warning}, {"flag"})

MUTANTS = [
    # (what, row, old text, new text, field whose triples may change, expected new flag)
    ("date", 5, "\t23-24 февраля\n2020 года\n", "\tпо согласованию\n", "dates", "date-unreadable"),
    ("count", 6, "(общее количество – 498 человек)", "(общее количество – уточняется)",
     "participants-count", "count-unreadable"),
    ("place", 5, "\tг. Смоленск\n\t23-24 февраля", "\tпо месту требования\n\t23-24 февраля", "place",
     "place-unreadable"),
    ("agreement date", 3, "от 21 февраля 2020 года № 175-р/адм", "от 31 февраля 2020 года № 175-р/адм",
     "agreement", "agreement-date-unreadable"),
    ("organisation", 4, "представители ООО «ЭГГЕР ДРЕВПРОДУКТ ГАГАРИН»", f"представители {DAMAGED}",
     "participants-organisation", "text-unreadable"),
]  # fmt: skip


def mutant(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in the bundled report"
    out = tmp_path / source.name
    out.write_text(text.replace(old, new), encoding="utf-8")
    return out


def event_iri(row: int) -> str:
    return MINTER.event(REPORT_ID, row)


def event_triples(graph: Graph, row: int, drop: tuple[set[URIRef], set[str]] = (set(), set())) -> set:
    """The event's own triples and those of its parts ({event}/period/1 ...), less ``drop``."""
    iri = event_iri(row)
    properties, parts = drop
    kept = set()
    for s, p, o in graph:
        subject = str(s)
        if subject == iri:
            if p not in properties:
                kept.add((s, p, o))
        elif subject.startswith(iri + "/") and subject[len(iri) + 1 :].split("/")[0] not in parts:
            kept.add((s, p, o))
    return kept


def flag_kinds(graph: Graph, row: int) -> list[str]:
    return sorted(
        str(graph.value(f, CG.flagKind)).rsplit("/", 1)[-1]
        for f in graph.objects(URIRef(event_iri(row)), CG.flag)
    )


def rows_of(graph: Graph) -> list[int]:
    return sorted(int(graph.value(e, CG.rowNumber)) for e in graph.subjects(RDF.type, CG.CooperationEvent))


@pytest.fixture(scope="module")
def original_graph(bundled_report_path: Path) -> Graph:
    return prepare(bundled_report_path, MINTER).graph


@pytest.mark.parametrize(("what", "row", "old", "new", "field", "flag"), MUTANTS, ids=[m[0] for m in MUTANTS])
def test_a_mutated_cell_ingests_with_exactly_its_flag(
    tmp_path, bundled_report_path, original_graph, what, row, old, new, field, flag
):
    prepared = prepare(mutant(tmp_path, bundled_report_path, old, new), MINTER)
    graph = prepared.graph
    assert prepared.validation.conforms and rows_of(graph) == rows_of(original_graph)
    # exactly the expected flag is new on the mutated row, and SHACL reports it as a warning
    assert flag_kinds(graph, row) == sorted([*flag_kinds(original_graph, row), flag])
    assert any(w.row == row and f"flag {flag}" in w.message for w in prepared.validation.warnings)
    # every other row is untouched
    for other in rows_of(graph):
        if other != row:
            assert event_triples(graph, other) == event_triples(original_graph, other), f"row {other}"
    # the mutated row differs only in the mutated field
    properties, parts = FIELD_TRIPLES[field]
    drop = (properties | FLAGS[0], parts | FLAGS[1])
    assert event_triples(graph, row, drop) == event_triples(original_graph, row, drop)
    # and the cell is kept as written
    source = {"dates": CG.sourceDates, "place": CG.sourcePlace, "agreement": CG.sourceContent}.get(
        field, CG.sourceParticipants
    )
    assert new.strip("\t\n").split("\n\t")[0] in str(graph.value(URIRef(event_iri(row)), source))


# The two layout mutants need the text reader (ingest/read_text.py) to join a row split across
# a page break and to skip a row of column numbers; they change nothing in the graph.
LAYOUT_MUTANTS = [
    (
        "row split",
        "\tСпортсмены из Республики Беларусь; спортсмены из регионов Российской Федерации, в том числе из "
        "Смоленской области\n(общее количество – 498 человек) \n",
        "\tСпортсмены из Республики Беларусь; спортсмены из регионов Российской Федерации, в том числе из "
        "Смоленской области\n\n\t\n\t\n\t\n\t\n\t\n\t(общее количество – 498 человек) \n",
    ),
    (
        "column-number row",
        "\n\tЗаключенные Соглашения\n",
        "\n\t1\n\t2\n\t3\n\t4\n\t5\n\t6\n\n\tЗаключенные Соглашения\n",
    ),
]


@pytest.mark.parametrize(("what", "old", "new"), LAYOUT_MUTANTS, ids=[m[0] for m in LAYOUT_MUTANTS])
def test_a_split_row_or_a_column_number_row_in_a_text_dump_changes_nothing(
    tmp_path, bundled_report_path, original_graph, what, old, new
):
    prepared = prepare(mutant(tmp_path, bundled_report_path, old, new), MINTER)
    source = URIRef(MINTER.source_file(REPORT_ID))
    without_hash = {t for t in prepared.graph if not (t[0] == source and t[1] == CG.sha256)}
    original = {t for t in original_graph if not (t[0] == source and t[1] == CG.sha256)}
    assert without_hash == original


def test_an_unreadable_document_date_keeps_the_number(tmp_path, bundled_report_path):
    old, new = "от 21 февраля 2020 года № 175-р/адм", "от 31 февраля 2020 года № 175-р/адм"
    graph = prepare(mutant(tmp_path, bundled_report_path, old, new), MINTER).graph
    agreement = URIRef(MINTER.agreement(REPORT_ID, 3))
    assert str(graph.value(agreement, CG.approvalNumber)) == "175-р/адм"
    assert graph.value(agreement, CG.approvalDate) is None
    assert graph.value(agreement, CG.registrationNumber) is not None
