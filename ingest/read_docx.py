"""Read a report from the original Word document (DOCX): the report table(s) hold the rows, the
heading is found among the paragraphs above (see ``report_document``).

The XML is read with lxml directly, not python-docx, so that the archive is checked before
anything is inflated (a 110 KB DOCX can hold millions of empty paragraphs: python-docx would
take gigabytes) and entities and network access stay off. Word's table features that matter:
cells merged across columns (w:gridSpan, or legacy w:hMerge) keep their grid span, so a sector
row merged over any columns, or rows that skip columns (w:gridBefore), still line up; a cell
holds several paragraphs and soft breaks (w:br) — both become "\\n"; the header row is flagged
to repeat on each page (w:tblHeader) or repeated by hand; cells merged down (w:vMerge) carry
the text of the cell above.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from coopgraph.ingest.errors import ReadError
from coopgraph.ingest.office_zip import local_name as _local
from coopgraph.ingest.office_zip import open_archive, parse_part, read_member
from coopgraph.ingest.records import RawReport
from coopgraph.ingest.report_document import Block, report_rows
from coopgraph.ingest.report_table import SourceRow

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCUMENT_PART = "word/document.xml"
MAX_DOCX_BYTES = 50 * 1024 * 1024
_MAX_SPAN = 64  # grid columns; a report table has six
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary .doc, and encrypted Office files

_WORD_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # "Strict Open XML"
)
# Containers whose content belongs to the document flow (content controls, custom XML).
_WRAPPERS = {"sdt", "sdtContent", "customXml", "smartTag"}
# Elements whose text is not the cell's own text: deleted or moved-away revisions, field
# codes, floating text boxes and drawings, and property elements.
_SKIPPED = {
    "del", "moveFrom", "delText", "instrText", "delInstrText", "drawing", "pict", "object",
    "AlternateContent", "txbxContent", "sdtPr", "sdtEndPr", "pPr", "rPr", "tcPr", "trPr", "tblPr",
    "tblGrid", "footnoteReference", "endnoteReference", "commentReference",
}  # fmt: skip


def _document_xml(file: str, data: bytes) -> bytes:
    if data.startswith(OLE_MAGIC):
        raise ReadError(
            file, "an old Word .doc or an encrypted document, not a DOCX: save it as .docx (Word) or .odt"
        )
    with open_archive(file, data, "DOCX") as archive:
        if DOCUMENT_PART not in archive.namelist():
            raise ReadError(file, f"a zip archive without {DOCUMENT_PART}: not a Word document")
        return read_member(file, archive, DOCUMENT_PART, "DOCX")


def _parse(file: str, xml: bytes) -> etree._Element:
    root = parse_part(file, xml, DOCUMENT_PART)
    namespace = root.tag.partition("}")[0].lstrip("{")
    if namespace not in _WORD_NAMESPACES or _local(root) != "document":
        raise ReadError(file, f"{DOCUMENT_PART} is not a WordprocessingML document")
    return root


def _content(element: etree._Element) -> Iterator[etree._Element]:
    """Children in document order, content controls and custom XML unwrapped."""
    for child in element:
        name = _local(child)
        if name in _WRAPPERS:
            yield from _content(child)
        elif name and name not in _SKIPPED:
            yield child


def _inline_text(element: etree._Element) -> str:
    parts: list[str] = []
    for child in _content(element):
        name = _local(child)
        if name == "t":
            parts.append(child.text or "")
        elif name in ("br", "cr"):
            parts.append("\n")
        elif name == "tab":
            parts.append("\t")
        elif name == "noBreakHyphen":
            parts.append("-")
        elif name == "softHyphen":
            parts.append("\u00ad")
        else:  # runs, hyperlinks, inserted revisions, simple fields...
            parts.append(_inline_text(child))
    return "".join(parts)


def _block_lines(element: etree._Element) -> list[str]:
    """The text of every paragraph under ``element`` (nested tables included), one per line."""
    lines: list[str] = []
    for child in _content(element):
        if _local(child) == "p":
            lines.append(_inline_text(child))
        else:
            lines.extend(_block_lines(child))
    return lines


def _attribute(element: etree._Element | None, name: str) -> str | None:
    if element is None:
        return None
    for key, value in element.attrib.items():
        if key.rpartition("}")[2] == name:
            return value
    return None


def _property(element: etree._Element, container: str, name: str) -> etree._Element | None:
    for props in element:
        if _local(props) == container:
            for child in props:
                if _local(child) == name:
                    return child
    return None


def _is_on(flag: etree._Element | None) -> bool:
    return flag is not None and _attribute(flag, "val") not in ("0", "false", "off")


def _count(element: etree._Element | None, default: int) -> int:
    """An integer attribute (gridSpan, gridBefore...); junk or out-of-range values count as
    ``default``: Word never writes them, and a wrong span costs at most one misplaced cell."""
    value = _attribute(element, "val")
    if value is None or not value.strip().isdigit() or int(value) > _MAX_SPAN:
        return default
    return int(value)


def _table_rows(table: etree._Element) -> list[SourceRow]:
    rows: list[SourceRow] = []
    above: dict[int, str] = {}  # grid column -> text of the cell there in the previous row
    for offset, tr in enumerate(child for child in _content(table) if _local(child) == "tr"):
        column = _count(_property(tr, "trPr", "gridBefore"), 0)
        texts: list[str] = [""] * column if column else []
        spans: list[int] = [column] if column else []  # cells skipped before the row starts
        here: dict[int, str] = {}
        for tc in (child for child in _content(tr) if _local(child) == "tc"):
            span = max(1, _count(_property(tc, "tcPr", "gridSpan"), 1))
            v_merge = _property(tc, "tcPr", "vMerge")
            h_merge = _property(tc, "tcPr", "hMerge")
            if h_merge is not None and _attribute(h_merge, "val") != "restart" and spans:
                spans[-1] += span  # legacy horizontal merge: part of the cell to its left
                column += span
                continue
            if v_merge is not None and _attribute(v_merge, "val") != "restart":
                text = above.get(column, "")  # merged down: the cell above spans this row
            else:
                text = "\n".join(_block_lines(tc))
            texts.append(text)
            spans.append(span)
            here[column] = text
            column += span
        above = here
        marked = _is_on(_property(tr, "trPr", "tblHeader"))
        rows.append(SourceRow(line=offset + 1, cells=tuple(texts), marked_header=marked, spans=tuple(spans)))
    return rows


def _blocks(body: etree._Element) -> Iterator[Block]:
    for block in _content(body):
        name = _local(block)
        if name == "p":
            yield Block(text=_inline_text(block))
        elif name == "tbl":
            yield Block(rows=tuple(_table_rows(block)))


def read_docx_report(path: Path, data: bytes) -> RawReport:
    """The heading and the report table(s) of a DOCX; refused when it is not a report."""
    file = str(path)
    if len(data) > MAX_DOCX_BYTES:
        raise ReadError(file, f"larger than {MAX_DOCX_BYTES // (1024 * 1024)} MB: not read")
    root = _parse(file, _document_xml(file, data))
    body = next((child for child in root if _local(child) == "body"), None)
    if body is None:
        raise ReadError(file, f"{DOCUMENT_PART} has no body")
    title, rows = report_rows(file, _blocks(body))
    return RawReport.of_file(path, data, media_type=DOCX_MEDIA_TYPE, encoding=None, title=title, rows=rows)
