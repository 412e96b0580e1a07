"""Headless Chromium (Debian's) opens the query editor of a real server, runs queries and sees the
results in the page; no request leaves the machine. Screenshots go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from .conftest import ARTIFACTS, LiveServer, chromium_page, start_server
from .test_sparql_protocol import EVENTS, demo_store, stop  # noqa: F401 - demo_store is a fixture

pytestmark = pytest.mark.browser

ACTIVE = ".tabPanel.active"


@pytest.fixture(scope="module")
def server(demo_store: Path) -> Iterator[LiveServer]:  # noqa: F811
    live = start_server(demo_store)
    yield live
    stop(live)


@pytest.fixture(scope="module")
def browser_page(server: LiveServer) -> Iterator[tuple[Page, list[str]]]:
    outside: list[str] = []
    with chromium_page(1280, 1000) as page:
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server.url) else None)
        yield page, outside


def run_active_tab(page: Page) -> None:
    page.click(f"{ACTIVE} .yasqe_queryButton")


def test_editor_runs_the_default_query_and_shows_the_results(server, browser_page):
    page, outside = browser_page
    page.goto(server.url + "/sparql", wait_until="networkidle")
    page.wait_for_selector(f"{ACTIVE} .yasqe .CodeMirror")
    assert page.locator("#endpoint-url").inner_text() == server.url + "/sparql"
    run_active_tab(page)
    page.wait_for_selector(f"{ACTIVE} .yasr table tbody tr")
    table = page.locator(f"{ACTIVE} .yasr table").inner_text()
    assert "CooperationEvent" in table and str(EVENTS) in table
    page.screenshot(path=str(ARTIFACTS / "editor-default-query.png"), full_page=True)
    assert outside == [], f"the editor fetched from elsewhere: {outside}"


def test_an_example_from_the_query_pack_opens_in_a_tab_and_runs(server, browser_page):
    page, outside = browser_page
    tabs_before = page.locator(".tabsList .tab").count()
    page.click("[data-name='events-by-sector']")
    page.wait_for_function(f"document.querySelectorAll('.tabsList .tab').length === {tabs_before + 1}")
    editor_text = page.locator(f"{ACTIVE} .CodeMirror").inner_text()
    assert "PREFIX cg:" in editor_text or "cg:" in editor_text
    run_active_tab(page)
    page.wait_for_selector(f"{ACTIVE} .yasr table tbody tr")
    rows = page.locator(f"{ACTIVE} .yasr table tbody tr").count()
    assert rows >= 1
    page.screenshot(path=str(ARTIFACTS / "editor-example-events-by-sector.png"), full_page=True)
    assert outside == []


def test_a_typed_query_with_an_error_shows_the_servers_message(server, browser_page):
    page, outside = browser_page
    page.evaluate("() => window.coopgraphEditor.getTab().getYasqe().setValue('SELECT * WHERE { ?s ?p }')")
    run_active_tab(page)
    page.wait_for_selector(f"{ACTIVE} .yasr .errorResult", timeout=10000)
    message = page.locator(f"{ACTIVE} .yasr .errorResult").inner_text()
    assert "syntax error" in message.lower()
    page.screenshot(path=str(ARTIFACTS / "editor-syntax-error.png"), full_page=True)
    assert outside == []
