"""Headless Chromium (Debian's) browses the pages of a real `coopgraph serve` process: from the
event list to an event page (through the 303), on to an organisation, in both languages.
Screenshots go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page
from tiny_store import REPORT, build_tiny_store

from .conftest import ARTIFACTS, LiveServer, chromium_page, start_server, stop_server


@pytest.fixture(scope="module")
def tiny_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = start_server(build_tiny_store(tmp_path_factory.mktemp("tiny") / "store", events=8))
    yield server
    stop_server(server)
    if server.process.stdout:
        server.process.stdout.close()


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with chromium_page(1280, 900) as page:
        yield page


def follow_event_to_organisation(page: Page, base_url: str, shot: str) -> tuple[str, str]:
    """From /events open the first event, then its first organisation; returns both titles."""
    page.goto(base_url + "/events?sort=row")
    page.locator("table.list tbody tr td a[href^='/id/event/']").first.click()
    page.wait_for_url("**/doc/event/**.html*")
    event_title = page.text_content("h1")
    assert page.locator("section.source").is_visible()
    assert page.locator("svg.neighbourhood").is_visible()
    page.screenshot(path=str(ARTIFACTS / f"{shot}-event.png"), full_page=True)
    page.locator("table.props a[href^='/id/org/']").first.click()
    page.wait_for_url("**/doc/org/**.html*")
    org_title = page.text_content("h1")
    assert page.locator("section.incoming a[href^='/id/event/']").count() >= 1
    page.screenshot(path=str(ARTIFACTS / f"{shot}-organisation.png"), full_page=True)
    return event_title, org_title


@pytest.mark.browser
def test_event_page_links_to_an_organisation(tiny_server, page):
    event_title, org_title = follow_event_to_organisation(page, tiny_server.url, "pages-tiny")
    assert event_title == "Деловая встреча номер 1"
    assert org_title == "Администрация Малоградской области"
    page.locator("a.lang").click()
    page.wait_for_url("**lang=en")
    assert page.text_content("header nav a >> nth=0") == "Events"
    page.goto(tiny_server.url + f"/id/event/{REPORT}/2?lang=en")
    assert page.url.endswith(f"/doc/event/{REPORT}/2.html?lang=en")
    assert "Belarusian region" in page.content() and "Vitebsk Region" in page.content()
    page.screenshot(path=str(ARTIFACTS / "pages-tiny-event-en.png"), full_page=True)


@pytest.mark.browser
def test_bundled_report_event_to_organisation(live_server, page):
    event_title, org_title = follow_event_to_organisation(page, live_server.url, "pages-bundled")
    assert event_title and org_title and event_title != org_title
