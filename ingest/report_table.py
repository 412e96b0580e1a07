"""From the rows of a report table (any format) to the data rows of a ``RawReport``.

Every reader (text dump, DOCX, ODT) turns its table into ``SourceRow``s of raw cell texts; this
module cleans the cells and applies the template's rules, so the formats cannot drift:

- the header row is found by what its labels mean (``table_columns``), and the six columns
  are taken from wherever it puts them; rows above it inside the table (a caption) are
  skipped, repeats of it and the "1 2 3 4 5 6" row under it too;
- a row with one non-empty cell and no row number is a section header (the sector) for the
  rows below, whether Word merged it across the whole row, across some columns or not at all;
- a row whose № cell is empty (or merged down from the row above) continues the numbered row
  above it (Word split the row on a page break, or the author continued it by hand): its
  cells are joined to that row's;
- "Продолжение таблицы" lines and footnote lines inside the table carry nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from coopgraph.ingest.cleaning import clean_cell, one_line
from coopgraph.ingest.errors import ReadError
from coopgraph.ingest.records import COLUMNS, RawRow
from coopgraph.ingest.table_columns import column_map, is_column_numbering, is_header_row, missing_columns

__all__ = [
    "SourceRow",
    "build_rows",
    "captions",
    "describe_row",
    "grid_width",
    "is_header_row",
    "looks_like_row_number",
    "opens_with_header",
    "row_number",
]

_ROW_NUMBER = re.compile(r"^\s*\d{1,4}(?:\.\d{1,3})*\s*[.)]?\s*$")
# Lines inside a table that are no row of it: a continuation note, a footnote, a note.
_NOT_A_ROW = re.compile(r"^(?:продолжение|окончание)(?:\s+табл\w*)?\b|^\*|^примечани", re.IGNORECASE)
_ROMAN = re.compile(r"^(?:раздел\s+)?[IVXL]{1,5}\s*[.)]?$", re.IGNORECASE)
# A sector label's own numbering ("2. Сотрудничество…", "II. …", "Раздел 3. …"): not the label.
_SECTION_NUMBER = re.compile(r"^(?:раздел\s+)?(?:[IVXL]{1,5}|\d{1,2})\s*[.)]\s+(?=\w)", re.IGNORECASE)
_TOTAL = re.compile(r"^(?:итого|всего)\b", re.IGNORECASE)  # a totals row at the table's foot
# A caption or a title typed into the table's first rows is skipped; further than this the
# table does not open with a header and is not a report.
_MAX_ROWS_BEFORE_HEADER = 3

# Bounds that keep a hostile or broken file cheap: the extractors' cost grows faster than a
# cell's length (a 200,000-character cell took minutes), and a half-year report has tens of
# rows whose longest cell is under a thousand characters. Far above any real report.
MAX_CELL_CHARS = 10_000
MAX_DATA_ROWS = 2_000
_MAX_GRID_COLUMNS = 64  # a report table has six; a wide layout table a dozen


@dataclass(frozen=True)
class SourceRow:
    """One table row as the format gives it: raw cell texts and where the row starts."""

    line: int  # text dump: line of the row's first cell; DOCX/ODT: 1-based table row index
    cells: tuple[str, ...]
    marked_header: bool = False  # DOCX/ODT: the row is flagged to repeat on each page
    # Grid columns each cell covers (DOCX gridSpan, ODT number-columns-spanned); empty when
    # every cell is one column, as in a text dump. Only grid formats may have short rows.
    spans: tuple[int, ...] = ()


def looks_like_row_number(text: str) -> bool:
    """A № п/п cell: "7.", "12", "3.1." — not a date like "31.03.2020"."""
    return bool(_ROW_NUMBER.match(text))


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


@dataclass(frozen=True)
class _GridRow:
    texts: tuple[str, ...]  # cleaned text per grid column ("" where a merged cell spreads)
    starts: tuple[int, ...]  # grid column where each physical cell starts
    widths: tuple[int, ...]  # grid columns each physical cell covers


def _grid(row: SourceRow) -> _GridRow:
    texts: list[str] = []
    starts: list[int] = []
    widths: list[int] = []
    for index, raw in enumerate(row.cells):
        span = row.spans[index] if index < len(row.spans) else 1
        span = max(1, min(span, _MAX_GRID_COLUMNS))
        starts.append(len(texts))
        widths.append(span)
        texts.append(clean_cell(raw))
        texts.extend([""] * (span - 1))
    return _GridRow(tuple(texts), tuple(starts), tuple(widths))


def grid_width(row: SourceRow) -> int:
    """How many grid columns the row covers."""
    spans = (row.spans[i] if i < len(row.spans) else 1 for i in range(len(row.cells)))
    return sum(max(1, min(span, _MAX_GRID_COLUMNS)) for span in spans)


def opens_with_header(rows: Iterable[SourceRow]) -> bool:
    """Whether the report's header row is among the first non-empty rows of a table."""
    seen = 0
    for row in rows:
        if len(row.cells) > _MAX_GRID_COLUMNS:
            return False
        grid = _grid(row)
        if not any(grid.texts):
            continue
        if is_header_row(grid.texts):
            return True
        seen += 1
        if seen > _MAX_ROWS_BEFORE_HEADER:
            return False
    return False


def _not_a_report(file: str, row: SourceRow, unit: str) -> ReadError:
    return ReadError(
        file,
        f"{unit} {row.line}: the table does not open with the report's header row "
        "(№ п/п, Наименование мероприятия, ...): not a cooperation report",
    )


def _wrong_width(file: str, row: SourceRow, unit: str, width: int) -> ReadError:
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
            raise ReadError(
                file,
                f"{describe_row(row, unit=unit)}: a cell of {len(cell)} characters "
                f"(at most {MAX_CELL_CHARS}): not a report cell "
                "(two files pasted together, or a table without row breaks?)",
                row=row_number(row),
                field=COLUMNS[index],
            )


def _header_columns(file: str, row: SourceRow, grid: _GridRow, unit: str) -> dict[str, range]:
    """The grid columns of each template column; a label merged over several columns (its
    sub-columns labelled in a second header row) takes them all."""
    mapping = column_map(grid.texts)
    assert mapping is not None
    missing = missing_columns(mapping)
    if missing:
        raise ReadError(
            file,
            f"{unit} {row.line}: the header row has {len(row.cells)} columns, expected {len(COLUMNS)} "
            f"(no column for: {', '.join(missing)})",
        )
    widths = dict(zip(grid.starts, grid.widths, strict=True))
    return {column: range(at, at + widths.get(at, 1)) for column, at in mapping.items()}


def _section(grid: _GridRow, mapping: dict[str, range], physical: int) -> str | None:
    """The sector a row names, or None. A sector row has one non-empty cell, not a row number,
    standing where a sector stands: merged over several columns, the only cell of the row, or
    in the № or title column and capitalised (a lone text further right, or in lower case,
    continues the row above). A numbered section ("II." and the label, or a number beside a
    label merged over the row) is a sector too."""
    filled = [i for i, text in enumerate(grid.texts) if text]
    merged = {start for start, width in zip(grid.starts, grid.widths, strict=True) if width > 1}
    number_at = mapping["number"].start
    if len(filled) == 2 and filled[0] == number_at:
        label_at = filled[1]
        wide = any(s == label_at and w >= 3 for s, w in zip(grid.starts, grid.widths, strict=True))
        if _ROMAN.match(grid.texts[number_at]) or wide:
            return one_line(grid.texts[label_at])
        return None
    if len(filled) != 1:
        return None
    at, text = filled[0], grid.texts[filled[0]]
    if looks_like_row_number(one_line(text)):
        return None
    if physical == 1 or at in merged:
        return one_line(text)
    if at <= max(number_at, mapping["title"].start) and text[:1].isupper():
        return one_line(text)
    return None


def _is_sub_header(grid: _GridRow, mapping: dict[str, range]) -> bool:
    """A second header row labelling sub-columns ("количество", "состав"): an empty № cell,
    short labels, no digits."""
    filled = [t for t in grid.texts if t]
    if grid.texts[mapping["number"].start]:
        return False
    return len(filled) >= 2 and all(len(t) <= 60 and not any(ch.isdigit() for ch in t) for t in filled)


def _is_total(grid: _GridRow, mapping: dict[str, range]) -> bool:
    """ "Итого: 18 мероприятий" in the № or title cell: a count of the rows, not a row."""
    first = next(i for i, text in enumerate(grid.texts) if text)
    in_front = first <= max(mapping["number"].start, mapping["title"].start)
    return in_front and bool(_TOTAL.match(grid.texts[first]))


def captions(rows: Iterable[SourceRow]) -> list[str]:
    """Texts typed into a table above its header row (a title inside the table)."""
    found: list[str] = []
    for row in rows:
        if len(row.cells) > _MAX_GRID_COLUMNS:
            break
        grid = _grid(row)
        if is_header_row(grid.texts) or len(found) >= _MAX_ROWS_BEFORE_HEADER:
            break
        found.extend(text for text in grid.texts if text)
    return found


def _continues(cells: tuple[str, ...], previous: RawRow | None) -> bool:
    """Whether a row is the rest of the numbered row above: its № cell is empty and it holds
    no whole event of its own (a title and dates), which a split row never repeats; or its №
    is the same number merged down over the split (Word repeats a merged-down cell's text in
    every row it spans), and only the long cells go on."""
    if previous is None or not looks_like_row_number(previous.cells[0]):
        return False
    own = dict(zip(COLUMNS, cells, strict=True))
    if not own["number"]:
        return not (own["title"] and own["dates"])
    if own["number"] != previous.cells[0]:
        return False
    return all(own[c] in ("", previous.cell(c)) for c in ("title", "place", "dates"))


def _joined(previous: RawRow, cells: tuple[str, ...]) -> RawRow:
    merged = tuple(
        old if new == old else "\n".join(part for part in (old, new) if part)
        for old, new in zip(previous.cells, cells, strict=True)
    )
    return replace(previous, cells=merged)


def build_rows(file: str, rows: Iterable[SourceRow], *, unit: str = "line") -> tuple[RawRow, ...]:
    """Clean the cells and keep the data rows, each with the sector above it.

    ``unit`` names the row coordinate in error messages ("line" or "table row").
    """
    table = _TableReader(file, unit)
    for row in rows:
        table.read(row)
    return table.data_rows()


class _TableReader:
    """The row-by-row walk of ``build_rows``: captions until the header, then sector rows,
    repeated headers and notes (skipped) and data rows, a row split over a page joined back."""

    def __init__(self, file: str, unit: str) -> None:
        self.file = file
        self.unit = unit
        self.data: list[RawRow] = []
        self.sector: str | None = None
        self.mapping: dict[str, range] | None = None
        self.header_width = len(COLUMNS)
        self.rows_before_header = 0
        self.in_header_block = True  # Word repeats only the rows flagged at the top of the table
        self.after_header = False  # the row above was the header (a second header row may follow)

    def read(self, row: SourceRow) -> None:
        if len(row.cells) > _MAX_GRID_COLUMNS:
            # Checked before cleaning every cell: a broken row can hold thousands of them.
            if self.mapping is None:
                raise _not_a_report(self.file, row, self.unit)
            raise _wrong_width(self.file, row, self.unit, self.header_width)
        grid = _grid(row)
        if not any(grid.texts):
            return  # an empty row (a blank paragraph row in Word) carries nothing
        if self.mapping is None:
            self._before_header(row, grid)
        else:
            self._below_header(row, grid, self.mapping)

    def _take_header(self, row: SourceRow, grid: _GridRow) -> None:
        self.mapping = _header_columns(self.file, row, grid, self.unit)
        self.header_width = len(grid.texts)
        self.after_header = True

    def _before_header(self, row: SourceRow, grid: _GridRow) -> None:
        if is_header_row(grid.texts):
            self._take_header(row, grid)
            return
        self.rows_before_header += 1
        filled = [t for t in grid.texts if t]
        if self.rows_before_header > _MAX_ROWS_BEFORE_HEADER or len(filled) > 1:
            raise _not_a_report(self.file, row, self.unit)
        # else a caption typed into the table above its header

    def _below_header(self, row: SourceRow, grid: _GridRow, mapping: dict[str, range]) -> None:
        if (self.in_header_block and row.marked_header) or is_column_numbering(grid.texts):
            return  # the header repeated on a new page, or the column numbers under it
        if is_header_row(grid.texts):
            if not self.after_header:  # else the lower half of a two-row header (labels merged down repeat)
                self._take_header(row, grid)  # a continued table's own header
            return
        filled = [t for t in grid.texts if t]
        if (len(filled) == 1 and _NOT_A_ROW.match(filled[0])) or _is_total(grid, mapping):
            return
        section = _section(grid, mapping, len(row.cells))
        if section is None and self.after_header and _is_sub_header(grid, mapping):
            return
        self.after_header = False
        if section is not None:
            self.sector = _SECTION_NUMBER.sub("", section)
            self.in_header_block = False
            return
        self._add(row, self._cells(row, grid, mapping))

    def _cells(self, row: SourceRow, grid: _GridRow, mapping: dict[str, range]) -> tuple[str, ...]:
        """A data row's cells in ``COLUMNS`` order (a cell merged over sub-columns joined)."""
        texts, width = grid.texts, self.header_width
        if len(texts) > width and not any(texts[width:]):
            texts = texts[:width]  # a stray empty cell past the last column
        if len(texts) != width and not (row.spans and len(texts) < width):
            raise _wrong_width(self.file, row, self.unit, width)
        return tuple("\n".join(t for t in texts[mapping[c].start : mapping[c].stop] if t) for c in COLUMNS)

    def _add(self, row: SourceRow, cells: tuple[str, ...]) -> None:
        self.in_header_block = False
        previous = self.data[-1] if self.data else None
        if _continues(cells, previous):
            assert previous is not None
            self.data[-1] = _joined(previous, cells)
            _check_size(self.file, row, self.data[-1].cells, self.unit, len(self.data) - 1)
            return
        _check_size(self.file, row, cells, self.unit, len(self.data))
        self.data.append(RawRow(position=len(self.data) + 1, line=row.line, sector=self.sector, cells=cells))

    def data_rows(self) -> tuple[RawRow, ...]:
        if self.mapping is None:
            raise ReadError(self.file, "the table is empty: no header row and no data rows")
        if not self.data:
            raise ReadError(self.file, "the table has a header row but no data rows")
        return tuple(self.data)
