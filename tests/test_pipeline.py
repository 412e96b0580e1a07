"""The ingest pipeline end to end on the bundled report and on broken variants of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx_fixtures import build_docx
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from coopgraph.ingest.errors import ExtractionError, ReadError
from coopgraph.ingest.records import FlagKind
from coopgraph.iris import Minter
from coopgraph.pipeline import ingest_paths, list_reports, prepare, remove_report
from coopgraph.store import Store

MINTER = Minter("https://coopgraph.example.org/")
REPORT_ID = "smolensk-belarus-2020-h1"


def variant(tmp_path: Path, source: Path, old: str, new: str, name: str = "variant.txt") -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in the bundled report"
    out = tmp_path / name
    out.write_text(text.replace(old, new, 1), encoding="utf-8")
    return out


@pytest.fixture
def loaded_store(tmp_path, bundled_report_path):
    with Store(tmp_path / "store") as store:
        outcomes = ingest_paths([bundled_report_path], store, MINTER)
        assert [o.ok for o in outcomes] == [True], [str(o.error) for o in outcomes]
        yield store


def without_source_node(graph: Graph) -> Graph:
    source = URIRef(MINTER.source_file(REPORT_ID))
    out = Graph()
    for s, p, o in graph:
        if source not in (s, o):
            out.add((s, p, o))
    return out


def test_bundled_report_is_stored_as_one_named_graph(loaded_store):
    assert list_reports(loaded_store, MINTER) == [REPORT_ID]
    events = loaded_store.query(
        "SELECT (COUNT(?e) AS ?n) WHERE { ?e a <https://w3id.org/coopgraph/ns#CooperationEvent> }"
    )
    assert int(next(iter(events))["n"].value) == 24


def test_reingest_gives_the_identical_graph(loaded_store, bundled_report_path):
    graph_iri = MINTER.report_graph(REPORT_ID)
    before = sorted(loaded_store.dump("nt", graph_iri=graph_iri).splitlines())
    [outcome] = ingest_paths([bundled_report_path], loaded_store, MINTER)
    assert outcome.ok and outcome.replaced and outcome.status == "unchanged"
    assert sorted(loaded_store.dump("nt", graph_iri=graph_iri).splitlines()) == before


def test_docx_and_text_dump_give_isomorphic_graphs(bundled_report_path, tmp_path):
    docx = build_docx(bundled_report_path, tmp_path / "report.docx")
    from_text = prepare(bundled_report_path, MINTER).graph
    from_docx = prepare(docx, MINTER).graph
    assert (URIRef(MINTER.source_file(REPORT_ID)), None, None) in from_text
    assert isomorphic(without_source_node(from_text), without_source_node(from_docx))


def test_remove_deletes_the_report_graph(loaded_store):
    assert remove_report(loaded_store, MINTER, REPORT_ID)
    assert list_reports(loaded_store, MINTER) == []
    assert not remove_report(loaded_store, MINTER, REPORT_ID)


BROKEN = [
    # (what, old text, new text, error class, field named in the message)
    # Two rows with one number would be one event IRI: storing it would corrupt the graph.
    ("repeated row number", "\t3. \n", "\t2. \n", ExtractionError, "number"),
    ("missing column", "\tг. Смоленск\n\t23-24 февраля", "\t23-24 февраля", ReadError, None),
]


@pytest.mark.parametrize(("what", "old", "new", "error", "field"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_report_is_rejected_and_store_unchanged(
    loaded_store, bundled_report_path, tmp_path, what, old, new, error, field
):
    before = loaded_store.dump("nq")
    bad = variant(tmp_path, bundled_report_path, old, new, name=f"{REPORT_ID}.txt")
    with pytest.raises(error) as info:
        prepare(bad, MINTER)
    message = str(info.value)
    assert bad.name in message and "row" in message
    if field:
        assert f"field {field}" in message
    [outcome] = ingest_paths([bad], loaded_store, MINTER)
    assert not outcome.ok
    assert loaded_store.dump("nq") == before


@pytest.mark.parametrize(
    ("what", "content"),
    [
        ("empty file", b""),
        ("binary junk", bytes(range(256)) * 20),
        ("truncated", None),
        ("docx that is not a report", "docx"),
    ],
)
def test_unreadable_input_is_rejected_and_store_unchanged(
    loaded_store, bundled_report_path, tmp_path, what, content
):
    before = loaded_store.dump("nq")
    path = tmp_path / "incoming.txt"
    if content is None:
        data = bundled_report_path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif content == "docx":
        import docx

        document = docx.Document()
        document.add_paragraph("Служебная записка")
        document.add_table(rows=2, cols=2)
        path = tmp_path / "memo.docx"
        document.save(str(path))
    else:
        path.write_bytes(content)
    [outcome] = ingest_paths([path], loaded_store, MINTER)
    assert not outcome.ok
    assert path.name in str(outcome.error)
    assert loaded_store.dump("nq") == before


def test_batch_stores_good_reports_and_reports_bad_ones(tmp_path, bundled_report_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "a-good.txt").write_bytes(bundled_report_path.read_bytes())
    variant(folder, bundled_report_path, "\t3. \n", "\t2. \n", name="b-bad.txt")
    with Store(tmp_path / "store") as store:
        outcomes = ingest_paths([folder], store, MINTER)
        assert [(o.path.name, o.ok) for o in outcomes] == [("a-good.txt", True), ("b-bad.txt", False)]
        assert list_reports(store, MINTER) == [REPORT_ID]


def test_an_unreadable_value_is_flagged_and_the_report_stored(bundled_report_path, tmp_path):
    # A count of zero cannot be a head count: the row is kept, without a count, with a flag that
    # SHACL reports as a warning (never a violation).
    bad = variant(
        tmp_path, bundled_report_path, "(общее количество – 128 человек)", "(общее количество – 0 человек)"
    )
    prepared = prepare(bad, MINTER)
    [event] = [e for e in prepared.record.events if e.row_number == 5]
    assert event.participants_total is None
    assert [w.kind for w in event.warnings if w.kind] == [FlagKind.COUNT_UNREADABLE]
    flagged = [w for w in prepared.validation.warnings if w.row == 5 and "count-unreadable" in w.message]
    assert [w.field for w in flagged] == ["participants"]
    base = prepare(bundled_report_path, MINTER)
    [base_event] = [e for e in base.record.events if e.row_number == 5]
    assert not any(w.kind for w in base_event.warnings)
    assert prepared.rows_flagged == base.rows_flagged + 1
