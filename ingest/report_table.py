"""From the rows of a report table (any format) to the data rows of a ``RawReport``.

Both readers (text dump, DOCX) turn their table into ``SourceRow``s of raw cell texts; this
module cleans the cells and applies the template's rules, so the two formats cannot drift:
the table opens with the header row (recognised by its content; repeats, as Word prints it on
each page, are skipped), a one-cell row is a section header (the sector) for the rows below,
and every other row has exactly six cells.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from coopgraph.ingest.cleaning import clean_cell, one_line
from coopgraph.ingest.errors import ReadError
from coopgraph.ingest.records import COLUMNS, RawRow

# Words that open each header cell of the template, in column order; later reports may word
# the rest of a label differently ("Сроки проведения", "Дата проведения").
_HEADER_WORDS: tuple[tuple[str, ...], ...] = (
    ("№", "n п/п", "п/п", "номер"),
    ("наименование", "название"),
    ("место",),
    ("срок", "дата", "период"),
    ("содержание", "результат"),
    ("участник",),
)
_ROW_NUMBER = re.compile(r"^\s*\d{1,4}(?:\.\d{1,3})*\s*[.)]?\s*$")

# Bounds that keep a hostile or broken file cheap: the extractors' cost grows faster than a
# cell's length (a 200,000-character cell took minutes), and a half-year report has tens of
# rows whose longest cell is under a thousand characters. Far above any real report.
MAX_CELL_CHARS = 10_000
MAX_DATA_ROWS = 2_000


@dataclass(frozen=True)
class SourceRow:
    """One table row as the format gives it: raw cell texts and where the row starts."""

    line: int  # text dump: line of the row's first cell; DOCX: 1-based table row index
    cells: tuple[str, ...]
    marked_header: bool = False  # DOCX: the row is flagged to repeat on each page (w:tblHeader)


def looks_like_row_number(text: str) -> bool:
    """A № п/п cell: "7.", "12", "3.1." — not a date like "31.03.2020"."""
    return bool(_ROW_NUMBER.match(text))


def is_header_row(cells: Sequence[str]) -> bool:
    """Whether cleaned cells are the template's header row (№ п/п, Наименование мероприятия...)."""
    if len(cells) < 2:
        return False
    labels = [one_line(c).lower() for c in cells]
    if not any(word in labels[0] for word in _HEADER_WORDS[0]):
        return False
    matches = sum(
        1 for label, words in zip(labels[1:], _HEADER_WORDS[1:], strict=False) if label.startswith(words)
    )
    return matches >= min(3, len(labels) - 1)


def _is_column_numbering(cells: Sequence[str]) -> bool:
    """The "1 2 3 4 5 6" row many official tables put under the header."""
    return [c.strip().rstrip(".") for c in cells] == [str(i) for i in range(1, len(cells) + 1)]


def describe_row(row: SourceRow, *, unit: str = "line") -> str:
    """How an error names a row: its line (or table row) and its № п/п when readable."""
    where = f"{unit} {row.line}"
    first = one_line(row.cells[0]) if row.cells else ""
    if first and looks_like_row_number(first):
        where += f" (№ {first})"
    return where


def row_number(row: SourceRow) -> int | None:
    """The № п/п written in the row's first cell, when it is a plain number."""
    first = one_line(row.cells[0]) if row.cells else ""
    digits = first.rstrip(".) ")
    return int(digits) if digits.isdigit() else None


def _without_trailing_empty_cells(row: SourceRow) -> SourceRow:
    """Drop empty cells past the sixth: a stray trailing tab in a dump adds one, carrying nothing."""
    cells = row.cells
    while len(cells) > len(COLUMNS) and not clean_cell(cells[-1]):
        cells = cells[:-1]
    return row if cells is row.cells else replace(row, cells=cells)


def _not_a_report(file: str, row: SourceRow, unit: str) -> ReadError:
    return ReadError(
        file,
        f"{unit} {row.line}: the table does not open with the report's header row "
        "(№ п/п, Наименование мероприятия, ...): not a cooperation report",
    )


def _wrong_width(file: str, row: SourceRow, unit: str) -> ReadError:
    width = len(COLUMNS)
    if is_header_row([clean_cell(c) for c in row.cells[: width + 1]]):
        return ReadError(
            file, f"{unit} {row.line}: the header row has {len(row.cells)} columns, expected {width}"
        )
    return ReadError(
        file,
        f"{describe_row(row, unit=unit)}: expected {width} cells, found {len(row.cells)}",
        row=row_number(row),
    )


def _check_size(file: str, row: SourceRow, cells: tuple[str, ...], unit: str, rows_so_far: int) -> None:
    if rows_so_far >= MAX_DATA_ROWS:
        raise ReadError(
            file, f"{describe_row(row, unit=unit)}: more than {MAX_DATA_ROWS} data rows: not one report"
        )
    for index, cell in enumerate(cells):
        if len(cell) > MAX_CELL_CHARS:
            column = COLUMNS[index] if len(cells) == len(COLUMNS) else None
            raise ReadError(
                file,
                f"{describe_row(row, unit=unit)}: a cell of {len(cell)} characters "
                f"(at most {MAX_CELL_CHARS}): not a report cell "
                "(two files pasted together, or a table without row breaks?)",
                row=row_number(row),
                field=column,
            )


def build_rows(file: str, rows: Iterable[SourceRow], *, unit: str = "line") -> tuple[RawRow, ...]:
    """Clean the cells and keep the data rows, each with the sector above it.

    ``unit`` names the row coordinate in error messages ("line" or "table row").
    """
    width = len(COLUMNS)
    data: list[RawRow] = []
    sector: str | None = None
    seen_header = False
    in_header_block = True  # Word repeats only the rows flagged at the top of the table
    for source in rows:
        row = _without_trailing_empty_cells(source)
        if len(row.cells) not in (1, width):
            # Checked before cleaning every cell: a broken row can hold thousands of them.
            if not any(map(clean_cell, row.cells)):
                continue
            if not seen_header and not is_header_row([clean_cell(c) for c in row.cells[: width + 1]]):
                raise _not_a_report(file, row, unit)
            raise _wrong_width(file, row, unit)
        cells = tuple(clean_cell(c) for c in row.cells)
        if not any(cells):
            continue  # an empty row (a blank paragraph row in Word) carries nothing
        _check_size(file, row, cells, unit, len(data))
        if not seen_header:
            if not is_header_row(cells):
                raise _not_a_report(file, row, unit)
            seen_header = True
        elif (in_header_block and row.marked_header) or is_header_row(cells) or _is_column_numbering(cells):
            continue  # the header repeated on a new page, or the column numbers under it
        elif len(cells) == 1:
            sector = one_line(cells[0])
            in_header_block = False
        else:
            data.append(RawRow(position=len(data) + 1, line=row.line, sector=sector, cells=cells))
            in_header_block = False
    if not seen_header:
        raise ReadError(file, "the table is empty: no header row and no data rows")
    if not data:
        raise ReadError(file, "the table has a header row but no data rows")
    return tuple(data)
