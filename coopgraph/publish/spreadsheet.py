"""The tables as one Excel workbook (``coopgraph.xlsx``, written with openpyxl): a sheet per
table, a bold frozen header, numbers and dates as typed cells, every text cell stored as text.

A text cell is written as a string cell explicitly, so a value that starts with ``=`` stays a
value and never becomes a formula (no defusing apostrophe is needed, unlike in CSV).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, date, datetime

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from coopgraph.publish.tables import TABLES, Table, table_rows
from coopgraph.store import GraphStore

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel's limit of a cell's text; a longer value is cut there, marked with an ellipsis.
MAX_CELL = 32767


def _cell_value(value: object, kind: str) -> object:
    if value is None:
        return None
    if kind == "date":
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            return str(value)  # a partial date (2020-05) stays text
    if kind in ("integer", "number") and isinstance(value, int | float):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))  # control characters are not allowed in xlsx
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _sheet(workbook: Workbook, store: GraphStore, table: Table) -> None:
    sheet = workbook.create_sheet(table.name)
    sheet.append([c.name for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row_number, row in enumerate(table_rows(store, table, defuse=False), start=2):
        for column_number, (column, value) in enumerate(zip(table.columns, row, strict=True), start=1):
            cell = sheet.cell(row=row_number, column=column_number)
            cell.value = _cell_value(value, column.type)
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a text cell, even when it starts with "="
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    for letter, column in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", table.columns, strict=False):
        sheet.column_dimensions[letter].width = 60 if column.format == "uri" else 24


# One fixed time inside the file (document properties, zip entries): the same data gives the
# same bytes, hence the same ETag and the same file from `export --folder` as from the server.
FIXED_TIME = datetime(2000, 1, 1, tzinfo=UTC).replace(tzinfo=None)
FIXED_STAMP = b"2000-01-01T00:00:00Z"
MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _repacked(data: bytes) -> bytes:
    """The zip `data` with every entry's time and the document's modified time set to
    FIXED_TIME (openpyxl stamps the clock into both on save)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = MODIFIED.sub(rb"\g<1>" + FIXED_STAMP + rb"\g<2>", content)
            target.writestr(entry, content)
    return out.getvalue()


def workbook_bytes(store: GraphStore) -> bytes:
    """Every table as a sheet of one .xlsx workbook."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.created = FIXED_TIME
    for table in TABLES.values():
        _sheet(workbook, store, table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _repacked(buffer.getvalue())
