"""The browsing pages: filters, sorting and pagination change what is shown; lists carry
counts and countries; search finds names and titles; bad parameters are clean 400s."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tiny_store import REPORT, build_tiny_store, close_workers, tiny_client


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    client = tiny_client(build_tiny_store(tmp_path_factory.mktemp("tiny") / "store", events=25))
    yield client
    close_workers(client)


def total(html: str) -> int:
    return int(re.search(r'<span class="count">(\d+)</span>', html.split('class="total"', 1)[1])[1])


def event_rows(html: str) -> list[int]:
    """Row numbers of the events listed, in page order."""
    return [int(n) for n in re.findall(rf'href="/id/event/{REPORT}/(\d+)"', html)]


def get(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def test_home_shows_counts_sectors_and_reports(client):
    html = get(client, "/")
    # Counts in words with Russian plural forms: 25 мероприятий, 3 организации, 1 отчёт.
    assert '<a href="/events">25 мероприятий</a>' in html
    assert '<a href="/organisations">3 организации</a>' in html
    assert '<a href="/reports">1 отчёт</a>' in html
    assert 'href="/events?sector=culture"' in html and "Культура" in html
    assert f'href="/id/report/{REPORT}"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", 25),
        ("sector=culture", 12),
        ("sector=economy", 13),
        ("region=by-vi", 12),
        ("region=by-ho", 13),
        ("sector=culture&region=by-ho", 0),
        ("from=2021-10-01", 13),
        ("from=2021-08-01&to=2021-08-31", 4),
        (f"report={REPORT}", 25),
        ("report=other-report-2020-h1", 0),
    ],
)
def test_event_filters_change_the_results(client, query, expected):
    html = get(client, "/events?" + query)
    assert total(html) == expected
    assert len(event_rows(html)) == min(expected, 25)


def test_filtered_events_all_match_the_filter(client):
    html = get(client, "/events?sector=culture&per_page=100")
    assert event_rows(html) and all(n % 2 == 0 for n in event_rows(html))
    assert '<option value="culture" selected>' in html


def test_pagination_walks_through_every_event_once(client):
    seen = []
    for page in (1, 2, 3):
        html = get(client, f"/events?sort=row&per_page=10&page={page}")
        seen += event_rows(html)
    assert seen == list(range(1, 26))
    first = get(client, "/events?sort=row&per_page=10&page=1")
    assert 'rel="next" href="/events?sort=row&amp;per_page=10&amp;page=2"' in first
    assert 'rel="prev"' not in first
    assert event_rows(get(client, "/events?per_page=10&page=9")) == []


def test_sorting_changes_the_order(client):
    by_row = event_rows(get(client, "/events?sort=row&per_page=100"))
    by_participants = event_rows(get(client, "/events?sort=participants&per_page=100"))
    newest = event_rows(get(client, "/events?sort=-date&per_page=100"))
    oldest = event_rows(get(client, "/events?sort=date&per_page=100"))
    assert by_row == list(range(1, 26))
    assert by_participants == list(range(25, 0, -1))  # the tiny store gives row n 10*n participants
    assert newest != oldest and set(newest) == set(oldest)
    assert newest[0] % 2 == 1  # economy events are in Q4, culture in Q3


def test_organisations_have_event_counts_and_countries(client):
    html = get(client, "/organisations")
    rows = re.findall(r"<tr>(.*?)</tr>", html.split("<tbody>", 1)[1], re.S)
    theatre = next(r for r in rows if "Витебский театр" in r)
    assert "Беларусь" in theatre and ">25<" in theatre
    museum = next(r for r in rows if "Музей Малограда" in r)
    assert "Россия" in museum and ">12<" in museum
    only_by = get(client, "/organisations?country=BY")
    assert total(only_by) == 1 and "Витебский театр" in only_by


def test_places_people_agreements_reports(client):
    places = get(client, "/places?kind=region")
    assert (
        total(places) == 3 and "Гомельская область" in places and "Малоград" not in places.split("<tbody>")[1]
    )
    people = get(client, "/people")
    assert "А.И. Иванов" in people and ">25<" in people
    agreements = get(client, "/agreements")
    assert "Соглашение о сотрудничестве" in agreements and "2 июля 2021" in agreements
    reports = get(client, "/reports")
    assert "Отчёт Малоградской области" in reports and f'href="/events?report={REPORT}"' in reports


def test_search_finds_names_and_titles_case_insensitively(client):
    html = get(client, "/search?q=МУЗЕЙ")
    assert 'href="/id/org/museum"' in html
    html = get(client, "/search?q=выставка номер 1")
    assert {10, 12, 14, 16, 18} <= set(event_rows(html))
    assert 'href="/id/event/' not in get(client, "/search?q=несуществующее")
    assert "Соглашение" in get(client, "/search?q=соглашение")


@pytest.mark.parametrize(
    "path",
    [
        "/events?sector=Culture%22%20}",
        "/events?from=yesterday",
        "/events?sort=random",
        "/events?page=x",
        "/organisations?country=Belarus",
        "/places?kind=<b>",
    ],
)
def test_bad_parameters_are_400_with_an_escaped_message(client, path):
    response = client.get(path)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    main = html.split('<main id="main">', 1)[1]
    assert "<b>" not in main
    # The site's error page: layout, menu, the error in the page's language, a way back.
    assert '<nav class="menu"' in html and "Неверный запрос" in main and "← Назад" in main


def test_pages_over_the_bundled_report(app):
    test_client = app.test_client()
    store = app.extensions["coopgraph.store"].get()
    events = int(
        next(
            iter(
                store.query(
                    "SELECT (COUNT(DISTINCT ?e) AS ?n) "
                    "WHERE { ?e a <https://w3id.org/coopgraph/ns#CooperationEvent> }"
                )
            )
        )["n"].value
    )
    assert events >= 20
    html = test_client.get("/events?per_page=200").get_data(as_text=True)
    assert total(html) == events
    culture = total(test_client.get("/events?sector=culture").get_data(as_text=True))
    assert 0 < culture < events
    for path in ("/", "/organisations", "/places", "/people", "/agreements", "/reports", "/search?q=Гомель"):
        assert test_client.get(path).status_code == 200, path


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=20))
def test_any_search_text_or_parameter_is_answered_without_a_server_error(client, text):
    for path in ("/search", "/events", "/organisations", "/queries/events", "/places"):
        for name in ("q", "sector", "country", "kind", "from", "sort", "page"):
            for value in (text, "<b>" + text):
                response = client.get(path, query_string={name: value})
                assert response.status_code in (200, 400), (path, name, value)
                assert "<b>" not in response.get_data(as_text=True), (path, name, value)
