"""Build ODT test fixtures with odfpy, shaped as LibreOffice, МойОфис or Р7-Офис save a report.

``build_odt`` lays out a report's rows as a ``report_layouts.Layout`` says, with
OpenDocument's own means: the header in ``table:table-header-rows``, merged cells as
``number-columns-spanned`` followed by ``table:covered-table-cell``s, soft line breaks as
``text:line-break``, runs of spaces as ``text:s`` (odfpy's ``teletype``), soft page breaks
between rows, the continued table inside a ``text:section``, nested tables in a cell.
"""

from __future__ import annotations

from pathlib import Path

from odf import teletype
from odf.opendocument import OpenDocumentText
from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import P, Section, SoftPageBreak
from report_layouts import Layout, plan, sector_cells

from coopgraph.ingest.records import COLUMNS, RawReport


def _fill(cell: TableCell, text: str) -> None:
    """A cell's lines: pairs of lines in one paragraph with a line break, pairs as paragraphs."""
    lines = text.split("\n")
    for start in range(0, len(lines), 2):
        paragraph = P()
        teletype.addTextToElement(paragraph, "\n".join(lines[start : start + 2]))
        cell.addElement(paragraph)


def _cell(text: str = "", *, span: int = 1) -> TableCell:
    cell = TableCell(numbercolumnsspanned=span) if span > 1 else TableCell()
    _fill(cell, text) if text else cell.addElement(P())
    return cell


def _nested_cell(text: str) -> TableCell:
    cell = TableCell()
    inner = Table(name=f"N{abs(hash(text)) % 10**8}")
    inner.addElement(TableColumn())
    for line in text.split("\n"):
        row = TableRow()
        row.addElement(_cell(line))
        inner.addElement(row)
    cell.addElement(inner)
    return cell


def _row(cells: list[TableCell]) -> TableRow:
    row = TableRow()
    for cell in cells:
        row.addElement(cell)
    return row


def build_odt(report: RawReport, out: Path, layout: Layout) -> Path:
    """Write ``report``'s rows as an ODT laid out as ``layout`` says."""
    document = OpenDocumentText()
    width = len(COLUMNS)
    flow = document.text
    table: Table | None = None
    tables = 0
    rows_in_table = 0
    participants_at = layout.column_order.index(COLUMNS.index("participants"))

    def new_table(name: str, columns: int) -> Table:
        made = Table(name=name)
        made.addElement(TableColumn(numbercolumnsrepeated=columns))
        flow.addElement(made)
        return made

    for piece in plan(report, layout):
        kind = piece[0]
        if kind == "para":
            paragraph = P()
            teletype.addTextToElement(paragraph, piece[1])
            flow.addElement(paragraph)
        elif kind in ("approval", "signature"):
            texts = (
                ("", "УТВЕРЖДАЮ\nЗаместитель Губернатора\nСмоленской области")
                if kind == "approval"
                else ("Заместитель Губернатора Смоленской области", "И.И. Иванов")
            )
            tables += 1
            new_table(f"Block{tables}", 2).addElement(_row([_cell(t) for t in texts]))
        elif kind == "break" and layout.section_break:
            section = Section(name="Continued")
            flow.addElement(section)
            flow = section
        elif kind == "table":
            tables += 1
            table, rows_in_table = new_table(f"Report{tables}", width), 0
        elif kind == "header":
            head = TableHeaderRows()
            head.addElement(_row([_cell(text) for text in piece[1]]))
            table.addElement(head)
        elif kind == "numbers":
            table.addElement(_row([_cell(str(n)) for n in range(1, width + 1)]))
        elif kind == "sector":
            _, text, style = piece
            if style in ("full", "partial"):
                span = width if style == "full" else 4
                cells = [_cell(text, span=span), *(CoveredTableCell() for _ in range(span - 1))]
                cells += [_cell() for _ in range(width - span)]
            else:
                cells = [_cell(value) for value in sector_cells(text, style, width)]
            table.addElement(_row(cells))
        elif kind == "row":
            _, texts, nested = piece
            if rows_in_table and rows_in_table % 5 == 0:
                table.addElement(SoftPageBreak())  # where LibreOffice last broke the page
            cells = [
                _nested_cell(text) if nested and index == participants_at and text else _cell(text)
                for index, text in enumerate(texts)
            ]
            table.addElement(_row(cells))
            rows_in_table += 1
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(out))
    return out
