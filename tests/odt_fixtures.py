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
from odf.element import Element
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
    writer = _LayoutWriter(document.text, layout)
    for piece in plan(report, layout):
        writer.write(piece)
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(out))
    return out


class _LayoutWriter:
    """Writes the pieces of ``report_layouts.plan`` into the document's text, one method per
    kind of piece; rows go into the table the last ("table",) piece started."""

    def __init__(self, flow: Element, layout: Layout) -> None:
        self.flow = flow  # where new paragraphs and tables go: the text, or the section after a break
        self.layout = layout
        self.width = len(COLUMNS)
        self._current: Table | None = None
        self.tables = 0
        self.rows_in_table = 0
        self.participants_at = layout.column_order.index(COLUMNS.index("participants"))

    def write(self, piece: tuple) -> None:
        """One layout piece ("para", "table", "row"…), by the method of its kind's name."""
        getattr(self, f"_{piece[0]}")(*piece[1:])

    @property
    def table(self) -> Table:
        assert self._current is not None, "a row before the first table"
        return self._current

    def _new_table(self, name: str, columns: int) -> Table:
        made = Table(name=name)
        made.addElement(TableColumn(numbercolumnsrepeated=columns))
        self.flow.addElement(made)
        return made

    def _para(self, text: str) -> None:
        paragraph = P()
        teletype.addTextToElement(paragraph, text)
        self.flow.addElement(paragraph)

    def _approval(self) -> None:
        self._block(("", "УТВЕРЖДАЮ\nЗаместитель Губернатора\nСмоленской области"))

    def _signature(self) -> None:
        self._block(("Заместитель Губернатора Смоленской области", "И.И. Иванов"))

    def _block(self, texts: tuple[str, str]) -> None:
        """A two-cell table outside the report's table (a stamp, a signature)."""
        self.tables += 1
        self._new_table(f"Block{self.tables}", 2).addElement(_row([_cell(t) for t in texts]))

    def _break(self) -> None:
        if self.layout.section_break:  # else the cut leaves no mark in the ODT
            section = Section(name="Continued")
            self.flow.addElement(section)
            self.flow = section

    def _table(self) -> None:
        self.tables += 1
        self._current, self.rows_in_table = self._new_table(f"Report{self.tables}", self.width), 0

    def _header(self, texts: tuple[str, ...]) -> None:
        head = TableHeaderRows()
        head.addElement(_row([_cell(text) for text in texts]))
        self.table.addElement(head)

    def _numbers(self) -> None:
        self.table.addElement(_row([_cell(str(n)) for n in range(1, self.width + 1)]))

    def _sector(self, text: str, style: str) -> None:
        width = self.width
        if style in ("full", "partial"):
            span = width if style == "full" else 4
            cells = [_cell(text, span=span), *(CoveredTableCell() for _ in range(span - 1))]
            cells += [_cell() for _ in range(width - span)]
        else:
            cells = [_cell(value) for value in sector_cells(text, style, width)]
        self.table.addElement(_row(cells))

    def _row(self, texts: tuple[str, ...], nested: bool) -> None:
        if self.rows_in_table and self.rows_in_table % 5 == 0:
            self.table.addElement(SoftPageBreak())  # where LibreOffice last broke the page
        cells = [
            _nested_cell(text) if nested and index == self.participants_at and text else _cell(text)
            for index, text in enumerate(texts)
        ]
        self.table.addElement(_row(cells))
        self.rows_in_table += 1
