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
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import _Cell

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
