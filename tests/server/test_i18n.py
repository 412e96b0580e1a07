"""Russian by default, English with ?lang=en (or the lang setting); the choice follows links."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from tiny_store import REPORT, build_tiny_store, tiny_client

from coopgraph.server.i18n import LANGS, TERM_LABELS

SERVER = Path(__file__).resolve().parents[2] / "server"
CATALOGUES = SERVER / "translations"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    return build_tiny_store(tmp_path_factory.mktemp("tiny") / "store", events=6)


@pytest.fixture(scope="module")
def client(store_path):
    return tiny_client(store_path)


def test_every_term_label_has_both_languages():
    for key, pair in TERM_LABELS.items():
        assert len(pair) == 2 and all(text.strip() for text in pair), key


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> list:
    """The interface strings of the code and templates now, as `pybabel extract` finds them
    (the command of `make translations`)."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "--no-location",
         "-F", str(SERVER / "babel.cfg"), "-k", "lazy_gettext", "-k", "lazy_ngettext:1,2",
         "-k", "lazy_pgettext:1c,2",
         "-o", str(pot), str(SERVER)],
        check=True,
    )  # fmt: skip
    with pot.open("rb") as f:
        messages = [m for m in read_po(f) if m.id]
    assert len(messages) > 150  # the extraction found the pages' strings
    return messages


@pytest.mark.parametrize("lang", LANGS)
def test_every_string_of_the_pages_is_translated_in_the_catalogue(extracted, lang):
    with (CATALOGUES / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalogue = read_po(f, locale=lang)
    forms = catalogue.num_plurals
    untranslated = []
    for message in extracted:
        entry = catalogue.get(message.id, context=message.context)
        strings = entry.string if entry is not None and isinstance(entry.string, tuple) else (
            (entry.string,) if entry is not None else ()
        )  # fmt: skip
        plural_ok = not isinstance(message.id, tuple) or len(strings) == forms
        if entry is None or entry.fuzzy or not plural_ok or not all(s.strip() for s in strings):
            untranslated.append((message.context, message.id))
    assert not untranslated, (
        f"not translated into {lang} (make translations, then fill the .po): {untranslated}"
    )
    assert forms == (3 if lang == "ru" else 2)


def _tuple(value: object) -> object:
    return tuple(value) if isinstance(value, list | tuple) else value


def _key(message: object) -> tuple:
    return (message.context, _tuple(message.id))


@pytest.mark.parametrize("lang", LANGS)
def test_compiled_catalogues_match_their_sources(lang):
    folder = CATALOGUES / lang / "LC_MESSAGES"
    with (folder / "messages.po").open("rb") as f:
        source = {_key(m): _tuple(m.string) for m in read_po(f, locale=lang) if m.id}
    with (folder / "messages.mo").open("rb") as f:
        compiled = {_key(m): _tuple(m.string) for m in read_mo(f) if m.id}
    assert compiled == source, "run `make translations` (pybabel compile) after editing the .po"


def test_russian_plurals_follow_the_number(client):
    home = client.get("/").get_data(as_text=True)
    assert "6 мероприятий" in home and "1 отчёт<" in home
    assert "6 events" in client.get("/?lang=en").get_data(as_text=True)
    assert "1 reports" not in client.get("/?lang=en").get_data(as_text=True)


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
