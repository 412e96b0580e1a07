"""XSS: a report whose cells hold `<script>`, event handlers, `javascript:` links and HTML
entities is ingested, and every page of the site (crawled from the home page, plus the pages a
crawl might miss) shows that text escaped. The security headers are checked on every answer:
a Content-Security-Policy that runs only the app's own scripts, `nosniff`, no framing.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import (
    BUNDLED_REPORT,
    TEST_BASE_IRI,
    Answer,
    LiveServer,
    assert_no_leak,
    call,
    start_server,
    stop,
)

PAYLOADS = {
    # the cell text as it is in the report -> what must never reach a page raw
    "Встреча с делегацией Республики Беларусь": (
        "Встреча <script>alert('t')</script> с делегацией <img src=x onerror=alert(1)> Республики Беларусь "
        '&lt;i&gt; &amp;amp; <a href="javascript:alert(3)">ссылка</a>'
    ),
    "Встреча в целях знакомства с инфраструктурой ООО «ВКП ЛТ»": (
        "Встреча в целях знакомства <b onmouseover=alert(2)>жирный</b> javascript:alert(5) "
        "с инфраструктурой ООО «ВКП <svg onload=alert(4)>»"
    ),
}
RAW_MARKUP = re.compile(
    r"<script>alert|<img src=x|<b onmouseover|<svg onload|<a href=\"javascript:|href=[\"']?\s*javascript:",
    re.IGNORECASE,
)
HOSTILE_EVENT = "/doc/event/smolensk-belarus-2020-h1/2.html"
MAX_PAGES = 250


def hostile_report(folder: Path) -> Path:
    text = BUNDLED_REPORT.read_text(encoding="utf-8")
    for plain, hostile in PAYLOADS.items():
        assert plain in text
        text = text.replace(plain, hostile, 1)
    path = folder / "smolensk-belarus-2020-h1.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def xss_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    from coopgraph.iris import Minter
    from coopgraph.pipeline import ingest_paths
    from coopgraph.store import Store

    folder = tmp_path_factory.mktemp("xss")
    store = folder / "store"
    with Store(store) as opened:
        (outcome,) = ingest_paths([hostile_report(folder)], opened, Minter(TEST_BASE_IRI))
    assert outcome.ok, outcome.error
    live = start_server(store)
    yield live
    stop(live)


def inline_scripts(page: str) -> list[str]:
    """Code of the page's inline <script> elements (not src=, not JSON or JSON-LD data blocks)."""
    found = []
    for match in re.finditer(r"<script([^>]*)>(.*?)</script>", page, re.DOTALL | re.IGNORECASE):
        attrs, code = match.groups()
        if "src=" in attrs or "application/json" in attrs or "application/ld+json" in attrs:
            continue
        found.append(code)
    return found


def sha256_source(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"


def check_headers(answer: Answer) -> None:
    policy = answer.headers.get("content-security-policy", "")
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    assert directives.get("script-src", [None])[0] == "'self'", policy
    assert (
        "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    )
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert answer.headers.get("x-content-type-options") == "nosniff"
    assert answer.headers.get("x-frame-options") == "DENY"
    assert answer.headers.get("referrer-policy") == "same-origin"


def check_page(path: str, answer: Answer) -> None:
    check_headers(answer)
    assert_no_leak(answer)
    if answer.media_type != "text/html":
        return
    page = answer.text
    raw = RAW_MARKUP.search(page)
    assert raw is None, f"{path}: unescaped report markup {raw.group()!r}"
    allowed = answer.headers["content-security-policy"]
    for code in inline_scripts(page):
        assert sha256_source(code) in allowed, f"{path}: an inline script the policy does not name"


def links(page: str) -> Iterator[str]:
    for href in re.findall(r"""href=["']([^"']+)["']""", page):
        href = html.unescape(href).split("#")[0]
        if href.startswith("/id/"):  # a thing's IRI: 303 to its page, fetched directly here
            href = "/doc/" + href.removeprefix("/id/").partition("?")[0] + ".html"
        if href.startswith("/") and not href.startswith(("//", "/static/", "/downloads/")):
            yield href


def test_every_page_escapes_the_hostile_report(xss_server):
    seen: dict[str, int] = {}
    variants: dict[str, int] = {}  # visits per path without its query (pagers, filters, lang)
    queue = [
        "/",
        "/?lang=en",
        HOSTILE_EVENT,
        "/search?q=script",
        "/search?q=%3Cscript%3E",
        "/events?sort=title",
        "/organisations",
        "/queries",
        "/sparql",
        "/network",
        "/timeline",
        "/network/regions",
        "/downloads",
    ]
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        base = path.partition("?")[0]
        if path in seen or variants.get(base, 0) >= 3:
            continue
        variants[base] = variants.get(base, 0) + 1
        answer = call(xss_server, "GET", path, headers={"Accept": "text/html"})
        seen[path] = answer.status
        assert answer.status < 500, f"{path}: {answer.status} {answer.text[:300]}"
        check_page(path, answer)
        if answer.media_type == "text/html":
            queue += [link for link in links(answer.text) if link not in seen]
    assert len(seen) > 60, f"the crawl found only {len(seen)} pages"
    assert any(p.startswith("/doc/org/") for p in seen), sorted(seen)


def test_the_hostile_text_is_shown_as_text(xss_server):
    page = call(xss_server, "GET", HOSTILE_EVENT).text
    assert "&lt;script&gt;alert(" in page  # shown, escaped, not dropped
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&amp;lt;i&amp;gt;" in page  # an entity in the source is text, not markup
    assert "javascript:alert(5)" in page and 'href="javascript' not in page.lower()


def test_search_echoes_the_query_escaped(xss_server):
    query = '"><script>alert(9)</script><input value="'
    answer = call(xss_server, "GET", "/search?" + urllib.parse.urlencode({"q": query}))
    assert answer.status == 200
    assert "<script>alert(9)" not in answer.text and "&lt;script&gt;alert(9)" in answer.text
    check_page("/search", answer)


def test_a_hostile_host_header_does_not_reach_the_editor_raw(xss_server):
    answer = call(
        xss_server, "GET", "/sparql", headers={"Accept": "text/html", "Host": 'a"><script>x()</script>'}
    )
    assert answer.status in (200, 400)
    assert "<script>x()" not in answer.text


def test_rdf_and_csv_answers_are_not_sniffed_as_html(xss_server):
    for path, accept in (
        (HOSTILE_EVENT.replace(".html", ".ttl"), "text/turtle"),
        ("/downloads/events.csv", "text/csv"),
        ("/sparql?query=" + urllib.parse.quote("SELECT ?o { ?s ?p ?o } LIMIT 900"), "text/csv"),
        ("/queries", "application/json"),
    ):
        answer = call(xss_server, "GET", path, headers={"Accept": accept})
        assert answer.status < 500
        check_headers(answer)
        if "<script>" in answer.text:
            assert answer.media_type != "text/html"


def test_the_editor_template_escapes_example_titles(xss_server):
    """The editor's examples come from query files; a hostile title or description stays text."""
    from flask import render_template

    from coopgraph.server.app import create_app
    from coopgraph.server.editor import script_json

    app = create_app({"store": str(xss_server.store)})
    hostile = {
        "name": 'x" onclick="alert(1)',
        "title": "<script>alert(2)</script>",
        "description": '"><img src=x onerror=alert(3)>',
        "query": "</script><script>alert(4)//",
    }
    with app.test_request_context("/sparql"):
        page = render_template(
            "editor.html",
            text=lambda key: key,
            config_json=script_json({"examples": [hostile]}),
            examples=[hostile],
            endpoint='"><script>alert(5)</script>',
        )
    assert not RAW_MARKUP.search(page)
    assert 'onclick="alert' not in page and "<script>alert" not in page and "</script><script>" not in page
