"""The review pages and the correction endpoint, through Flask's test client, on a throwaway
copy of the loaded store and of the reports folder."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest

from .conftest import BUNDLED_REPORT, TEST_BASE_IRI

RID = "smolensk-belarus-2020-h1"
TOKEN = "s3cret-token"


@pytest.fixture
def workspace(loaded_store: Path, tmp_path: Path) -> dict[str, Path]:
    store = tmp_path / "store"
    shutil.copytree(loaded_store, store)
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(BUNDLED_REPORT, reports)
    return {"store": store, "reports": reports, "corrections": tmp_path / "corrections"}


def make_client(workspace: dict[str, Path], token: str = TOKEN):
    from coopgraph.server.app import create_app

    app = create_app(
        {
            "store": str(workspace["store"]),
            "base_iri": TEST_BASE_IRI,
            "update_token": token,
            "reports": str(workspace["reports"]),
            "corrections": str(workspace["corrections"]),
        }
    )
    app.config["TESTING"] = True
    return app.test_client()


@pytest.fixture
def writable(workspace):
    return make_client(workspace)


def section(html: str, row: int) -> str:
    start = html.rindex("<section", 0, html.index(f'id="row-{row}"'))
    end = html.find('<section class="review-row', start + 1)
    return html[start : end if end > 0 else len(html)]


def field(html: str, row: int, name: str) -> str:
    """The extracted value as the grid shows it (a date as written in its data-value: ISO),
    without the field's editor."""
    match = re.search(rf'data-field="{name}"(?: data-value="([^"]*)")?>(.*?)</dd>', section(html, row), re.S)
    assert match, name
    if match.group(1):
        return match.group(1)
    shown = re.split(r'<details class="edit"', match.group(2))[0]
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", shown))).strip()


def test_review_page_shows_source_and_extracted_values_side_by_side(writable):
    response = writable.get(f"/review/{RID}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert len(re.findall(r'<section class="review-row', html)) == 24
    row5 = section(html, 5)
    assert "Открытое первенство" in row5 and "23-24 февраля" in row5  # source cells
    assert (field(html, 5, "start"), field(html, 5, "end"), field(html, 5, "participants")) == (
        "2020-02-23",
        "2020-02-24",
        "128",
    )
    assert "Гомельский областной исполнительный комитет" in field(html, 1, "organisation")
    assert "BY" in field(html, 1, "organisation") and field(html, 1, "region") == "Гомельская область"
    assert "175-р/адм" in field(html, 3, "agreement")
    # Low-confidence extractions are flagged on their rows.
    assert 'class="review-row flagged"' in section(html, 11) and "fuzzy rule" in section(html, 11)
    assert section(html, 5).startswith('<section class="review-row" ')
    # Every field of every row has its editor in place: 6 values, places, organisations, people, regions.
    assert html.count('<form class="inline"') == 24 * 10
    # Flagged rows first, then the rest in row order.
    order = [int(n) for n in re.findall(r'<section class="review-row[^"]*" id="row-(\d+)"', html)]
    flagged = [int(n) for n in re.findall(r'<section class="review-row flagged" id="row-(\d+)"', html)]
    assert order[: len(flagged)] == sorted(flagged, key=order.index) and set(order[len(flagged) :]) == (
        set(range(1, 25)) - set(flagged)
    )
    assert order[len(flagged) :] == sorted(order[len(flagged) :])


def test_warnings_name_their_column_and_flag_in_the_page_language(writable):
    """Row 11's organisation was matched by a fuzzy rule: the flag's label comes from the flag
    scheme in the page's language, the extractor's own words follow, marked as English."""
    flags = {
        lang: re.findall(
            r'<li class="warning">(.*?)</li>',
            section(writable.get(f"/review/{RID}?lang={lang}").get_data(as_text=True), 11),
        )
        for lang in ("ru", "en")
    }
    ru = [w for w in flags["ru"] if "Организация сопоставлена приблизительно" in w]
    assert ru and all('lang="en"' in w and "fuzzy rule" in w for w in ru), flags["ru"]
    assert any("Organisation matched loosely" in w and "fuzzy rule" in w for w in flags["en"]), flags["en"]
    assert len(flags["ru"]) == len(flags["en"]) > 0


def test_only_flagged_rows_and_english(writable):
    html = writable.get(f"/review/{RID}?flagged=1&lang=en").get_data(as_text=True)
    rows = re.findall(r'id="row-(\d+)"', html)
    assert 0 < len(rows) < 24 and "11" in rows and "5" not in rows
    assert "Report review" in html and ">Save</button>" in html and "Still flagged" in html


def test_unknown_report_is_404_and_index_lists_reports(writable):
    assert writable.get("/review/no-such-report").status_code == 404
    index = writable.get("/review").get_data(as_text=True)
    assert f'href="/review/{RID}"' in index


def post(client, data: dict[str, str], **kwargs):
    form = {"row": "7", "field": "participants", "action": "set", "value": "85", "author": "Иванова"}
    return client.post(f"/review/{RID}/corrections", data={**form, **data}, **kwargs)


def test_a_correction_with_the_token_is_written_and_applied(writable, workspace):
    response = post(writable, {"token": TOKEN, "note": "по списку"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/review/{RID}?saved=7#row-7")
    text = (workspace["corrections"] / f"{RID}.csv").read_text(encoding="utf-8")
    assert "7,participants,set,80,85,Иванова," in text and text.rstrip().endswith("по списку")
    html = writable.get(f"/review/{RID}?saved=7").get_data(as_text=True)
    assert field(html, 7, "participants") == "85"
    assert "«80» → «85» — Иванова" in section(html, 7)
    # The published data carries it too: the event page of the linked-data pages.
    event = writable.get(f"/doc/event/{RID}/7.ttl").get_data(as_text=True)
    assert "correctedBy" in event and 'newValue "85"' in event


def test_a_bearer_header_works_too(writable, workspace):
    response = post(writable, {"value": "90"}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 303
    assert "7,participants,set,80,90," in (workspace["corrections"] / f"{RID}.csv").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("data", "headers"),
    [
        ({}, {}),
        ({"token": "wrong"}, {}),
        ({"token": TOKEN[:-1]}, {}),
        ({}, {"Authorization": "Bearer wrong"}),
        ({}, {"Cookie": f"token={TOKEN}"}),  # no cookies: the token must be in the request itself
    ],
)
def test_without_the_token_the_write_is_refused(writable, workspace, data, headers):
    assert post(writable, data, headers=headers).status_code == 403
    assert not workspace["corrections"].exists()


def test_no_writes_at_all_when_no_token_is_set(workspace):
    client = make_client(workspace, token="")
    assert post(client, {"token": ""}).status_code == 403
    assert post(client, {}, headers={"Authorization": "Bearer "}).status_code == 403
    html = client.get(f"/review/{RID}").get_data(as_text=True)
    assert '<form class="inline"' not in html and "update_token" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"field": "colour"}, "field 'colour'"),
        ({"row": "x"}, "row must be a number"),
        ({"row": "99"}, "has no row 99"),
        ({"field": "place", "action": "remove", "match": "г. Рославль", "value": ""}, "is not there"),
        ({"field": "end", "value": "31.02.2020"}, "End: not a date — write it as 31.05.2020 or 2020-05-31"),
        ({"author": ""}, "author is required"),
    ],
)
def test_a_bad_correction_is_refused_and_not_kept(writable, workspace, data, message):
    response = post(writable, {"token": TOKEN, **data}, query_string={"lang": "en"})
    assert response.status_code == 400
    assert message in unescape(response.get_data(as_text=True))
    path = workspace["corrections"] / f"{RID}.csv"
    assert not path.exists() or path.read_text(encoding="utf-8").count("\n") == 1


def test_a_date_typed_with_dots_is_saved_as_a_date(writable, workspace):
    response = post(writable, {"token": TOKEN, "field": "end", "row": "21", "value": "30.05.2020"})
    assert response.status_code == 303
    assert "21,end,set,2020-05-31,2020-05-30," in (workspace["corrections"] / f"{RID}.csv").read_text(
        encoding="utf-8"
    )
    html = writable.get(f"/review/{RID}").get_data(as_text=True)
    assert field(html, 21, "end") == "2020-05-30" and "30 мая 2020" in section(html, 21)


def test_a_wrong_value_is_shown_beside_its_field_with_the_input_kept(writable, workspace):
    response = post(
        writable, {"token": TOKEN, "field": "start", "row": "5", "value": "32.13.2020", "note": "x"}
    )
    assert response.status_code == 400
    row5 = section(response.get_data(as_text=True), 5)
    editor = row5[row5.index('data-field="start"') :]
    editor = editor[: editor.index("</form>")]
    assert '<details class="edit" open>' in editor and 'value="32.13.2020"' in editor
    assert 'role="alert"' in editor and "это не дата" in editor and 'aria-invalid="true"' in editor
    assert 'name="author" value="Иванова"' in editor  # what was typed stays
    assert not (workspace["corrections"] / f"{RID}.csv").exists()


def test_entities_page_lists_spellings_and_counts(writable):
    html = writable.get("/entities?kind=org").get_data(as_text=True)
    row = re.search(r'<tr data-key="administratsiia-smolenskoi-oblasti">(.*?)</tr>', html, re.S)
    assert row and "Администрацией Смоленской области" in row.group(1)
    assert 'href="/id/org/administratsiia-smolenskoi-oblasti"' in row.group(1)
    assert writable.get("/entities?kind=nonsense").status_code == 400
    places = writable.get("/entities?kind=place").get_data(as_text=True)
    assert 'data-key="smolensk"' in places and "administratsiia" not in places


def merge(client, **extra: str):
    form = {
        "kind": "org",
        "action": "merge",
        "key": "rossiiskii-tsentr-nauki-i-kultury-v-g-gomele",
        "value": "predstavitelstvo-rossotrudnichestva-v-respublike-belarus",
        "author": "Иванова",
    }
    return client.post("/entities/corrections", data={**form, **extra})


def test_a_merge_from_the_entities_page_leaves_one_entity(writable, workspace):
    assert merge(writable).status_code == 403
    assert merge(writable, token="wrong").status_code == 403
    response = merge(writable, token=TOKEN)
    assert response.status_code == 303 and response.headers["Location"].endswith("/entities?saved=merge")
    text = (workspace["corrections"] / "entities.csv").read_text(encoding="utf-8")
    assert (
        "Представительство Россотрудничества в Республике Беларусь" in text
    )  # the kept name, from the store
    html = writable.get("/entities?kind=org").get_data(as_text=True)
    assert 'data-key="rossiiskii-tsentr-nauki-i-kultury-v-g-gomele"' not in html
    kept = re.search(
        r'<tr data-key="predstavitelstvo-rossotrudnichestva-v-respublike-belarus">(.*?)</tr>', html, re.S
    )
    assert kept and "Российский центр науки и культуры в г. Гомеле" in kept.group(1)
    row15 = writable.get(f"/review/{RID}").get_data(as_text=True)
    assert "Представительство Россотрудничества" in field(row15, 15, "organisation")


def test_a_malformed_entity_correction_is_refused(writable, workspace):
    response = merge(writable, token=TOKEN, action="country", value="Belarus")
    assert response.status_code == 400 and "alpha-2" in unescape(response.get_data(as_text=True))
    assert not (workspace["corrections"] / "entities.csv").exists()
