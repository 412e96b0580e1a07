"""Russian by default, English with ?lang=en (or the lang setting); the choice follows links."""

from __future__ import annotations

import re

import pytest
from tiny_store import REPORT, build_tiny_store, tiny_client

from coopgraph.server.i18n import STRINGS, TERM_LABELS


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    return build_tiny_store(tmp_path_factory.mktemp("tiny") / "store", events=6)


@pytest.fixture(scope="module")
def client(store_path):
    return tiny_client(store_path)


def test_every_interface_string_and_term_label_has_both_languages():
    for key, pair in {**STRINGS, **TERM_LABELS}.items():
        assert len(pair) == 2 and all(text.strip() for text in pair), key
    assert all(ru != en for key, (ru, en) in STRINGS.items() if key not in {"sparql", "as_json", "as_csv"})


def test_russian_is_the_default(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="ru">' in html
    assert ">Мероприятия</a>" in html and "Культура" in html
    assert 'href="/events?lang=en"' not in html
    assert re.search(r'<a class="lang" href="/\?lang=en"', html)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/events",
        "/organisations",
        f"/doc/event/{REPORT}/2.html",
        "/queries",
        "/downloads",
        "/search?q=музей",
    ],
)
def test_english_pages_show_english_strings_and_labels(client, path):
    sep = "&" if "?" in path else "?"
    html = client.get(f"{path}{sep}lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert ">Events</a>" in html and ">Organisations</a>" in html
    assert ">Мероприятия</a>" not in html


def test_english_data_labels_come_from_the_store(client):
    home = client.get("/?lang=en").get_data(as_text=True)
    assert "Culture" in home and "Trade and economy" in home and "Культура" not in home
    events = client.get("/events?lang=en").get_data(as_text=True)
    assert '<option value="by-vi">Vitebsk Region</option>' in events
    assert '<option value="by-vi">Витебская область</option>' in client.get("/events").get_data(as_text=True)
    org = client.get("/doc/org/museum.html?lang=en").get_data(as_text=True)
    assert "Russia" in org and "Россия" not in org


def test_links_and_forms_keep_the_language(client):
    html = client.get("/events?lang=en&per_page=2").get_data(as_text=True)
    assert 'href="/organisations?lang=en"' in html
    assert (
        f'href="/id/event/{REPORT}/' in html and "?lang=en" in html.split(f"/id/event/{REPORT}/", 1)[1][:20]
    )
    assert '<input type="hidden" name="lang" value="en">' in html
    assert "page=2" in html and "lang=en" in re.search(r'rel="next" href="([^"]*)"', html)[1]


def test_lang_setting_changes_the_default_and_bad_values_are_ignored(store_path):
    english = tiny_client(store_path, lang="en")
    html = english.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html and 'href="/events"' in html
    assert '<html lang="ru">' in english.get("/?lang=ru").get_data(as_text=True)
    assert '<html lang="en">' in english.get("/?lang=de").get_data(as_text=True)
