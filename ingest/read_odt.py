"""Read a report from an OpenDocument text (ODT), as LibreOffice, МойОфис and Р7-Офис save it.

The same rules as the DOCX reader: ``content.xml`` is read with lxml under the archive and XML
limits of ``office_zip`` (checked from the zip directory first; no entities, DTD or network),
and the tables and paragraphs of the body go to ``report_document``, which finds the report
table(s) and the heading. OpenDocument's table features: a cell merged across columns has
``table:number-columns-spanned`` and is followed by ``table:covered-table-cell``s; a covered
cell that is not part of such a span is merged down from the row above and carries that text;
``number-columns-repeated`` / ``number-rows-repeated`` compress identical cells and rows; rows
in ``table:table-header-rows`` repeat on each page. Text: ``text:s`` (spaces), ``text:tab``,
``text:line-break`` (a soft break, "\\n"), paragraphs "\\n"; runs of white space in the XML
collapse to one space, as the format says; notes, annotations, drawings and tracked deletions
are not the cell's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from coopgraph.ingest.errors import ReadError
from coopgraph.ingest.office_zip import local_name, open_archive, parse_part, read_member
from coopgraph.ingest.records import RawReport
from coopgraph.ingest.report_document import Block, report_rows
from coopgraph.ingest.report_table import SourceRow

ODT_MEDIA_TYPE = "application/vnd.oasis.opendocument.text"
CONTENT_PART = "content.xml"
MAX_ODT_BYTES = 50 * 1024 * 1024
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_MAX_SPAN = 64  # grid columns; a report table has six
_MAX_ROW_REPEAT = 100  # identical rows written once; far more than a report repeats
_MAX_SPACES = 1000
_WHITE = re.compile(r"[ \t\r\n]+")
# Elements whose text is not the flow's own: notes, comments, drawings and text boxes,
# tracked changes (deleted text lives there), change marks and index bodies' templates.
_SKIPPED = {
    "note", "annotation", "annotation-end", "frame", "custom-shape", "g", "rect", "line",
    "tracked-changes", "change", "change-start", "change-end", "sequence-decls",
    "table-columns", "table-column", "table-column-group", "forms", "index-title-template",
}  # fmt: skip
# Containers whose children belong to the flow around them.
_WRAPPERS = {
    "section",
    "list",
    "list-item",
    "list-header",
    "index-body",
    "table-of-content",
    "alphabetical-index",
}


def _attr(element: etree._Element, namespace: str, name: str) -> str | None:
    return element.get(f"{{{namespace}}}{name}")


def _count(element: etree._Element, name: str, limit: int) -> int:
    """A repeat or span count; junk or out-of-range values count as one."""
    value = (_attr(element, _TABLE, name) or "1").strip()
    return int(value) if value.isdigit() and 1 <= int(value) <= limit else 1


def _inline(element: etree._Element) -> str:
    parts = [_WHITE.sub(" ", element.text or "")]
    for child in element:
        name = local_name(child)
        if name == "s":
            count = (_attr(child, _TEXT, "c") or "1").strip()
            parts.append(" " * (min(int(count), _MAX_SPACES) if count.isdigit() else 1))
        elif name == "tab":
            parts.append("\t")
        elif name == "line-break":
            parts.append("\n")
        elif name and name not in _SKIPPED:
            parts.append(_inline(child))  # spans, links, fields, bookmarks, soft page breaks
        parts.append(_WHITE.sub(" ", child.tail or ""))
    return "".join(parts)


def _block_lines(element: etree._Element) -> list[str]:
    """Every paragraph under ``element`` (lists, sections, nested tables), one per line."""
    lines: list[str] = []
    for child in element:
        name = local_name(child)
        if name in ("p", "h"):
            lines.append(_inline(child))
        elif name and name not in _SKIPPED:
            lines.extend(_block_lines(child))
    return lines


def _row_elements(table: etree._Element, *, header: bool = False) -> Iterator[tuple[etree._Element, bool]]:
    for child in table:
        name = local_name(child)
        if name == "table-row":
            yield child, header
        elif name in ("table-header-rows", "table-rows", "table-row-group"):
            yield from _row_elements(child, header=header or name == "table-header-rows")


def _table_rows(table: etree._Element) -> list[SourceRow]:
    rows: list[SourceRow] = []
    above: dict[int, str] = {}  # grid column -> text of the cell there in the row above
    for tr, marked in _row_elements(table):
        texts: list[str] = []
        spans: list[int] = []
        here: dict[int, str] = {}
        column = 0
        covered_by_span = 0  # covered cells still owed to the last cell's column span
        for cell in tr:
            name = local_name(cell)
            if name not in ("table-cell", "covered-table-cell"):
                continue
            for _ in range(_count(cell, "number-columns-repeated", _MAX_SPAN)):
                if column >= _MAX_SPAN:
                    break
                if name == "covered-table-cell" and covered_by_span:
                    covered_by_span -= 1
                    here[column] = ""
                    column += 1
                    continue
                if name == "covered-table-cell":
                    text, span = above.get(column, ""), 1  # merged down from the row above
                else:
                    text = "\n".join(_block_lines(cell))
                    span = _count(cell, "number-columns-spanned", _MAX_SPAN)
                    covered_by_span = span - 1
                texts.append(text)
                spans.append(span)
                here[column] = text
                column += 1
        above = here
        row = SourceRow(line=len(rows) + 1, cells=tuple(texts), marked_header=marked, spans=tuple(spans))
        repeat = _count(tr, "number-rows-repeated", 10**9)
        rows.extend([row] * (min(repeat, _MAX_ROW_REPEAT) if any(t.strip() for t in texts) else 1))
    return rows


def _blocks(flow: etree._Element) -> Iterator[Block]:
    for child in flow:
        name = local_name(child)
        if name in ("p", "h"):
            yield Block(text=_inline(child))
        elif name == "table":
            yield Block(rows=tuple(_table_rows(child)))
        elif name in _WRAPPERS:
            yield from _blocks(child)


def _content_xml(file: str, data: bytes) -> bytes:
    with open_archive(file, data, "ODT") as archive:
        names = set(archive.namelist())
        if "mimetype" in names:
            mimetype = read_member(file, archive, "mimetype", "ODT")[:100].decode("ascii", "replace").strip()
            if mimetype.startswith("application/vnd.oasis.opendocument.") and not mimetype.startswith(
                ODT_MEDIA_TYPE
            ):
                kind = mimetype.rpartition(".")[2]
                raise ReadError(
                    file, f"an OpenDocument {kind}, not a text document: save the report as .odt or .docx"
                )
        if CONTENT_PART not in names:
            raise ReadError(file, f"a zip archive without {CONTENT_PART}: not an OpenDocument text")
        return read_member(file, archive, CONTENT_PART, "ODT")


def read_odt_report(path: Path, data: bytes) -> RawReport:
    """The heading and the report table(s) of an ODT; refused when it is not a report."""
    file = str(path)
    if len(data) > MAX_ODT_BYTES:
        raise ReadError(file, f"larger than {MAX_ODT_BYTES // (1024 * 1024)} MB: not read")
    root = parse_part(file, _content_xml(file, data), CONTENT_PART)
    if root.tag != f"{{{_OFFICE}}}document-content":
        raise ReadError(file, f"{CONTENT_PART} is not an OpenDocument content part")
    body = next((child for child in root if local_name(child) == "body"), None)
    flow = None if body is None else next((c for c in body if local_name(c) == "text"), None)
    if flow is None:
        raise ReadError(file, f"{CONTENT_PART} holds no text document body")
    title, rows = report_rows(file, _blocks(flow))
    return RawReport.of_file(path, data, media_type=ODT_MEDIA_TYPE, encoding=None, title=title, rows=rows)
