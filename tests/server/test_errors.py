"""Errors a browser sees are pages of the site (layout, menu, language, a way back); API clients
keep plain answers."""

from __future__ import annotations

import pytest

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.mark.parametrize(
    "path",
    ["/no-such-page", "/id/event/no-such-report/1", "/review/no-such-report", "/doc/org/nobody.html"],
)
def test_a_browser_gets_the_sites_404_page_in_its_language(client, path):
    response = client.get(path, headers=HTML)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert '<nav class="menu"' in html and "Не найдено" in html and "← Назад" in html
    assert "The requested URL was not found" not in html
    english = client.get(path + "?lang=en", headers=HTML).get_data(as_text=True)
    assert "Not found" in english and "← Back" in english and 'href="/events?lang=en"' in english


def test_api_clients_keep_plain_errors(client):
    for accept in ("application/json", "*/*", "text/turtle"):
        response = client.get("/id/event/no-such-report/1", headers={"Accept": accept})
        assert response.status_code == 404 and '<nav class="menu"' not in response.get_data(as_text=True)


def test_the_way_back_is_the_referring_page_of_this_site(client):
    html = client.get("/events?sector=NOT A KEY", headers={**HTML, "Referer": "http://localhost/places"})
    assert html.status_code == 400 and 'href="http://localhost/places">← Назад' in html.get_data(as_text=True)
    elsewhere = client.get("/nope", headers={**HTML, "Referer": "https://elsewhere.example/"})
    assert "elsewhere.example" not in elsewhere.get_data(as_text=True)


def test_favicon(client):
    assert 'rel="icon" href="/static/favicon.svg"' in client.get("/").get_data(as_text=True)
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.headers["Location"].endswith("/static/favicon.svg")
    with client.get("/static/favicon.svg") as icon:
        assert icon.status_code == 200 and icon.get_data(as_text=True).startswith("<svg")
