"""Headless Chromium (Debian's) drives the network pages of a real `coopgraph serve` process over
the hand-built sample store; screenshots go to test-artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from sample_network import BASE

from .conftest import ARTIFACTS

# Pixels that are not transparent on the canvases cytoscape.js draws into.
DRAWN_PIXELS = """() => Array.from(document.querySelectorAll('#cy canvas')).reduce((sum, c) => {
  const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0; for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) n++; }
  return sum + n; }, 0)"""


def node_count(page: Page) -> int:
    return int(page.get_attribute("#node-count", "data-count") or -1)


@pytest.mark.browser
def test_network_view_draws_filters_searches_and_shows_measures(sample_server, page):
    page.goto(sample_server.url + "/network")
    page.wait_for_selector('#cy[data-layout="done"]', timeout=20_000)
    assert node_count(page) == page.evaluate("cy.nodes().length") == 7
    assert page.evaluate(DRAWN_PIXELS) > 500
    assert page.locator("#brokers li").count() == 2  # the creativity centre and the museum
    page.screenshot(path=str(ARTIFACTS / "network-all.png"), full_page=True)

    page.select_option("#f-sector", "culture")
    # Selector waits, not wait_for_function: the pages' Content Security Policy forbids eval.
    page.wait_for_selector('#node-count[data-count="5"]', timeout=20_000)
    page.wait_for_selector('#cy[data-layout="done"]')
    assert page.evaluate("cy.nodes().length") == 5
    assert "sector=culture" in page.get_attribute("#downloads a[data-format='gexf']", "href")
    page.screenshot(path=str(ARTIFACTS / "network-culture.png"), full_page=True)

    page.fill("#search", "Гомельский")
    assert page.text_content("#matches") == "найдено: 1"  # the page's language only
    assert page.evaluate("cy.nodes('.match').length") == 1
    page.evaluate(f"cy.getElementById({BASE + 'id/org/gomel-centre'!r}).emit('tap')")
    assert "Гомельский городской центр" in page.text_content("#details h2")
    assert page.get_attribute("#node-link", "href") == "/id/org/gomel-centre"
    assert "PageRank" in page.text_content("#details")
    page.screenshot(path=str(ARTIFACTS / "network-details.png"), full_page=True)


@pytest.mark.browser
def test_regions_and_timeline_pages_render(sample_server, page):
    page.goto(sample_server.url + "/network/regions")
    page.wait_for_selector('#region-map[data-state="drawn"]', timeout=20_000)
    assert page.locator("#region-map path.place").count() == 6  # Leaflet draws the places as SVG paths
    page.screenshot(path=str(ARTIFACTS / "network-regions.png"), full_page=True)
    page.goto(sample_server.url + "/timeline")
    assert page.locator("#timeline-chart rect.bar").count() == 8
    page.screenshot(path=str(ARTIFACTS / "timeline.png"), full_page=True)
    assert Path(ARTIFACTS / "timeline.png").stat().st_size > 10_000


@pytest.mark.browser
def test_bundled_report_network_and_sector_filter(live_server, page):
    page.goto(live_server.url + "/network")
    page.wait_for_selector('#cy[data-layout="done"]', timeout=20_000)
    everything = node_count(page)
    assert everything == page.evaluate("cy.nodes().length") > 20
    assert page.evaluate(DRAWN_PIXELS) > 2000
    page.screenshot(path=str(ARTIFACTS / "bundled-network.png"), full_page=True)
    page.select_option("#f-sector", "culture")
    page.wait_for_selector(f'#node-count:not([data-count="{everything}"])', timeout=20_000)
    page.wait_for_selector('#cy[data-layout="done"]')
    culture = node_count(page)
    assert 0 < culture < everything
    assert page.evaluate("cy.nodes().length") == culture
    page.screenshot(path=str(ARTIFACTS / "bundled-network-culture.png"), full_page=True)


@pytest.mark.browser
def test_bundled_report_regions_and_timeline(live_server, page):
    page.goto(live_server.url + "/network/regions")
    page.wait_for_selector('#region-map[data-state="drawn"]', timeout=20_000)
    assert page.locator("#region-map path.place").count() >= 8  # Smolensk side and Belarusian regions
    assert page.locator("#region-map path.region").count() >= 8  # the oblasts, Minsk and Smolensk oblast
    page.screenshot(path=str(ARTIFACTS / "bundled-regions.png"), full_page=True)
    page.goto(live_server.url + "/timeline")
    assert page.locator("#timeline-chart rect.bar").count() >= 6  # January to June 2020
    page.screenshot(path=str(ARTIFACTS / "bundled-timeline.png"), full_page=True)
