"""The regions map in headless Chromium (Debian's), served by a real `coopgraph serve` over the
hand-built sample store: outlines drawn, shading following the counts, labels apart, the
keyboard path, and the empty state in words. Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from coopgraph.ingest.geometry import boundaries

from .conftest import ARTIFACTS

FILLS = """() => Object.fromEntries(Array.from(document.querySelectorAll('#region-map path.region'))
  .map(p => [p.getAttribute('data-key'), [p.getAttribute('fill'), +p.getAttribute('data-events')]]))"""
# Pairs of visible labels whose boxes overlap (should be none).
OVERLAPS = """() => { const boxes = Array.from(document.querySelectorAll('.map-label'))
  .filter(l => l.style.visibility !== 'hidden').map(l => l.firstChild.getBoundingClientRect());
  let n = 0; for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (!(a.right <= b.left || a.left >= b.right || a.bottom <= b.top || a.top >= b.bottom)) n++; }
  return [boxes.length, n]; }"""


def luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def drawn(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector('#region-map[data-state="drawn"]', timeout=20_000)


@pytest.mark.browser
def test_map_draws_regions_shaded_by_joint_events(sample_server, page):
    errors: list[str] = []  # script errors (the favicon's 404 is the ui's, not the map's)
    page.on("pageerror", lambda e: errors.append(str(e)))
    drawn(page, sample_server.url + "/network/regions")
    fills = page.evaluate(FILLS)
    assert set(fills) == set(boundaries())  # every shipped outline is drawn
    (gomel, gomel_n), (vitebsk, vitebsk_n), (brest, brest_n) = fills["by-ho"], fills["by-vi"], fills["by-br"]
    assert (gomel_n, vitebsk_n, brest_n) == (3, 1, 0)
    assert luminance(gomel) < luminance(vitebsk) < luminance(brest)  # more events, darker
    # Minsk city's 2 events sit between Gomel's 3 and Vitebsk's 1, though Smolensk oblast has 7
    assert luminance(gomel) < luminance(fills["by-hm"][0]) < luminance(vitebsk)
    assert fills["by-mi"][0] == fills["by-vi"][0]  # equal counts, equal shade
    assert fills["ru-smo"][1] == 7 and luminance(fills["ru-smo"][0]) <= luminance(gomel)
    legend = page.locator("#map-legend li")
    assert legend.count() >= 3 and "нет совместных мероприятий" in legend.first.text_content()
    assert {legend.nth(i).get_attribute("data-colour") for i in range(legend.count())} >= {gomel, brest}
    data = page.request.get(sample_server.url + "/network/regions.geojson").json()
    layers = [f["properties"]["layer"] for f in data["features"]]
    assert page.locator("#region-map path.tie").count() == layers.count("tie") >= 4
    assert page.locator("#region-map path.place").count() == layers.count("place") >= 5
    shown, overlapping = page.evaluate(OVERLAPS)
    assert shown >= 4 and overlapping == 0
    assert "Natural Earth" in page.text_content(".leaflet-control-attribution")
    page.screenshot(path=str(ARTIFACTS / "regions-map.png"), full_page=True)
    assert errors == []


@pytest.mark.browser
def test_map_is_usable_by_keyboard(sample_server, page):
    drawn(page, sample_server.url + "/network/regions")
    page.focus("#region-map")
    centre = page.evaluate("window.regionMap.getCenter().lng")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(600)
    assert page.evaluate("window.regionMap.getCenter().lng") > centre  # arrows pan the map
    page.focus("#region-map path.region-by-ho")
    tooltip = page.locator(".leaflet-tooltip")
    assert "Гомельская область: 3 мероприятия" in tooltip.first.text_content()
    page.keyboard.press("Enter")
    page.wait_for_url("**/place/by-ho*")  # the place IRI answers 303 to its page


@pytest.mark.browser
def test_map_shows_the_empty_state_in_words(sample_server, page):
    drawn(page, sample_server.url + "/network/regions?sector=general")
    assert page.is_visible("#no-map")
    assert "Нет связей для выбранных фильтров" in page.text_content("#no-map")
    assert "Ни один регион не участвует" in page.text_content("#no-regions")
    fills = page.evaluate(FILLS)
    assert {events for _, events in fills.values()} == {0}
    assert len({fill for fill, _ in fills.values()}) == 1  # nothing shaded
    assert page.locator("#region-map path.tie").count() == 0
    page.screenshot(path=str(ARTIFACTS / "regions-map-empty.png"), full_page=True)
