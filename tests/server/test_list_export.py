"""The event list as staff read it (the report named once, places and organisations as columns,
dates in words, sortable headers) and "this table as CSV / JSON": exactly the rows shown."""

from __future__ import annotations

import csv
import io
import re

from .conftest import TEST_BASE_IRI

RID = "smolensk-belarus-2020-h1"


def shown_events(html: str) -> list[str]:
    return re.findall(rf'<td class="title"><a href="/id/event/{RID}/(\d+)"', html)


def test_events_list_is_compact_with_places_organisations_and_dates_in_words(client):
    html = client.get("/events?per_page=50").get_data(as_text=True)
    assert html.count('<tr class="group">') == 1 and f'href="/id/report/{RID}"' in html  # named once
    head = re.search(r"<thead>(.*?)</thead>", html, re.S)[1]
    assert "Места" in head and "Организации" in head
    cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r'<td class="date">(.*?)</td>', html)]
    assert len(cells) == 24 and not any(re.search(r"\d{4}-\d\d-\d\d", c) for c in cells)
    assert any(
        re.fullmatch(r"\d{1,2}(–\d{1,2})? (января|февраля|марта|апреля|мая|июня) 2020", c) for c in cells
    )
    assert '<span class="item"><a href="/id/place/' in html and '<span class="item"><a href="/id/org/' in html
    english = client.get("/events?per_page=50&lang=en").get_data(as_text=True)
    assert re.search(
        r'<td class="date"><span class="literal">'
        r"\d{1,2}(–\d{1,2})? (January|February|March|April|May|June) 2020</span></td>",
        english,
    )


def test_headers_sort_the_list(client):
    html = client.get("/events?sector=culture").get_data(as_text=True)
    link = re.search(r'<th scope="col" class="title"><a href="([^"]+)"', html)[1]
    assert "sort=title" in link and "sector=culture" in link
    by_title = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    titles = re.findall(r'<td class="title"><a [^>]+>([^<]+)</a>', by_title)
    assert titles == sorted(titles) and len(titles) > 3


def test_the_csv_and_json_hold_exactly_the_rows_shown(client):
    page = "/events?sector=culture&per_page=5&page=2&sort=-date"
    html = client.get(page).get_data(as_text=True)
    shown = shown_events(html)
    assert len(shown) == 5
    csv_link = re.search(r'<a href="([^"]+)" type="text/csv">', html)[1].replace("&amp;", "&")
    assert "format=csv" in csv_link and "page=2" in csv_link and "sector=culture" in csv_link
    table = list(csv.DictReader(io.StringIO(client.get(csv_link).get_data(as_text=True))))
    assert [r["Название IRI"].rsplit("/", 1)[-1] for r in table] == shown
    assert all(r["Отчёт IRI"] == f"{TEST_BASE_IRI}id/report/{RID}" for r in table)
    assert all(r["Сфера"] == "Культура" for r in table)
    data = client.get(csv_link.replace("format=csv", "format=json")).get_json()
    assert [r["Название"]["iri"][0].rsplit("/", 1)[-1] for r in data["rows"]] == shown
    organisations = client.get("/organisations?format=json&lang=en").get_json()
    assert organisations["columns"][0] == "Name" and organisations["rows"]


def test_other_lists_sort_by_their_headers_too(client):
    html = client.get("/organisations?lang=en").get_data(as_text=True)
    heads = re.findall(r'<th scope="col" class="[^"]*"><a href="([^"]+)"', html)
    assert any("sort=name" in h for h in heads) and any("sort=events" in h for h in heads)
    by_name = client.get("/organisations?lang=en&sort=name&per_page=200").get_data(as_text=True)
    names = re.findall(r'<tr><td class=""><a [^>]+>([^<]+)</a>', by_name)
    assert len(names) > 10 and names == sorted(names)
