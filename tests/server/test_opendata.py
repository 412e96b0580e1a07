"""/opendata/: the Russian open-data passport served by a real `coopgraph serve` over the
bundled report: the list of sets, each passport, its structure and data files; every file
parses as RFC 4180 CSV in UTF-8, every field of the data is described in Russian, and the
passport names the very files that are served."""

from __future__ import annotations

import csv
import io
import re

import pytest
import requests

from coopgraph.publish.passport import SETS, STANDARD_VERSION

from .conftest import TEST_BASE_IRI

META_FIELDS = [
    "standardversion",
    "identifier",
    "title",
    "description",
    "creator",
    "created",
    "modified",
    "subject",
    "format",
    "provenance",
    "valid",
    "publishername",
    "publisherphone",
    "publishermbox",
]


def get_csv(live_server, path: str) -> list[list[str]]:
    response = requests.get(live_server.url + path, timeout=60)
    assert response.status_code == 200, path
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8", path
    assert not response.content.startswith(b"\xef\xbb\xbf"), path  # the recommendations: plain UTF-8
    text = response.content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    assert all(len(r) == len(rows[0]) for r in rows), path
    return rows


def local(url: str) -> str:
    assert url.startswith(TEST_BASE_IRI), url
    return "/" + url[len(TEST_BASE_IRI) :]


def test_list_of_sets_points_at_each_passport(live_server):
    rows = get_csv(live_server, "/opendata/list.csv")
    assert rows[0] == ["property", "title", "value", "format"]
    assert rows[1][0] == "standardversion" and rows[1][2] == STANDARD_VERSION
    sets = rows[2:]
    assert [r[0] for r in sets] == [s.code for s in SETS]  # no INN set: the codes alone
    for identifier, title, value, fmt in sets:
        assert title and fmt == "csv"
        assert value == f"{TEST_BASE_IRI}opendata/{identifier}/meta.csv"


@pytest.mark.parametrize("passport_set", SETS, ids=lambda s: s.code)
def test_passport_names_every_field_and_the_served_files(live_server, passport_set):
    meta = get_csv(live_server, f"/opendata/{passport_set.code}/meta.csv")
    assert meta[0] == ["property", "value"]
    values = dict(meta[1:])
    assert [r[0] for r in meta[1 : len(META_FIELDS) + 1]] == META_FIELDS
    assert values["standardversion"] == STANDARD_VERSION and values["identifier"] == passport_set.code
    assert values["title"] == passport_set.title and values["format"] == "csv"
    for day in ("created", "modified", "valid"):
        assert re.fullmatch(r"20\d{6}", values[day]), day
    assert values["valid"] > values["modified"] >= values["created"]
    assert "раз в полгода" in values["description"]
    data_keys = [k for k in values if k.startswith("data-")]
    structure_keys = [k for k in values if k.startswith("structure-")]
    assert len(data_keys) == 1 and len(structure_keys) == 1
    data_key, structure_key = data_keys[0], structure_keys[0]
    assert data_key == f"data-{values['modified']}-structure-{passport_set.structure_version}"
    assert structure_key == f"structure-{passport_set.structure_version}"

    structure = get_csv(live_server, local(values[structure_key]))
    assert structure[0] == ["field name", "english description", "russian description", "format"]
    data = get_csv(live_server, local(values[data_key]))
    assert [r[0] for r in structure[1:]] == data[0]  # every data field is described, in order
    for name, english, russian, fmt in structure[1:]:
        assert english and re.search("[а-яё]", russian), name
        assert fmt in ("string", "integer", "float", "date"), name
    assert len(data) > 1
    for row in data[1:]:
        for (name, _, _, fmt), cell in zip(structure[1:], row, strict=True):
            if cell and fmt == "integer":
                int(cell)
            elif cell and fmt == "float":
                float(cell)
            elif cell and fmt == "date":
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell), (name, cell)


def test_passport_data_is_the_events_table(live_server):
    """The events set holds the same rows as /downloads/events.csv."""
    meta = dict(get_csv(live_server, "/opendata/cooperation-events/meta.csv")[1:])
    data_url = next(v for k, v in meta.items() if k.startswith("data-"))
    assert get_csv(live_server, local(data_url)) == get_csv(live_server, "/downloads/events.csv")


def test_page_lists_every_set_and_unknown_ones_are_404(live_server):
    page = requests.get(live_server.url + "/opendata/", timeout=60)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    for passport_set in SETS:
        assert passport_set.title in page.text
        assert f'href="/opendata/{passport_set.code}/meta.csv"' in page.text
    assert "Ответственное лицо" in page.text
    one = requests.get(live_server.url + f"/opendata/{SETS[0].code}/", timeout=60)
    assert one.status_code == 200 and SETS[0].title in one.text and SETS[1].title not in one.text
    for path in ("/opendata/nothing/", "/opendata/nothing/meta.csv", f"/opendata/{SETS[0].code}/x.csv"):
        assert requests.get(live_server.url + path, timeout=60).status_code == 404, path


def test_passport_files_revalidate_with_304(live_server):
    first = requests.get(live_server.url + "/opendata/list.csv", timeout=60)
    again = requests.get(
        live_server.url + "/opendata/list.csv", headers={"If-None-Match": first.headers["ETag"]}, timeout=60
    )
    assert again.status_code == 304
