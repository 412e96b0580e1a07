"""The analyst query pack on the web: list, form + table, JSON and CSV, parameters bound as
values, the row cap."""

from __future__ import annotations

import csv
import io

import pytest
from tiny_store import BASE, REPORT, build_tiny_store, tiny_client

from coopgraph.publish.queries import canned_queries

CULTURE = "https://w3id.org/coopgraph/sector/culture"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    return build_tiny_store(tmp_path_factory.mktemp("tiny") / "store", events=25)


@pytest.fixture(scope="module")
def client(store_path):
    return tiny_client(store_path)


def test_index_lists_every_canned_query_with_its_formats(client):
    html = client.get("/queries").get_data(as_text=True)
    for name, query in canned_queries().items():
        assert f'href="/queries/{name}"' in html
        assert f'href="/queries/{name}.json"' in html and f'href="/queries/{name}.csv"' in html
        assert query.title_ru in html
    assert canned_queries()["events"].title in client.get("/queries?lang=en").get_data(as_text=True)


def test_query_page_shows_a_form_and_the_result_table(client):
    html = client.get("/queries/events").get_data(as_text=True)
    assert '<form class="filters"' in html
    assert '<select name="sector">' in html and '<option value="culture"' in html
    assert '<input type="date" name="from"' in html
    assert html.count("<tr>") == 26  # header + 25 events
    filtered = client.get(f"/queries/events?sector={CULTURE}").get_data(as_text=True)
    assert filtered.count("<tr>") == 13
    assert '<option value="culture" selected>' in filtered
    # The short key is the same filter as the full IRI.
    by_key = client.get("/queries/events?sector=culture").get_data(as_text=True)
    assert by_key.count("<tr>") == 13 and '<option value="culture" selected>' in by_key


def test_json_rows_follow_the_parameters(client):
    everything = client.get("/queries/events.json").get_json()
    assert everything["row_count"] == 25 and everything["truncated"] is False
    assert everything["columns"][:3] == ["report", "row", "sector"]
    culture = client.get(f"/queries/events.json?sector={CULTURE}&from=2021-08-01").get_json()
    assert culture["row_count"] == 8
    assert {r["sector"] for r in culture["rows"]} == {"Культура"}
    assert all(r["end"] >= "2021-08-01" for r in culture["rows"])


def test_csv_parses_and_matches_json(client):
    response = client.get(f"/queries/events.csv?region={BASE}id/place/by-ho")
    assert response.mimetype == "text/csv" and response.headers["X-Coopgraph-Truncated"] == "false"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 13 and {r["sector"] for r in rows} == {"Торгово-экономическое сотрудничество"}
    as_json = client.get(f"/queries/events.json?region={BASE}id/place/by-ho").get_json()
    assert [r["title"] for r in rows] == [r["title"] for r in as_json["rows"]]


def test_values_are_bound_not_spliced(client):
    # a string parameter that would break out of a spliced literal just matches nothing
    sneaky = client.get('/queries/organisations.json?country=BY" ) } } SELECT * WHERE { ?s ?p ?o } #')
    assert sneaky.status_code == 200 and sneaky.get_json()["row_count"] == 0
    assert client.get("/queries/organisations.json?country=BY").get_json()["row_count"] == 1
    # an IRI parameter that is not an IRI is refused with the reason
    bad = client.get("/queries/events.json?sector=<script>")
    assert bad.status_code == 400 and "not a valid iri" in bad.get_data(as_text=True)
    assert "<script>" not in bad.get_data(as_text=True)
    assert client.get("/queries/events.json?from=31.12.2021").status_code == 400


def test_unknown_query_is_404_and_unknown_parameters_are_ignored(client):
    assert client.get("/queries/nope").status_code == 404
    assert client.get("/queries/nope.json").status_code == 404
    assert client.get("/queries/events.json?colour=red").get_json()["row_count"] == 25


def test_row_cap_truncates_and_says_so(store_path):
    capped = tiny_client(store_path, max_rows=5)
    data = capped.get("/queries/events.json").get_json()
    assert data["row_count"] == 5 and data["truncated"] is True
    response = capped.get("/queries/events.csv")
    assert response.headers["X-Coopgraph-Truncated"] == "true"
    assert len(list(csv.reader(io.StringIO(response.get_data(as_text=True))))) == 6
    html = capped.get("/queries/events").get_data(as_text=True)
    assert "max_rows" in html and html.count("<tr>") == 6


def test_canned_queries_over_the_bundled_report(app):
    test_client = app.test_client()
    for name in canned_queries():
        response = test_client.get(f"/queries/{name}.json")
        assert response.status_code == 200, name
        assert response.get_json()["row_count"] > 0, name
        assert test_client.get(f"/queries/{name}").status_code == 200


@pytest.mark.parametrize(
    ("name", "key", "iri"),
    [
        ("sector", "culture", CULTURE),
        ("region", "by-vi", BASE + "id/place/by-vi"),
        ("report", REPORT, BASE + "id/report/" + REPORT),
    ],
)
def test_a_short_key_names_the_same_sector_region_or_report_as_its_iri(client, name, key, iri):
    by_key = client.get(f"/queries/events.json?{name}={key}").get_json()
    by_iri = client.get("/queries/events.json", query_string={name: iri}).get_json()
    everything = client.get("/queries/events.json").get_json()
    assert by_key["rows"] == by_iri["rows"] and by_key["row_count"] > 0
    assert name == "report" or by_key["row_count"] < everything["row_count"]
    unknown = client.get(f"/queries/events.json?{name}=no-such-{name}").get_json()
    assert unknown["row_count"] == 0
