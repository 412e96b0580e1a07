"""Build DOCX test fixtures with python-docx, shaped like the Word original of a report.

``build_docx`` writes the title paragraphs, then a 6-column table: the header row flagged to
repeat on each page (w:tblHeader) and also repeated literally every N data rows (as a dump of
a paginated table shows it), section rows as one cell merged across the table, multi-line
cells as several paragraphs and soft line breaks (w:br), a "[bookmark: name]" line of the dump
as a real w:bookmarkStart/w:bookmarkEnd, and non-breaking spaces kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from report_layouts import Layout, plan, sector_cells

from coopgraph.ingest.read_text import decode_text, split_table
from coopgraph.ingest.records import COLUMN_LABELS_RU, COLUMNS, RawReport

_BOOKMARK_LINE = re.compile(r"^\[bookmark: ([^\]]+)\]$")


@dataclass(frozen=True)
class _Table:
    title_lines: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # header row first; one-cell rows are sections


def _from_dump(path: Path) -> _Table:
    text, _ = decode_text(str(path), path.read_bytes())
    table = split_table(str(path), text)
    return _Table(table.title_lines, tuple(row.cells for row in table.rows))


def _from_report(report: RawReport) -> _Table:
    rows: list[tuple[str, ...]] = [tuple(COLUMN_LABELS_RU[c] for c in COLUMNS)]
    sector: str | None = None
    for row in report.rows:
        if row.sector is not None and row.sector != sector:
            rows.append((row.sector,))
            sector = row.sector
        rows.append(row.cells)
    return _Table((report.title,), tuple(rows))


def _add_bookmark(paragraph, name: str, bookmark_id: int) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    paragraph._p.append(start)
    paragraph._p.append(end)


def _fill(cell: _Cell, text: str, *, soft_breaks: bool) -> None:
    """Write a cell's lines: alternately soft breaks in one paragraph and new paragraphs."""
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(text.split("\n")):
        bookmark = _BOOKMARK_LINE.match(line.strip())
        if bookmark:
            # Word keeps _GoBack in an empty paragraph of its own; the dump prints it as text.
            _add_bookmark(cell.add_paragraph(), bookmark.group(1), bookmark_id=index)
            continue
        if index == 0:
            paragraph.add_run(line)
        elif soft_breaks and index % 2 == 1:
            run = paragraph.add_run()
            run.add_break()
            run.add_text(line)
        else:
            paragraph = cell.add_paragraph()
            paragraph.add_run(line)


def _mark_repeating_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def build_docx(
    report: RawReport | Path | str,
    out: Path,
    *,
    repeat_header_every: int = 8,
    soft_breaks: bool = True,
) -> Path:
    """Write ``report`` (a RawReport, or the path of a text dump: raw cells, debris kept) as a DOCX.

    ``repeat_header_every``: a literal copy of the header row after every N data rows (0: none).
    """
    table_data = _from_report(report) if isinstance(report, RawReport) else _from_dump(Path(report))
    document = Document()
    for line in table_data.title_lines:
        if line.strip():
            document.add_paragraph(line)
    header, *body = table_data.rows
    table = document.add_table(rows=0, cols=len(COLUMNS))
    table.style = "Table Grid"

    def add_header(*, marked: bool) -> None:
        row = table.add_row()
        if marked:
            _mark_repeating_header(row)
        for cell, text in zip(row.cells, header, strict=True):
            _fill(cell, text, soft_breaks=soft_breaks)

    add_header(marked=True)
    data_rows = 0
    for cells in body:
        if len(cells) == 1:
            row = table.add_row()
            merged = row.cells[0].merge(row.cells[len(COLUMNS) - 1])
            _fill(merged, cells[0], soft_breaks=soft_breaks)
            continue
        if repeat_header_every and data_rows and data_rows % repeat_header_every == 0:
            add_header(marked=False)
        row = table.add_row()
        for cell, text in zip(row.cells, cells, strict=True):
            _fill(cell, text, soft_breaks=soft_breaks)
        data_rows += 1
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(out))
    return out


# --------------------------------------------------------------------------- layouts people send


def _write(cell: _Cell, text: str) -> None:
    """A cell's text: lines alternately soft breaks and paragraphs, as ``_fill`` does."""
    _fill(cell, text, soft_breaks=True)


def _nested(cell: _Cell, text: str) -> None:
    """The cell's lines as a one-column table inside the cell (Word keeps a paragraph after it)."""
    lines = text.split("\n")
    inner = cell.add_table(rows=len(lines), cols=1)
    for row, line in zip(inner.rows, lines, strict=True):
        row.cells[0].text = line
    first = cell.paragraphs[0]
    first._p.getparent().remove(first._p)  # the cell's empty opening paragraph


def build_docx_layout(report: RawReport, out: Path, layout: Layout) -> Path:
    """Write ``report``'s rows as a DOCX laid out as ``layout`` says (see ``report_layouts``)."""
    writer = _LayoutWriter(Document(), layout)
    for piece in plan(report, layout):
        writer.write(piece)
    out.parent.mkdir(parents=True, exist_ok=True)
    writer.document.save(str(out))
    return out


class _LayoutWriter:
    """Writes the pieces of ``report_layouts.plan`` into a document, one method per kind of
    piece; rows go into the table the last ("table",) piece started."""

    def __init__(self, document: DocumentObject, layout: Layout) -> None:
        self.document = document
        self.layout = layout
        self.width = len(COLUMNS)
        self._current: Table | None = None
        self.participants_at = layout.column_order.index(COLUMNS.index("participants"))

    def write(self, piece: tuple) -> None:
        """One layout piece ("para", "table", "row"…), by the method of its kind's name."""
        getattr(self, f"_{piece[0]}")(*piece[1:])

    def _para(self, text: str) -> None:
        paragraph = self.document.add_paragraph()
        for index, line in enumerate(text.split("\n")):
            run = paragraph.add_run(line)
            if index < text.count("\n"):
                run.add_break()

    def _approval(self) -> None:
        stamp = self.document.add_table(rows=1, cols=2)
        _write(stamp.rows[0].cells[1], "УТВЕРЖДАЮ\nЗаместитель Губернатора\nСмоленской области")

    def _signature(self) -> None:
        sign = self.document.add_table(rows=1, cols=2)
        _write(sign.rows[0].cells[0], "Заместитель Губернатора Смоленской области")
        _write(sign.rows[0].cells[1], "И.И. Иванов")

    def _break(self) -> None:
        if self.layout.section_break:
            self.document.add_section(WD_SECTION.NEW_PAGE)
        else:
            self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    @property
    def table(self) -> Table:
        assert self._current is not None, "a row before the first table"
        return self._current

    def _table(self) -> None:
        self._current = self.document.add_table(rows=0, cols=self.width)
        self._current.style = "Table Grid"

    def _header(self, texts: tuple[str, ...]) -> None:
        row = self.table.add_row()
        _mark_repeating_header(row)
        for cell, text in zip(row.cells, texts, strict=True):
            _write(cell, text)

    def _numbers(self) -> None:
        for cell, number in zip(self.table.add_row().cells, range(1, self.width + 1), strict=True):
            cell.text = str(number)

    def _sector(self, text: str, style: str) -> None:
        row = self.table.add_row()
        if style in ("full", "partial"):
            last = self.width - 1 if style == "full" else 3
            _write(row.cells[0].merge(row.cells[last]), text)
            return
        for cell, value in zip(row.cells, sector_cells(text, style, self.width), strict=True):
            if value:
                _write(cell, value)

    def _row(self, cells: tuple[str, ...], nested: bool) -> None:
        for index, (cell, text) in enumerate(zip(self.table.add_row().cells, cells, strict=True)):
            if nested and index == self.participants_at and text:
                _nested(cell, text)
            elif text:
                _write(cell, text)
