"""`coopgraph review`, `coopgraph entities` and `coopgraph correct …` over a throwaway store
and a throwaway reports folder (the review library is exercised through them)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopgraph.cli import main
from coopgraph.curation.entities import list_entities
from coopgraph.curation.review import build_review, find_row
from coopgraph.iris import Minter
from coopgraph.store import Store

RID = "smolensk-belarus-2020-h1"
BASE = "https://coopgraph.example.org/"


@pytest.fixture
def workspace(tmp_path: Path, bundled_report_path: Path):
    """A store with the bundled report, its reports folder and an empty corrections folder."""
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(bundled_report_path, reports)
    store = tmp_path / "store"
    folders = ["--reports", str(reports), "--corrections", str(tmp_path / "corrections")]

    def run(*args: str, ok: bool = True):
        result = CliRunner().invoke(
            main,
            ["--store", str(store), "--base-iri", BASE, *args],
            catch_exceptions=False,
            terminal_width=200,
        )
        if ok:
            assert result.exit_code == 0, result.output
        return result

    run("ingest", "--quiet", str(reports))
    return run, folders, store, tmp_path / "corrections"


def csv_rows(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output)))


def test_review_prints_every_row_and_only_flagged_narrows_it(workspace):
    run, *_ = workspace
    table = run("review", RID)
    assert "24 of 24 rows" in table.output and "Открытое" in table.output
    everything = csv_rows(run("review", RID, "--format", "csv").stdout)
    assert [int(r["row"]) for r in everything] == list(range(1, 25))
    row5 = everything[4]
    assert row5["source_title"].startswith("Открытое первенство")
    assert (row5["sector"], row5["type"], row5["start"], row5["end"]) == (
        "sport",
        "competition",
        "2020-02-23",
        "2020-02-24",
    )
    assert row5["participants"] == "128" and row5["place"] == "Смоленск"
    assert "Гомельский областной исполнительный комитет [BY]" in everything[0]["organisation"]
    assert everything[0]["region"] == "BY-HO" and "А.В. Островский" in everything[0]["person"]
    assert "175-р/адм" in everything[2]["agreement"]
    flagged = csv_rows(run("review", RID, "--only-flagged", "--format", "csv").stdout)
    with Store(workspace[2], read_only=True) as store:
        review = build_review(store, Minter(BASE), RID)
    assert [int(r["row"]) for r in flagged] == [r.row for r in review.flagged()]
    assert 0 < len(flagged) < 24 and all(r["flags"] for r in flagged)
    assert any("fuzzy rule" in r["flags"] for r in flagged)
    assert any(r["row"] == "15" and "written as a month" in r["flags"] for r in flagged)  # "май 2020 года"
    with_flags = [bool(r.flags) for r in review.flagged()]  # rows with review flags are listed first
    assert any(with_flags) and with_flags == sorted(with_flags, reverse=True)
    assert any("FLAG " in r["flags"] for r in flagged)


def test_review_of_an_unknown_report_is_a_clean_error(workspace):
    result = workspace[0]("review", "no-such-report", ok=False)
    assert result.exit_code == 1 and "no report 'no-such-report'" in result.output


def test_correct_set_records_the_stored_value_as_match_and_reingests(workspace):
    run, folders, store, corrections = workspace
    result = run(
        "correct", "set", RID, "21", "end", "2020-05-30", "--author", "Иванова", "--note", "конкурс", *folders
    )
    assert f"re-ingested {RID}" in result.output
    text = (corrections / f"{RID}.csv").read_text(encoding="utf-8")
    assert text.startswith("row,field,action,match,value,author,time,note\n")
    assert "21,end,set,2020-05-31,2020-05-30,Иванова," in text
    with Store(store, read_only=True) as s:
        row = find_row(build_review(s, Minter(BASE), RID, shacl=False), 21)
    assert row.end == "2020-05-30"
    assert [(c.replaced, c.new, c.author, c.note) for c in row.corrections] == [
        ("2020-05-31", "2020-05-30", "Иванова", "конкурс")
    ]
    [row21] = [r for r in csv_rows(run("review", RID, "--format", "csv").stdout) if r["row"] == "21"]
    assert "corrected end set: '2020-05-31' → '2020-05-30' (Иванова" in row21["flags"]


def test_a_correction_that_changes_nothing_is_refused_and_not_kept(workspace):
    run, folders, _, corrections = workspace
    result = run(
        "correct", "remove", RID, "3", "place", "г. Рославль", "--author", "Петров", *folders, ok=False
    )
    assert result.exit_code == 1 and "'г. Рославль' is not there" in result.output
    assert not (corrections / f"{RID}.csv").exists()


def test_correct_add_and_same_as(workspace):
    run, folders, store, _ = workspace
    run(
        "correct",
        "add",
        RID,
        "12",
        "organisation",
        "ГУК «Витебская областная библиотека»|BY",
        "--author",
        "П",
        *folders,
    )
    museum = "ОГБУК «Смоленский государственный музей-заповедник»"
    key = "smolenskii-gosudarstvennyi-muzei-zapovednik"
    run("correct", "same-as", RID, "15", "organisation", museum, key, "--author", "П", *folders)
    with Store(store, read_only=True) as s:
        review = build_review(s, Minter(BASE), RID, shacl=False)
    assert "ГУК «Витебская областная библиотека» [BY]" in find_row(review, 12).values()["organisation"]
    assert len(find_row(review, 15).corrections) == 1


def test_entities_lists_spellings_and_a_merge_leaves_one(workspace):
    run, folders, store, corrections = workspace
    listing = {r["key"]: r for r in csv_rows(run("entities", "--kind", "org", "--format", "csv").stdout)}
    admin = listing["administratsiia-smolenskoi-oblasti"]
    assert "Администрацией Смоленской области" in admin["spellings"]  # a spelling as written
    assert (admin["country"], admin["kind"]) == ("RU", "org") and int(admin["events"]) >= 5
    with Store(store, read_only=True) as s:
        before = {e.key for e in list_entities(s, "org")}
    result = run(
        "correct", "merge", "rossiiskii-tsentr-nauki-i-kultury-v-g-gomele",
        "predstavitelstvo-rossotrudnichestva-v-respublike-belarus", "--author", "Иванова", *folders,
    )  # fmt: skip
    assert "Представительство Россотрудничества в Республике Беларусь" in result.output  # name from the store
    with Store(store, read_only=True) as s:
        after = {e.key: e for e in list_entities(s, "org")}
    assert set(after) == before - {"rossiiskii-tsentr-nauki-i-kultury-v-g-gomele"}
    kept = after["predstavitelstvo-rossotrudnichestva-v-respublike-belarus"]
    assert "Российский центр науки и культуры в г. Гомеле" in kept.spellings and kept.corrected
    assert kept.events == 2
    assert "merge" in (corrections / "entities.csv").read_text(encoding="utf-8")
    places = {r["name"]: r for r in csv_rows(run("entities", "--kind", "place", "--format", "csv").stdout)}
    assert int(places["Смоленск"]["events"]) >= 8 and {r["kind"] for r in places.values()} == {"place"}


def test_an_entity_correction_that_changes_nothing_is_refused_or_reported(workspace):
    run, folders, _, corrections = workspace
    refused = run(
        "correct", "alias", "Общество любителей кошек", "roskosmos", "--author", "П", *folders, ok=False
    )
    assert refused.exit_code == 1 and "changes nothing in the stored reports" in refused.output
    assert not (corrections / "entities.csv").exists()
    # Written without re-ingest: `entities` says that it has not taken effect.
    run("correct", "merge", "no-such-org", "roskosmos", "--author", "П", "--no-ingest", *folders)
    listing = run("entities", "--kind", "org", "--corrections", str(corrections))
    assert "entities.csv line 2: org 'no-such-org' merge 'roskosmos' changes nothing" in listing.output


def test_shacl_warnings_are_flagged_on_their_row(tmp_path, bundled_report_path):
    from coopgraph.pipeline import ingest_paths

    late = tmp_path / bundled_report_path.name
    late.write_text(
        bundled_report_path.read_text(encoding="utf-8").replace("1-30 июня", "1-30 июля"), "utf-8"
    )
    with Store(tmp_path / "store") as store:
        [outcome] = ingest_paths([late], store, Minter(BASE))
        assert outcome.ok, outcome.error
        review = build_review(store, Minter(BASE), RID)
    row17 = find_row(review, 17)
    assert any("outside the report period" in w for w in row17.shacl)
    # Elsewhere SHACL reports only the review flags (vague dates, places outside the gazetteer…).
    assert row17.flagged and all(": flag " in w for r in review.rows if r.row != 17 for w in r.shacl)
