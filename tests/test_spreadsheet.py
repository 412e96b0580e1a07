"""coopgraph.publish.spreadsheet: a text cell that looks like a formula stays text in the workbook,
while the CSV of the same table defuses it with an apostrophe."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from rdflib import Graph, Literal, URIRef
from tiny_store import BASE, build_tiny_store

from coopgraph.publish.spreadsheet import workbook_bytes
from coopgraph.publish.tables import EVENTS, table_csv
from coopgraph.store import Store

CG = "https://w3id.org/coopgraph/ns#"
FORMULA = '=HYPERLINK("http://evil.example/","клик")'


def test_formula_like_title_is_a_text_cell(tmp_path):
    path = build_tiny_store(tmp_path / "store", events=2)
    event = URIRef(BASE + "id/event/formula-2022-h1/1")
    graph = Graph()
    graph.add(
        (event, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(CG + "CooperationEvent"))
    )
    graph.add((event, URIRef("http://schema.org/name"), Literal(FORMULA, lang="ru")))
    graph.add((event, URIRef(CG + "inReport"), URIRef(BASE + "id/report/formula-2022-h1")))
    graph.add((event, URIRef(CG + "rowNumber"), Literal(1)))
    with Store(path) as store:
        store.replace_graph(BASE + "graph/formula-2022-h1", graph)
        data = workbook_bytes(store)
        csv_text = table_csv(store, EVENTS).decode("utf-8")
    sheet = load_workbook(io.BytesIO(data))["events"]
    cell = next(c for row in sheet.iter_rows(min_row=2) for c in row if c.value == FORMULA)
    assert cell.data_type == "s"
    assert "'" + FORMULA.replace('"', '""') in csv_text
