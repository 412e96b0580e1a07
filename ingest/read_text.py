"""Read a report from the text dump of its Word table (UTF-8, UTF-16 or Windows-1251; CRLF, CR or LF).

The dump's layout: lines before the first cell are the title; each cell starts on a new line
with a tab and its further lines follow without one; a blank line ends a row; a one-cell row
is a section header. Word's dump also leaves blank lines *inside* rows (an empty last
paragraph in a cell: "г. Смоленск \\n\\n\\t25 января"), so a blank line ends a row only when the
row is complete or the cells after it clearly start a new row (see ``_blank_ends_row``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from coopgraph.ingest.errors import ReadError
from coopgraph.ingest.records import COLUMNS, RawReport
from coopgraph.ingest.report_heading import report_heading
from coopgraph.ingest.report_table import (
    SourceRow,
    build_rows,
    describe_row,
    looks_like_row_number,
    row_number,
)

MAX_TEXT_BYTES = 20 * 1024 * 1024
MAX_TABLE_ROWS = 20_000  # a half-year report has tens of rows; a bound keeps junk cheap
_MAX_CELLS = 2 * len(COLUMNS)
# Controls that never occur in a text dump (tab, line feed, carriage return, Word's vertical
# tab and form feed do). C1 controls mean bytes decoded as the wrong thing.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_MIN_CYRILLIC_SHARE = 0.5
_ENCODING_SAMPLE = 200_000
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_UTF8_CYRILLIC = re.compile(rb"[\xd0\xd1][\x80-\xbf]")


@dataclass(frozen=True)
class TextTable:
    title_lines: tuple[str, ...]
    rows: tuple[SourceRow, ...]  # raw (uncleaned) cell texts, header and section rows included


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _looks_like_utf8(data: bytes) -> bool:
    """Whether most non-ASCII bytes pair up as UTF-8 Cyrillic letters (Windows-1251 Russian
    text rarely has "Р" or "С" before a punctuation byte, UTF-8 Cyrillic always does)."""
    sample = data[:_ENCODING_SAMPLE]
    high = len(_HIGH_BYTE.findall(sample))
    return high > 0 and 2 * len(_UTF8_CYRILLIC.findall(sample)) > high // 2


def _decode_windows_1251(file: str, data: bytes, utf8_error: UnicodeDecodeError) -> str:
    if _looks_like_utf8(data):
        # Read as Windows-1251 this would be mojibake ("РћС‚С‡РµС‚"): a damaged UTF-8 file.
        bad = utf8_error.start
        line = data.count(b"\n", 0, bad) + 1
        raise ReadError(
            file,
            f"not UTF-8 or Windows-1251 text: UTF-8 with an invalid byte 0x{data[bad]:02X} "
            f"on line {line} (damaged or cut short?)",
        )
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError:
        raise ReadError(file, "not UTF-8 or Windows-1251 text") from None


def _decode_utf16(file: str, data: bytes) -> str:
    codec = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
    try:
        return data[2:].decode(codec)
    except UnicodeDecodeError as error:
        raise ReadError(
            file, f"UTF-16 text (by its byte-order mark) with invalid bytes at offset {error.start + 2}"
        ) from None


def decode_text(file: str, data: bytes) -> tuple[str, str]:
    """The text and the encoding used: UTF-16 with a byte-order mark, strict UTF-8 (BOM or
    not), else Windows-1251 Cyrillic."""
    if not data.strip():
        raise ReadError(file, "the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Notepad's "Unicode" and Word's "Unicode text" save UTF-16 with a byte-order mark.
        text, encoding = _decode_utf16(file, data), "utf-16"
    else:
        nul = data.find(b"\x00")
        if nul >= 0:
            raise ReadError(file, f"binary data, not a text report (NUL byte at offset {nul})")
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError as error:
            text, encoding = _decode_windows_1251(file, data, error), "windows-1251"
    control = _CONTROL.search(text)
    if control:
        raise ReadError(
            file,
            f"binary data, not a text report (control character U+{ord(control.group()):04X} "
            f"on line {_line_of(text, control.start())})",
        )
    if encoding == "windows-1251":
        sample = text[:_ENCODING_SAMPLE]  # enough to judge, and bounded time on a big file
        letters = sum(1 for c in sample if c.isalpha())
        cyrillic = sum(1 for c in sample if "\u0400" <= c <= "\u04ff")
        if not letters or cyrillic < _MIN_CYRILLIC_SHARE * letters:
            raise ReadError(
                file, "not UTF-8 or Windows-1251 text (decoded as Windows-1251 it is not Russian)"
            )
    if not text.strip():
        raise ReadError(file, "the file is empty")
    return text, encoding


def _is_blank(line: str) -> bool:
    # A line of spaces counts as blank; a line holding only a tab is an empty cell.
    return not line.startswith("\t") and not line.strip()


def _cells_in_block(lines: list[str], start: int) -> int:
    """How many cells start between ``start`` and the next blank line."""
    count = 0
    for line in lines[start:]:
        if _is_blank(line):
            break
        count += line.startswith("\t")
    return count


def _is_complete(cells: list[list[str]]) -> bool:
    """A finished row: six (or more) cells, or one cell that is a section header."""
    return len(cells) >= len(COLUMNS) or (len(cells) == 1 and not looks_like_row_number("\n".join(cells[0])))


def _blank_ends_row(cells: list[list[str]], lines: list[str], index: int) -> bool:
    """Whether the blank line(s) before the cell at ``lines[index]`` ended the row ``cells``.

    A complete row ends. An incomplete one ends only when the next cell is a row number or
    the cells up to the next blank line would overfill it; otherwise the blank line was an
    empty paragraph inside a cell and the row goes on.
    """
    if _is_complete(cells):
        return True
    if len(cells) == 1:
        return False  # "\t7.\n\n\t..." : the number cell had an empty paragraph
    if looks_like_row_number(lines[index][1:]):
        return True
    return len(cells) + _cells_in_block(lines, index) > len(COLUMNS)


def split_table(file: str, text: str) -> TextTable:
    """The title lines and the table rows of a decoded dump, cells not yet cleaned."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    dump = _DumpReader(file, lines)
    for index, line in enumerate(lines):
        dump.read_line(index, line)
    return dump.table()


class _DumpReader:
    """The line-by-line walk of ``split_table``: a line that starts with a tab starts a cell,
    other lines go on the cell above (or, before the first cell, into the title), and blank
    lines are counted, since whether they end the row is known only at the next cell."""

    def __init__(self, file: str, lines: list[str]) -> None:
        self.file = file
        self.lines = lines
        self.title: list[str] = []
        self.rows: list[SourceRow] = []
        self.cells: list[list[str]] | None = None  # the row being read
        self.start = 0  # its first line, counted from 1
        self.blanks = 0  # blank lines since the last content line

    def read_line(self, index: int, line: str) -> None:
        if line[:1] == "\t":
            self._cell(index, line)
        elif not line.strip():  # blank: a line of spaces counts too
            self.blanks += self.cells is not None
            return
        elif self.cells is not None:
            self._cell_line(self.cells, line)
        elif not self.rows:
            self.title.append(line)
        self.blanks = 0

    def _cell(self, index: int, line: str) -> None:
        """A line starting with a tab: a new cell, in a new row when the one before is over."""
        cells = self.cells
        if cells is not None and self.blanks and _blank_ends_row(cells, self.lines, index):
            self._finish_row()
            cells = None
        if cells is None:
            if len(self.rows) >= MAX_TABLE_ROWS:
                raise ReadError(self.file, f"more than {MAX_TABLE_ROWS} table rows: not one report")
            cells, self.start = [], index + 1
            self.cells = cells
        elif self.blanks:
            cells[-1].extend([""] * self.blanks)
        cells.append([line[1:]])
        if len(cells) > _MAX_CELLS:
            # Stop here rather than collect a runaway row (a dump without blank lines).
            row = SourceRow(line=self.start, cells=tuple("\n".join(c) for c in cells[:1]))
            raise ReadError(
                self.file,
                f"{describe_row(row)}: expected {len(COLUMNS)} cells, found more than {_MAX_CELLS}",
                row=row_number(row),
            )

    def _cell_line(self, cells: list[list[str]], line: str) -> None:
        """A line without a tab after a cell: more of that cell, or a text below the table."""
        if self.blanks and _is_complete(cells):
            # Text after a finished row and a blank line is below the table (a note or a
            # signature), not part of a cell.
            self._finish_row()
        else:
            cells[-1].extend([""] * self.blanks)
            cells[-1].append(line)

    def _finish_row(self) -> None:
        self.rows.append(SourceRow(line=self.start, cells=tuple("\n".join(c) for c in self.cells or ())))
        self.cells = None

    def table(self) -> TextTable:
        """The table read, once every line has been: the last row must be complete."""
        cells = self.cells
        if cells is not None:
            if not _is_complete(cells):
                row = SourceRow(line=self.start, cells=tuple("\n".join(c) for c in cells))
                raise ReadError(
                    self.file,
                    f"{describe_row(row)}: the last row has {len(cells)} of {len(COLUMNS)} cells: "
                    "the file looks truncated",
                    row=row_number(row),
                )
            self._finish_row()
        if not self.rows:
            raise ReadError(
                self.file, "no table: no line starts with a tab (each cell of the dump starts with one)"
            )
        return TextTable(title_lines=tuple(self.title), rows=tuple(self.rows))


def read_text_report(path: Path, data: bytes) -> RawReport:
    """A text dump's title and data rows; the encoding is detected and reported."""
    file = str(path)
    if len(data) > MAX_TEXT_BYTES:
        raise ReadError(file, f"larger than {MAX_TEXT_BYTES // (1024 * 1024)} MB: not read")
    text, encoding = decode_text(file, data)
    table = split_table(file, text)
    return RawReport.of_file(
        path,
        data,
        media_type=f"text/plain; charset={encoding}",
        encoding=encoding,
        title=report_heading(table.title_lines),
        rows=build_rows(file, table.rows),
    )
