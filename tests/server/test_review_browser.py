"""Headless Chromium (Debian's) corrects a row on the review page of a real `coopgraph serve`
process (a throwaway copy of the store and of the reports folder), reloads and sees the
correction applied; without the token the write is refused. Screenshots go to test-artifacts/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from .conftest import ARTIFACTS, BUNDLED_REPORT, LiveServer, chromium_page, start_server, stop_server

RID = "smolensk-belarus-2020-h1"
TOKEN = "browser-test-token"


@pytest.fixture(scope="module")
def review_server(loaded_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    root = tmp_path_factory.mktemp("review")
    store = root / "store"
    shutil.copytree(loaded_store, store)
    reports = root / "reports"
    reports.mkdir()
    shutil.copy(BUNDLED_REPORT, reports)
    folders = ("--reports", str(reports), "--corrections", str(root / "corrections"))
    server = start_server(store, *folders, env={"COOPGRAPH_UPDATE_TOKEN": TOKEN})
    yield server
    stop_server(server)
    if server.process.stdout:
        server.process.stdout.close()


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with chromium_page(1280, 900) as page:
        yield page


def edit(page: Page, row: int, field: str):
    """Open a field's editor in place (by keyboard: focus the row, Tab to the field's ✎, Enter)."""
    editor = page.locator(f"#row-{row} dd[data-field={field}] details.edit")
    editor.locator("summary").focus()
    page.keyboard.press("Enter")
    assert editor.get_attribute("open") is not None
    return editor.locator("form.inline")


@pytest.mark.browser
def test_a_date_typed_as_day_month_year_is_saved_in_the_grid(review_server, page):
    page.goto(f"{review_server.url}/review/{RID}")
    assert page.locator("#row-21 dd[data-field=end]").get_attribute("data-value") == "2020-05-31"
    page.screenshot(path=str(ARTIFACTS / "review-before.png"))
    page.fill("#review-author", "Иванова")
    page.fill("#review-token", TOKEN)
    form = edit(page, 21, "end")
    form.locator("input[name=value]").fill("30.05.2020")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**saved=21**")
    assert page.locator("p.saved").is_visible()
    page.reload()
    row = page.locator("#row-21")
    assert row.locator("dd[data-field=end]").get_attribute("data-value") == "2020-05-30"
    assert "30 мая 2020" in row.locator("dd[data-field=end] .value").inner_text()
    assert "«2020-05-31» → «2020-05-30» — Иванова" in row.locator("li.correction").inner_text()
    row.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "review-after.png"))


@pytest.mark.browser
def test_a_wrong_value_shows_its_error_beside_the_field_with_the_input_kept(review_server, page):
    page.goto(f"{review_server.url}/review/{RID}?lang=en")
    page.fill("#review-author", "Иванова")
    page.fill("#review-token", TOKEN)
    form = edit(page, 5, "start")
    form.locator("input[name=value]").fill("31.02.2020")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        form.locator("button[type=submit]").click()
    assert answer.value.status == 400
    page.wait_for_load_state("load")
    editor = page.locator("#row-5 dd[data-field=start] form.inline")
    assert editor.is_visible() and editor.locator("input[name=value]").input_value() == "31.02.2020"
    message = editor.locator(".field-error")
    assert message.is_visible() and "not a date" in message.inner_text()
    assert editor.locator("input[name=value]").get_attribute("aria-invalid") == "true"
    # Beside the field: the message sits in the field's own box, right under its input.
    field_box, message_box = editor.locator("input[name=value]").bounding_box(), message.bounding_box()
    assert 0 <= message_box["y"] - field_box["y"] < 120
    assert page.evaluate("document.activeElement.name") == "value"  # focus is back in the field
    assert page.locator("html").get_attribute("lang") == "en"
    page.screenshot(path=str(ARTIFACTS / "review-error-beside-field.png"))


@pytest.mark.browser
def test_the_grid_is_used_with_the_keyboard(review_server, page):
    page.goto(f"{review_server.url}/review/{RID}")
    summary = page.locator("section.summary")
    assert "Осталось проверить" in summary.inner_text() and summary.locator("ul.flag-summary li").count() > 0
    rows = page.locator("section.review-row")
    first, second = rows.nth(0).get_attribute("id"), rows.nth(1).get_attribute("id")
    assert "flagged" in rows.nth(0).get_attribute("class")  # flagged rows first
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == first
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == second
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.id") == first
    page.keyboard.press("e")
    assert page.evaluate("document.activeElement.name") == "value"
    page.keyboard.press("Escape")
    assert page.locator(f"#{first} details.edit[open]").count() == 0


@pytest.mark.browser
def test_without_the_token_the_write_is_refused(review_server, page):
    page.goto(f"{review_server.url}/review/{RID}")
    page.evaluate("sessionStorage.clear()")
    page.reload()
    page.fill("#review-author", "Злоумышленник")
    page.fill("#review-token", "guess")
    form = edit(page, 7, "participants")
    form.locator("input[name=value]").fill("1000")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        form.locator("button[type=submit]").click()
    assert answer.value.status == 403
    page.wait_for_load_state("load")  # the 403 page is still being committed when the response lands
    assert "Ключ доступа не указан или неверен" in page.locator("#row-7 .field-error").inner_text()
    page.screenshot(path=str(ARTIFACTS / "review-refused.png"))
    direct = page.request.post(
        f"{review_server.url}/review/{RID}/corrections",
        form={"row": "7", "field": "participants", "action": "set", "value": "1000", "author": "x"},
    )
    assert direct.status == 403
    page.goto(f"{review_server.url}/review/{RID}")
    assert page.locator("#row-7 dd[data-field=participants] .value").inner_text() == "80"
