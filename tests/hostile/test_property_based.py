"""Property-based tests (hypothesis) over the readers and the cell extractors: whatever the
input — random bytes, random text, Cyrillic-ish text built from the report's own vocabulary
and punctuation — each ends in records or a typed error (CoopgraphError for a file, CellError
for a cell), never a crash. Examples are few (the suite stays fast) but shaped to hit the
parsers' edges: numbers, dates, quotes, dashes, brackets, NUL and control characters.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coopgraph.errors import CoopgraphError
from coopgraph.ingest.counts import parse_counts
from coopgraph.ingest.dates import parse_dates
from coopgraph.ingest.errors import CellError
from coopgraph.ingest.organisations import extract_organisations
from coopgraph.ingest.people import extract_people
from coopgraph.ingest.places import extract_places
from coopgraph.ingest.readers import read_report

from .conftest import BUNDLED_REPORT

FAST = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = [
    "г.",
    "Смоленск",
    "Минск",
    "Витебской",
    "области",
    "Республики",
    "Беларусь",
    "ООО",
    "ОАО",
    "ГУК",
    "СОГБУК",
    "«",
    "»",
    '"',
    "„",
    "“",
    "(",
    ")",
    "[",
    "]",
    "–",
    "—",
    "-",
    ",",
    ".",
    ";",
    ":",
    "№",
    "января",
    "февраля",
    "марта",
    "31",
    "29",
    "30",
    "0",
    "00",
    "2020",
    "2021",
    "года",
    "г",
    "май",
    "I",
    "II",
    "полугодие",
    "квартал",
    "с",
    "по",
    "до",
    "человек",
    "участников",
    "общее",
    "количество",
    "тыс.",
    "млн",
    "млрд",
    "более",
    "около",
    "свыше",
    "А.В.",
    "Островский",
    "Губернатор",
    "председатель",
    "имени",
    "Ю.А.",
    "Гагарина",
    "\n",
    "\t",
    "\u00a0",
    "\u00ad",
    "\x00",
    "\u202e",
    "9" * 40,
    "1,5",
    "12.13.2020",
    "31.02.2020",
    "23-24",
    "1-30",
    "[bookmark: _GoBack]",
    "%s",
    "{}",
    "\\",
    "<script>",
]
cyrillic_ish = st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=40).map(" ".join)
any_text = st.text(max_size=300) | cyrillic_ish
START, END = date(2020, 1, 1), date(2020, 6, 30)


@FAST
@given(any_text)
def test_dates_end_in_a_value_or_a_cell_error(text):
    try:
        info = parse_dates(text, report_start=START, report_end=END)
    except CellError:
        return
    assert info.start <= info.end
    assert info.periods


@FAST
@given(any_text)
def test_counts_end_in_records_or_a_cell_error(text):
    try:
        counts = parse_counts(text)
    except CellError:
        return
    for count in counts:
        assert isinstance(count.value, int) and count.value > 0


@FAST
@given(any_text, st.sampled_from(["title", "place", "content", "participants"]))
def test_organisations_end_in_records_or_a_cell_error(text, column):
    try:
        records = extract_organisations(text, column)
    except CellError:
        return
    assert all(r.key for r in records)


@FAST
@given(any_text)
def test_people_end_in_records_or_a_cell_error(text):
    try:
        extract_people(text, "participants")
    except CellError:
        return


@FAST
@given(any_text)
def test_places_end_in_records_or_a_cell_error(text):
    try:
        extract_places(text, "place")
    except CellError:
        return


def read(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("report" + suffix)
        path.write_bytes(data)
        try:
            report = read_report(path)
        except CoopgraphError:
            return
        assert report.rows


SOURCE = BUNDLED_REPORT.read_bytes()


@FAST
@given(st.binary(max_size=4000), st.sampled_from([".txt", ".docx"]))
def test_the_reader_takes_random_bytes(data, suffix):
    read(data, suffix)


@FAST
@given(st.integers(0, len(SOURCE)), st.integers(0, 400), st.binary(max_size=40))
def test_the_reader_takes_a_damaged_report(at, cut, junk):
    """The bundled report with a slice cut out and junk bytes put in its place."""
    read(SOURCE[:at] + junk + SOURCE[at + cut :], ".txt")


@FAST
@given(st.lists(st.lists(cyrillic_ish, min_size=1, max_size=8), max_size=12))
def test_the_reader_takes_random_tables(rows):
    """Text laid out like a dump (tab-started cells, blank-line rows) with random cells."""
    header = SOURCE.decode("utf-8").split("\n\n")[0]
    body = "\n\n".join("\n".join("\t" + cell for cell in row) for row in rows)
    read((header + "\n\n" + body + "\n").encode("utf-8"), ".txt")


@FAST
@given(st.text(max_size=2000))
def test_the_reader_takes_random_text(text):
    read(text.encode("utf-8", "surrogatepass"), ".txt")
