"""The tables of the bundled report as an analyst gets them from /downloads: the Data Package
with its foreign keys checked by frictionless, the places and people tables, the CSV variant
with a byte-order mark for Excel and the .xlsx workbook (coopgraph.publish.tables,
coopgraph.publish.spreadsheet)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import frictionless
import pytest
from openpyxl import load_workbook

from coopgraph.publish.tables import TABLES


def fetch_package(client, folder: Path) -> dict:
    """datapackage.json and every table it lists, saved side by side as a portal would."""
    package = json.loads(client.get("/downloads/datapackage.json").data)
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    for resource in package["resources"]:
        response = client.get(f"/downloads/{resource['path']}")
        assert response.status_code == 200, resource["path"]
        (folder / resource["path"]).write_bytes(response.data)
    return package


def rows_of(client, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(client.get(f"/downloads/{name}").data.decode("utf-8-sig"))))


def validate(folder: Path) -> frictionless.Report:
    return frictionless.validate(str(folder / "datapackage.json"), basepath=str(folder))


def test_foreign_keys_are_declared_and_frictionless_finds_them_intact(client, tmp_path):
    package = fetch_package(client, tmp_path)
    keys = {
        (resource["name"], key["fields"]): key["reference"]["resource"] or resource["name"]
        for resource in package["resources"]
        for key in resource["schema"].get("foreignKeys", [])
    }
    assert keys == {
        ("organisations", "region"): "places",
        ("participations", "event"): "events",
        ("participations", "organisation"): "organisations",
        ("participations", "person"): "people",
        ("agreements", "event"): "events",
        ("places", "parent"): "places",
        ("places", "region"): "places",
        ("people", "affiliation"): "organisations",
    }
    report = validate(tmp_path)
    assert report.valid, [(t.name, e.message) for t in report.tasks for e in t.errors][:5]


@pytest.mark.parametrize(
    ("table", "column"), [("participations", "event"), ("places", "parent"), ("people", "affiliation")]
)
def test_frictionless_reports_a_broken_foreign_key(client, tmp_path, table, column):
    fetch_package(client, tmp_path)
    path = tmp_path / f"{table}.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    index = rows[0].index(column)
    row = next(r for r in rows[1:] if r[index])
    row[index] = "https://coopgraph.example.org/id/nowhere"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    report = validate(tmp_path)
    assert not report.valid
    errors = [(task.name, error.type) for task in report.tasks for error in task.errors]
    assert errors == [(table, "foreign-key")]


def count(app, query: str) -> int:
    store = app.extensions["coopgraph.store"].get()
    return int(next(iter(store.query(query)))["n"].value)


def test_places_table_holds_every_place_with_its_coordinates(app, client):
    places = rows_of(client, "places.csv")
    assert len(places) == count(
        app, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <http://schema.org/Place> }"
    )
    located = [p for p in places if p["latitude"]]
    geo = "http://www.w3.org/2003/01/geo/wgs84_pos#lat"
    assert len(located) == count(app, f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?p <{geo}> ?x }}")
    assert all(-90 <= float(p["latitude"]) <= 90 and -180 <= float(p["longitude"]) <= 180 for p in located)
    by_iri = {p["place"]: p for p in places}
    # Every district lies in a region of its own country.
    for district in (p for p in places if p["kind"] == "district"):
        assert by_iri[district["parent"]]["kind"] in ("region", "country"), district
        assert by_iri[district["region"]]["country"] == district["country"], district
    assert sum(int(p["events"]) for p in places) > 0


def test_people_table_links_each_person_to_an_organisation_row(app, client):
    people = rows_of(client, "people.csv")
    assert (
        len(people)
        == count(app, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <http://schema.org/Person> }")
        > 0
    )
    organisations = {o["organisation"] for o in rows_of(client, "organisations.csv")}
    affiliated = [p for p in people if p["affiliation"]]
    assert affiliated and all(p["affiliation"] in organisations for p in affiliated)
    assert all(p["name"] and int(p["events"]) >= 1 for p in people)


def test_participations_name_the_organisation_or_the_person(client):
    for row in rows_of(client, "participations.csv"):
        expected = row["participant"]
        if row["participant_kind"] == "organisation":
            assert (row["organisation"], row["person"]) == (expected, ""), row
        else:
            assert (row["organisation"], row["person"]) == ("", expected), row


@pytest.mark.parametrize("table", list(TABLES))
def test_excel_csv_is_the_table_with_a_byte_order_mark(client, table):
    plain = client.get(f"/downloads/{table}.csv").data
    excel = client.get(f"/downloads/{table}-excel.csv")
    assert excel.status_code == 200 and excel.mimetype == "text/csv"
    assert excel.data == b"\xef\xbb\xbf" + plain
    assert "Смолен" in excel.data.decode("utf-8-sig") or table == "people"


def test_xlsx_sheets_hold_the_csv_tables(client):
    response = client.get("/downloads/coopgraph.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == list(TABLES)
    for name, table in TABLES.items():
        sheet = [list(r) for r in workbook[name].iter_rows(values_only=True)]
        rows = rows_of(client, f"{name}.csv")
        assert sheet[0] == [c.name for c in table.columns], name
        assert len(sheet) - 1 == len(rows), name
        for cells, row in zip(sheet[1:], rows, strict=True):
            for column, cell in zip(table.columns, cells, strict=True):
                text = row[column.name]
                if column.type == "date" and cell is not None and not isinstance(cell, str):
                    cell = cell.date().isoformat()
                if column.type == "string" and column.format != "uri" and text.startswith("'"):
                    text = text[1:]  # the CSV's defusing apostrophe; the xlsx cell is text
                assert ("" if cell is None else str(cell)) == text, (name, column.name)
    assert client.get("/downloads/coopgraph.xlsx").data == response.data  # the same bytes again
