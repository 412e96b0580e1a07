"""The synthetic corpus generator (bench/generate_corpus.py): reproducible, readable by the
project's readers, and faithful to its own answer key."""

from __future__ import annotations

import json
import random
import sys
from datetime import date
from pathlib import Path

import pytest

from coopgraph.ingest.counts import parse_counts, participants_total
from coopgraph.ingest.dates import parse_dates
from coopgraph.ingest.read_docx import read_docx_report
from coopgraph.ingest.read_text import read_text_report
from coopgraph.ingest.report_meta import parse_report_title

# bench/ is a folder of scripts, not a package: import its modules the way the scripts do.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import generate_corpus as gc


def _read(path: Path):
    data = path.read_bytes()
    return read_docx_report(path, data) if path.suffix == ".docx" else read_text_report(path, data)


def _expected(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / "expected.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def text_corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    gc.generate_corpus(out, reports=5, rows_per_report=40, seed=11)
    return out


def test_same_seed_gives_the_same_bytes(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    paths_a = gc.generate_corpus(a, reports=3, rows_per_report=25, seed=5)
    gc.generate_corpus(b, reports=3, rows_per_report=25, seed=5)
    gc.generate_corpus(c, reports=3, rows_per_report=25, seed=6)
    for path in paths_a:
        assert path.read_bytes() == (b / path.name).read_bytes()
    assert (a / "expected.jsonl").read_bytes() == (b / "expected.jsonl").read_bytes()
    assert any(path.read_bytes() != (c / path.name).read_bytes() for path in paths_a)


def test_text_reports_parse_into_the_requested_rows(text_corpus):
    paths = sorted(text_corpus.glob("*.txt"))
    assert len(paths) == 5
    for path in paths:
        raw = _read(path)
        assert raw.encoding == "utf-8"
        assert len(raw.rows) == 40
        assert all(len(row.cells) == 6 for row in raw.rows)
        assert [row.cells[0] for row in raw.rows] == [f"{n}." for n in range(1, 41)]
        assert all(row.sector for row in raw.rows)
        report_id, start, end = parse_report_title(raw.title, path.name)
        assert report_id == path.stem
        assert (end - start).days in (180, 181, 183)


def test_reports_cover_distinct_periods_and_regions(text_corpus):
    stems = sorted(p.stem for p in text_corpus.glob("*.txt"))
    assert len(set(stems)) == 5
    assert {s.split("-")[0] for s in stems} == {"smolensk", "bryansk", "pskov"}


def test_the_dump_keeps_word_debris(tmp_path):
    gc.generate_corpus(tmp_path, reports=6, rows_per_report=60, seed=3)
    text = "".join(p.read_text(encoding="utf-8") for p in tmp_path.glob("*.txt"))
    assert "\u00a0" in text
    assert "[bookmark: _GoBack]" in text
    assert any(split in text or split.replace("-", "-\n") in text for split in gc.HYPHENATIONS.values())
    assert "  " in text
    assert "\n2016 года" in text  # the year on the line after the day


def test_every_date_cell_reads_as_the_answer_key_says(text_corpus):
    expected = {(e["file"], e["number"]): e for e in _expected(text_corpus)}
    for path in text_corpus.glob("*.txt"):
        raw = _read(path)
        _, start, end = parse_report_title(raw.title, path.name)
        for row in raw.rows:
            truth = expected[(path.name, int(row.cells[0].rstrip(".")))]
            info = parse_dates(row.cell("dates"), report_start=start, report_end=end)
            assert (info.start.isoformat(), info.end.isoformat()) == (truth["start"], truth["end"]), row.cells
            assert len(info.periods) == truth["periods"], row.cell("dates")
            assert start <= info.start <= info.end <= end


def test_every_count_reads_as_the_answer_key_says(text_corpus):
    expected = {(e["file"], e["number"]): e for e in _expected(text_corpus)}
    stated = 0
    for path in text_corpus.glob("*.txt"):
        for row in _read(path).rows:
            truth = expected[(path.name, int(row.cells[0].rstrip(".")))]
            counts = parse_counts(row.cell("participants")) or parse_counts(row.cell("content"), "content")
            assert participants_total(counts) == truth["total"], row.cells
            stated += truth["total"] is not None
    assert stated > 50


def test_answer_key_names_what_the_cells_name(text_corpus):
    rows = _expected(text_corpus)
    assert len(rows) == 200
    orgs = [key for row in rows for key in row["organisations"]]
    # A shared pool: organisations recur across rows, so partner networks form.
    assert len(set(orgs)) < len(orgs) / 2
    assert any(row["people"] for row in rows)
    assert any(row["agreement"] for row in rows)
    assert {f for row in rows for f in row["formats"]} >= {"online", "working-order"}


def test_docx_variant_reads_like_the_text_variant(tmp_path):
    text_dir, docx_dir = tmp_path / "txt", tmp_path / "docx"
    gc.generate_corpus(text_dir, reports=2, rows_per_report=30, seed=9)
    paths = gc.generate_corpus(docx_dir, reports=2, rows_per_report=30, seed=9, docx=True)
    for path in paths:
        assert path.suffix == ".docx"
        from_docx = _read(path)
        from_text = _read(text_dir / f"{path.stem}.txt")
        assert len(from_docx.rows) == 30
        assert from_docx.title == from_text.title
        assert [(r.sector, r.cells) for r in from_docx.rows] == [(r.sector, r.cells) for r in from_text.rows]


def test_docx_is_reproducible(tmp_path):
    a = gc.generate_corpus(tmp_path / "a", reports=1, rows_per_report=10, seed=2, docx=True)[0]
    b = gc.generate_corpus(tmp_path / "b", reports=1, rows_per_report=10, seed=2, docx=True)[0]
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("half", [1, 2])
def test_dates_stay_inside_the_half_year(half):
    rng = random.Random(half)
    first, last = gc.half_bounds(2021, half)
    for _ in range(2000):
        d = gc.make_dates(rng, 2021, half)
        assert first <= d.start <= d.end <= last, d


def test_plural_agrees_with_the_number():
    forms = ("человек", "человека", "человек")
    assert [gc.plural(n, forms) for n in (1, 2, 5, 11, 12, 21, 22, 143, 111)] == [
        "человек", "человека", "человек", "человек", "человек", "человек", "человека", "человека", "человек",
    ]  # fmt: skip
    assert gc.plural(21, ("автор", "автора", "авторов")) == "автор"


def test_periods_are_distinct_and_limited():
    periods = gc.report_periods(50, ("smolensk", "bryansk"))
    assert len(set(periods)) == 50
    assert periods[:2] == [("smolensk", 2016, 1), ("bryansk", 2016, 1)]
    with pytest.raises(ValueError, match="distinct periods"):
        gc.report_periods(10_000, ("smolensk",))


def test_command_line_writes_the_corpus(tmp_path, capsys):
    assert gc.main(["--reports", "2", "--rows-per-report", "12", "--seed", "4", "--out", str(tmp_path)]) == 0
    assert "2 reports, 24 rows" in capsys.readouterr().out
    assert len(list(tmp_path.glob("*.txt"))) == 2
    assert (
        gc.main(["--reports", "2", "--rows-per-report", "3", "--out", str(tmp_path), "--regions", "tver"])
        == 2
    )


def test_a_one_row_report_is_still_a_report(tmp_path):
    path = gc.generate_corpus(tmp_path, reports=1, rows_per_report=1, seed=0)[0]
    raw = _read(path)
    assert len(raw.rows) == 1
    assert date.fromisoformat(_expected(tmp_path)[0]["start"]).year == 2016
