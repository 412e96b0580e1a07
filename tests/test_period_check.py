"""The heading's period checked against the rows: a half-year is never silently replaced.

The mutants are built here from the bundled report: every date moved six months on (into
July-December) with the heading left at "за I полугодие"; only a few rows moved; the year
moved to 2099; the heading's period removed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopgraph.cli import main
from coopgraph.ingest.errors import ReadError
from coopgraph.ingest.period_check import PeriodMismatch, check_period
from coopgraph.ingest.records import DateInfo, Period, Precision
from coopgraph.ingest.report_meta import parse_period
from coopgraph.iris import Minter
from coopgraph.pipeline import prepare
from coopgraph.store import Store

BASE = "https://coopgraph.example.org/"
H1 = "smolensk-belarus-2020-h1"
H2 = "smolensk-belarus-2020-h2"
# A first half-year month -> the month six later, in the case forms a dates cell writes.
SIX_MONTHS_ON = {
    "январь": "июль", "января": "июля", "январе": "июле",
    "февраль": "август", "февраля": "августа", "феврале": "августе",
    "март": "сентябрь", "марта": "сентября", "марте": "сентябре",
    "апрель": "октябрь", "апреля": "октября", "апреле": "октябре",
    "май": "ноябрь", "мая": "ноября", "мае": "ноябре",
    "июнь": "декабрь", "июня": "декабря", "июне": "декабре",
}  # fmt: skip
_MONTH = re.compile(r"\b(" + "|".join(SIX_MONTHS_ON) + r")\b", re.IGNORECASE)


def six_months_on(text: str) -> str:
    """Every date of `text` moved into the second half-year (31st -> 30th where needed)."""

    def month(m: re.Match[str]) -> str:
        new = SIX_MONTHS_ON[m[1].lower()]
        return new.capitalize() if m[1][0].isupper() else new

    text = _MONTH.sub(month, text)
    text = re.sub(r"\b(\d{2})\.0([1-6])\.(\d{4})\b", lambda m: f"{m[1]}.{int(m[2]) + 6:02d}.{m[3]}", text)
    text = re.sub(r"\b31(\s+(?:сентября|ноября))", r"30\1", text)
    return re.sub(r"\b31\.(09|11)\.", r"30.\1.", text)


def heading_and_body(source: Path) -> tuple[str, str]:
    text = source.read_text(encoding="utf-8")
    end = text.index("за I полугодие 2020 года") + len("за I полугодие 2020 года")
    return text[:end], text[end:]


@pytest.fixture
def second_half_under_first_heading(tmp_path: Path, bundled_report_path: Path) -> Path:
    heading, body = heading_and_body(bundled_report_path)
    moved = six_months_on(body)
    assert moved != body and "сентября" in moved and "за I полугодие 2020 года" in heading
    path = tmp_path / "smolensk-belarus-2020-h2.txt"
    path.write_text(heading + moved, encoding="utf-8")
    return path


@pytest.fixture
def run(tmp_path: Path):
    def invoke(*args: str):
        return CliRunner().invoke(
            main, ["--store", str(tmp_path / "store"), "--base-iri", BASE, *args], terminal_width=250
        )

    return invoke


def store_state(tmp_path: Path) -> tuple[list[str], list[str]]:
    """Every quad of the store and every file of its archive."""
    with Store(tmp_path / "store", read_only=True) as store:
        quads = sorted(store.dump("nq").decode().splitlines())
    archive = tmp_path / "store" / "archive"
    files = sorted(str(p.relative_to(archive)) for p in archive.rglob("*") if p.is_file())
    return quads, files


def test_a_second_half_year_under_a_first_half_year_heading_is_refused_and_changes_nothing(
    run, tmp_path, bundled_report_path, second_half_under_first_heading
):
    assert run("ingest", "--quiet", str(bundled_report_path)).exit_code == 0
    before = store_state(tmp_path)
    result = run("ingest", "--quiet", str(second_half_under_first_heading))
    assert result.exit_code == 1
    message = " ".join(result.output.split())
    assert "the heading says 2020-H1" in message and "the rows say 2020-H2" in message
    assert "--period 2020-H2" in message and "nothing stored" in message
    assert "REJECTED" in message
    assert store_state(tmp_path) == before


def test_with_period_it_is_stored_as_the_second_half_year_and_the_first_stays(
    run, tmp_path, bundled_report_path, second_half_under_first_heading
):
    run("ingest", "--quiet", str(bundled_report_path))
    with Store(tmp_path / "store", read_only=True) as store:
        first = sorted(store.dump("nt", graph_iri=Minter(BASE).report_graph(H1)).splitlines())
    result = run("ingest", "--quiet", "--period", "2020-H2", str(second_half_under_first_heading))
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert f"{H2}: stored as version 1" in flat and "chosen with --period (the heading says 2020-H1)" in flat
    minter = Minter(BASE)
    with Store(tmp_path / "store", read_only=True) as store:
        assert sorted(store.dump("nt", graph_iri=minter.report_graph(H1)).splitlines()) == first
        h2 = store.graph(minter.report_graph(H2))
    starts = {str(o) for s, p, o in h2 if str(p).endswith("#periodStart")}
    assert starts == {"2020-07-01"}
    # No row is out of the chosen period: the events carry no out-of-period warning.
    assert "outside the report's period" not in flat


def test_validate_says_the_same_and_exits_1(run, second_half_under_first_heading):
    result = run("validate", str(second_half_under_first_heading))
    assert result.exit_code == 1
    assert "the rows say 2020-H2" in " ".join(result.output.split())
    assert run("validate", "--period", "2020-h2", str(second_half_under_first_heading)).exit_code == 0


def dated(event, start: date, end: date, precision: Precision):
    """`event` with its dates replaced by one period."""
    text = f"{start}..{end}"
    return replace(event, dates=DateInfo(text, start, end, (Period(start, end, precision),)))


@pytest.fixture(scope="module")
def bundled_record(bundled_report_path):
    return prepare(bundled_report_path, Minter(BASE)).record


def test_a_few_rows_outside_the_period_are_warnings_not_a_refusal(bundled_record):
    events = list(bundled_record.events)
    for i in (2, 5, 9):  # 3 of 24 rows in September: reported late, or a typo
        events[i] = dated(events[i], date(2020, 9, 3), date(2020, 9, 3), Precision.DAY)
    record = replace(bundled_record, events=tuple(events))
    [note] = check_period(record, parse_period("2020-H1"), chosen=False)
    assert note.message.startswith("3 of 24 rows dated to the day or month lie outside the heading's")
    assert "most of them in 2020-H2" in note.message


def test_half_the_rows_outside_is_still_a_warning_more_than_half_a_refusal(bundled_record):
    events = list(bundled_record.events)
    for i in range(12):
        events[i] = dated(events[i], date(2020, 10, 1), date(2020, 10, 31), Precision.MONTH)
    half = replace(bundled_record, events=tuple(events))
    assert check_period(half, parse_period("2020-H1"), chosen=False)
    events[12] = dated(events[12], date(2020, 10, 1), date(2020, 10, 31), Precision.MONTH)
    with pytest.raises(PeriodMismatch, match="13 of 24 rows"):
        check_period(replace(bundled_record, events=tuple(events)), parse_period("2020-H1"), chosen=False)


def test_vague_and_coarse_dates_are_no_evidence(bundled_record):
    """Rows dated only by a year, a half-year or a quarter, or given the report's own span (a
    vague cell), neither confirm nor contradict the heading: two precise rows in September
    outvote 22 rows dated "2020"."""
    events = [dated(e, date(2020, 1, 1), date(2020, 12, 31), Precision.YEAR) for e in bundled_record.events]
    events[0] = dated(events[0], date(2020, 9, 1), date(2020, 9, 2), Precision.DAY)
    events[1] = dated(events[1], date(2020, 7, 1), date(2020, 9, 30), Precision.QUARTER)
    events[2] = dated(events[2], date(2020, 11, 5), date(2020, 11, 5), Precision.DAY)
    events[3] = dated(events[3], date(2020, 1, 1), date(2020, 6, 30), Precision.MONTH)  # "ежемесячно"
    record = replace(bundled_record, events=tuple(events))
    with pytest.raises(PeriodMismatch, match="2 of 2 rows"):
        check_period(record, parse_period("2020-H1"), chosen=False)


def test_an_event_across_the_boundary_belongs_to_both_half_years(bundled_record):
    events = [dated(e, date(2020, 6, 29), date(2020, 7, 2), Precision.DAY) for e in bundled_record.events]
    record = replace(bundled_record, events=tuple(events))
    assert check_period(record, parse_period("2020-H1"), chosen=False, today=date(2021, 1, 1)) == []
    assert check_period(record, parse_period("2020-H2"), chosen=False, today=date(2021, 1, 1)) == []


def test_a_period_in_the_future_is_a_warning_naming_it(tmp_path, bundled_report_path):
    path = tmp_path / "smolensk-belarus-2099-h1.txt"
    path.write_text(bundled_report_path.read_text(encoding="utf-8").replace("2020", "2099"), encoding="utf-8")
    prepared = prepare(path, Minter(BASE))
    assert prepared.record.report_id == "smolensk-belarus-2099-h1"
    future = [w for w in prepared.warnings if "lies in the future" in w.message]
    assert len(future) == 1 and "2099-H1 (2099-01-01..2099-06-30)" in future[0].message
    # The same report in its own time has no such warning.
    assert not [
        w for w in prepare(path, Minter(BASE), today=date(2099, 7, 1)).warnings if "future" in w.message
    ]


def test_the_future_warning_is_shown_by_ingest(run, tmp_path, bundled_report_path):
    path = tmp_path / "future.txt"
    path.write_text(bundled_report_path.read_text(encoding="utf-8").replace("2020", "2099"), encoding="utf-8")
    result = run("ingest", "--quiet", str(path))
    assert result.exit_code == 0
    flat = " ".join(result.output.split())
    assert "2099-H1" in flat and "lies in the future" in flat


def test_a_heading_without_a_period_asks_for_period(run, tmp_path, bundled_report_path):
    path = tmp_path / "no-period.txt"
    text = bundled_report_path.read_text(encoding="utf-8").replace("за I полугодие 2020 года", "")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReadError, match="--period"):
        prepare(path, Minter(BASE))
    result = run("ingest", "--quiet", str(path))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "cannot find the reporting period" in result.output and "--period" in result.output
    assert run("validate", str(path)).exit_code == 2
    ok = run("ingest", "--quiet", "--period", "2020-H1", str(path))
    flat = " ".join(ok.output.split())
    assert ok.exit_code == 0 and f"{H1}: stored" in flat and "the heading says no period" in flat


def test_period_is_checked_as_an_option(run, bundled_report_path, tmp_path):
    result = run("ingest", "--period", "2020-H3", str(bundled_report_path))
    assert result.exit_code == 2 and "2020-H1, 2020-H2" in result.output
    result = run("ingest", "--period", "2020-H1", str(bundled_report_path), str(bundled_report_path.parent))
    assert result.exit_code == 0, result.output  # the same file twice (by path and folder) is one
    other = tmp_path / "copy.txt"
    other.write_bytes(bundled_report_path.read_bytes())
    result = run("ingest", "--period", "2020-H1", str(bundled_report_path), str(other))
    assert result.exit_code == 2 and "one report" in result.output


def test_a_chosen_period_that_the_rows_contradict_is_a_warning(bundled_report_path):
    prepared = prepare(bundled_report_path, Minter(BASE), period=parse_period("2020-H2"))
    assert prepared.record.report_id == H2
    assert any("outside the period chosen with --period 2020-H2" in w.message for w in prepared.warnings)


def test_the_refusal_is_an_error_with_both_periods(second_half_under_first_heading):
    with pytest.raises(PeriodMismatch) as raised:
        prepare(second_half_under_first_heading, Minter(BASE))
    assert raised.value.field == "title" and "2020-H1" in str(raised.value) and "2020-H2" in str(raised.value)
