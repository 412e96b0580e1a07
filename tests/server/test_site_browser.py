"""The crawl of issue 12: every page type of the site in both languages, in Debian's Chromium at
1366×900, against a real `coopgraph serve` over the bundled report. On each page: no interface
string left untranslated (no message id of the catalogue on a Russian page, no Russian message
on an English one), the site menu, the language kept across a click, no horizontal overflow, no
console error, and axe-core (vendored from npm) with no serious or critical finding.
Screenshots go to test-artifacts/site/."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import Page, sync_playwright

from .conftest import (
    ARTIFACTS,
    BUNDLED_REPORT,
    CHROMIUM,
    CHROMIUM_ARGS,
    LiveServer,
    start_server,
    stop_server,
)

RID = "smolensk-belarus-2020-h1"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
CATALOGUES = Path(__file__).resolve().parents[2] / "server" / "translations"
SHOTS = ARTIFACTS / "site"

# Every page type: (name, path, the HTTP status it answers).
PAGES = [
    ("home", "/", 200),
    ("events", "/events", 200),
    ("events-filtered", "/events?sector=culture&region=by-vi", 200),
    ("organisations", "/organisations", 200),
    ("places", "/places", 200),
    ("agreements", "/agreements", 200),
    ("people", "/people", 200),
    ("reports", "/reports", 200),
    ("search", "/search?q=Гомель", 200),
    ("queries", "/queries", 200),
    ("query", "/queries/events?sector=culture", 200),
    ("editor", "/sparql", 200),
    ("downloads", "/downloads", 200),
    ("catalogue", "/catalog", 200),
    ("network", "/network", 200),
    ("regions", "/network/regions", 200),
    ("timeline", "/timeline", 200),
    ("review-index", "/review", 200),
    ("review", f"/review/{RID}", 200),
    ("entities", "/entities", 200),
    ("event", f"/doc/event/{RID}/1.html", 200),
    ("organisation", "/doc/org/administratsiia-smolenskoi-oblasti.html", 200),
    ("place", "/doc/place/by-ho.html", 200),
    ("report", f"/doc/report/{RID}.html", 200),
    ("not-found", "/no-such-page", 404),
    ("bad-request", "/events?from=yesterday", 400),
]


def _messages() -> dict[str, list[str]]:
    """The interface strings that differ between the languages, per language: what must not
    show on a page of the other language."""
    catalogue = {}
    for lang in ("ru", "en"):
        with (CATALOGUES / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
            catalogue[lang] = {(m.context, m.id): m.string for m in read_po(f, locale=lang) if m.id}
    shown: dict[str, list[str]] = {"ru": [], "en": []}
    for key, ru in catalogue["ru"].items():
        en = catalogue["en"][key]
        ru_forms = ru if isinstance(ru, tuple) else (ru,)
        en_forms = en if isinstance(en, tuple) else (en,)
        if set(ru_forms) == set(en_forms):
            continue
        for en_text in en_forms:
            # Placeholders split a message into the fixed words around them.
            shown["en"] += [
                part.strip() for part in re.split(r"%\(\w+\)\w", en_text) if len(part.strip()) > 3
            ]
        for ru_text in ru_forms:
            # On an English page the data without an English label (titles, report names) is
            # Russian: only Russian messages of several words are the interface's for sure.
            shown["ru"] += [
                part.strip()
                for part in re.split(r"%\(\w+\)\w", ru_text)
                if len(re.findall(r"[а-яё]{3,}", part, re.I)) >= 2
            ]
    return shown


MESSAGES = _messages()


@pytest.fixture(scope="module")
def site(loaded_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The site with writes enabled (so the review grid shows its editors), over a copy of the store."""
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(loaded_store, root / "store")
    (root / "reports").mkdir()
    shutil.copy(BUNDLED_REPORT, root / "reports")
    server = start_server(
        root / "store", "--reports", str(root / "reports"), "--corrections", str(root / "corrections"),
        env={"COOPGRAPH_UPDATE_TOKEN": "crawl-token"},
    )  # fmt: skip
    yield server
    stop_server(server)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(f"Chromium is needed for the browser tests: install Debian's chromium ({CHROMIUM})")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser) -> Iterator[Page]:
    # axe is injected by the test, not served by the site: the page's CSP would (rightly) refuse it.
    context = browser.new_context(viewport={"width": 1366, "height": 900}, bypass_csp=True)
    try:
        yield context.new_page()
    finally:
        context.close()


def _visible_text(page: Page) -> str:
    """The page's text in its own language: parts marked with another `lang` (data quoted as
    written, e.g. a warning stored in English) and the third-party SPARQL editor's own controls
    are left out."""
    return page.evaluate(
        """() => {
        const lang = document.documentElement.lang;
        const copy = document.body.cloneNode(true);
        copy.querySelectorAll('[lang]').forEach(e => { if (e.lang !== lang) e.remove(); });
        copy.querySelectorAll('#yasgui, script, style, datalist, select').forEach(e => e.remove());
        copy.querySelectorAll('option').forEach(e => e.remove());
        document.body.appendChild(copy);
        copy.style.position = 'absolute'; copy.style.left = '-99999px';
        const text = copy.innerText;
        copy.remove();
        return text;
    }"""
    )


def _untranslated(text: str, lang: str) -> list[str]:
    other = "en" if lang == "ru" else "ru"
    # A word inside a file name, an IRI or a parameter (events.csv, /id/event/…, from=…) is no message.
    edge = r"[\w./=:#-]"
    return sorted({m for m in MESSAGES[other] if re.search(rf"(?<!{edge}){re.escape(m)}(?!{edge})", text)})


def _wait_until_drawn(page: Page, name: str) -> None:
    if name == "network":
        page.wait_for_selector("#cy[data-layout=done]", timeout=30_000)
    if name == "editor":
        page.wait_for_selector("#yasgui .yasqe", timeout=30_000)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize(("name", "path", "status"), PAGES, ids=[p[0] for p in PAGES])
def test_every_page_type_in_both_languages(site, page, name, path, status, lang):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    url = site.url + path + ("" if lang == "ru" else ("&" if "?" in path else "?") + "lang=en")
    response = page.goto(url, wait_until="networkidle")
    assert response.status == status
    _wait_until_drawn(page, name)
    assert page.locator("html").get_attribute("lang") == lang
    # The site menu, the same on every page.
    assert page.locator("nav.menu a").count() >= 12 and page.locator("nav.menu").is_visible()
    # Nothing wider than the window.
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{name}: {width[0]} px wide at {width[1]} px"
    untranslated = _untranslated(_visible_text(page), lang)
    assert not untranslated, f"{name} ({lang}) shows strings of the other language: {untranslated}"
    page.screenshot(path=str(SHOTS / f"{name}-{lang}.png"), full_page=False)
    # axe-core: no serious or critical finding.
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ' (' + v.impact + '): '
                      + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"""
    )
    assert not found, f"{name} ({lang}): {found}"
    expected = [] if status == 200 else [f"status of {status}"]  # the browser logs the page's own status
    assert [e for e in errors if not any(x in e for x in expected)] == [], f"{name} ({lang}): {errors}"
    # The language survives a click: the first link of the content to another page of the site.
    if lang == "en":
        href = page.evaluate(
            """() => [...document.querySelectorAll('main a[href^="/"], nav.menu a')]
                 .map(a => a.getAttribute('href'))
                 .find(h => !FILES.test(h))""".replace(
                "FILES",
                r"/\.(csv|json|jsonld|ttl|nt|nq|trig|rdf|gexf|graphml|png|svg|zip)(\?|$)|format=|\/downloads\/|#/",
            )
        )
        page.click(f'a[href="{href}"] >> nth=0')
        page.wait_for_load_state("load")
        assert page.locator("html").get_attribute("lang") == "en", f"{name}: {href} lost the language"
