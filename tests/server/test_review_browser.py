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


@pytest.mark.browser
def test_a_correction_made_on_the_review_page_is_applied(review_server, page):
    page.goto(f"{review_server.url}/review/{RID}")
    row = page.locator("#row-21")
    assert row.locator("dd[data-field=end]").inner_text() == "2020-05-31"
    page.screenshot(path=str(ARTIFACTS / "review-before.png"))
    row.locator("summary").click()
    form = row.locator("form.correct")
    form.locator("select[name=field]").select_option("end")
    form.locator("select[name=action]").select_option("set")
    form.locator("input[name=value]").fill("2020-05-30")
    form.locator("input[name=author]").fill("Иванова")
    form.locator("input[name=note]").fill("конкурс закончился 30 мая")
    form.locator("input[name=token]").fill(TOKEN)
    form.locator("button[type=submit]").click()
    page.wait_for_url("**saved=21**")
    assert page.locator("p.saved").is_visible()
    page.reload()
    row = page.locator("#row-21")
    assert row.locator("dd[data-field=end]").inner_text() == "2020-05-30"
    correction = row.locator("li.correction")
    assert "«2020-05-31» → «2020-05-30» — Иванова" in correction.inner_text()
    row.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "review-after.png"))


@pytest.mark.browser
def test_without_the_token_the_write_is_refused(review_server, page):
    page.goto(f"{review_server.url}/review/{RID}")
    row = page.locator("#row-7")
    row.locator("summary").click()
    form = row.locator("form.correct")
    form.locator("select[name=field]").select_option("participants")
    form.locator("input[name=value]").fill("1000")
    form.locator("input[name=author]").fill("Злоумышленник")
    form.locator("input[name=token]").fill("guess")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        form.locator("button[type=submit]").click()
    assert answer.value.status == 403
    page.wait_for_load_state("load")  # the 403 page is still being committed when the response lands
    page.screenshot(path=str(ARTIFACTS / "review-refused.png"))
    direct = page.request.post(
        f"{review_server.url}/review/{RID}/corrections",
        form={"row": "7", "field": "participants", "action": "set", "value": "1000", "author": "x"},
    )
    assert direct.status == 403
    page.goto(f"{review_server.url}/review/{RID}")
    assert page.locator("#row-7 dd[data-field=participants]").inner_text() == "80"
