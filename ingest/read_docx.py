"""Read a report from the original Word document (DOCX): the paragraphs above the table are
the title, the table holds the rows.

The XML is read with lxml directly, not python-docx, so that the archive is checked before
anything is inflated (a 110 KB DOCX can hold millions of empty paragraphs: python-docx would
take gigabytes) and entities and network access stay off. Word's table features that matter:
section rows are one cell merged across the table (w:gridSpan, or legacy w:hMerge); a cell
holds several paragraphs and soft breaks (w:br) — both become "\\n"; the header row is flagged
to repeat on each page (w:tblHeader) or repeated by hand; cells merged down (w:vMerge) carry
the text of the cell above.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from coopgraph.ingest.cleaning import one_line
from coopgraph.ingest.errors import ReadError
from coopgraph.ingest.records import RawReport
from coopgraph.ingest.report_table import SourceRow, build_rows, is_header_row

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCUMENT_PART = "word/document.xml"
MAX_DOCX_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
_RATIO_CHECK_FROM = 1024 * 1024  # small members compress well and are harmless
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


def _local(element: etree._Element) -> str:
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _check_archive(file: str, archive: zipfile.ZipFile) -> None:
    """Refuse archives that would cost too much to inflate, from the zip directory alone."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ReadError(file, f"the DOCX archive has {len(members)} members (at most {MAX_MEMBERS})")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ReadError(
            file,
            f"the DOCX archive inflates to {total} bytes "
            f"(at most {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB)",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= _RATIO_CHECK_FROM and ratio > MAX_COMPRESSION_RATIO:
            raise ReadError(
                file,
                f"the DOCX member {member.filename} is compressed {ratio:.0f}:1 "
                f"(at most {MAX_COMPRESSION_RATIO}:1): refused as a possible zip bomb",
            )


def _document_xml(file: str, data: bytes) -> bytes:
    if data.startswith(OLE_MAGIC):
        raise ReadError(file, "an old Word .doc or an encrypted document, not a DOCX: save it as .docx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise ReadError(file, "not a DOCX file: not a zip archive") from None
    with archive:
        _check_archive(file, archive)
        try:
            member = archive.getinfo(DOCUMENT_PART)
        except KeyError:
            raise ReadError(file, f"a zip archive without {DOCUMENT_PART}: not a Word document") from None
        try:
            return archive.read(member)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error, EOFError) as error:
            raise ReadError(file, f"the DOCX archive is damaged: {error}") from None


def _parse(file: str, xml: bytes) -> etree._Element:
    # No entities, no DTD, no network: a document.xml from Word never needs them (XXE).
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        raise ReadError(file, f"{DOCUMENT_PART} is not well-formed XML: {error}") from None
    if root.getroottree().docinfo.doctype:
        raise ReadError(file, f"{DOCUMENT_PART} declares a DOCTYPE, which Word never writes: refused")
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


def _table_rows(table: etree._Element, first_line: int) -> list[SourceRow]:
    rows: list[SourceRow] = []
    above: dict[int, str] = {}  # grid column -> text of the cell there in the previous row
    for offset, tr in enumerate(child for child in _content(table) if _local(child) == "tr"):
        column = int(_attribute(_property(tr, "trPr", "gridBefore"), "val") or 0)
        texts: list[str] = []
        here: dict[int, str] = {}
        for tc in (child for child in _content(tr) if _local(child) == "tc"):
            span = int(_attribute(_property(tc, "tcPr", "gridSpan"), "val") or 1)
            v_merge = _property(tc, "tcPr", "vMerge")
            h_merge = _property(tc, "tcPr", "hMerge")
            if h_merge is not None and _attribute(h_merge, "val") != "restart":
                column += span  # legacy horizontal merge: part of the cell to its left
                continue
            if v_merge is not None and _attribute(v_merge, "val") != "restart":
                text = above.get(column, "")  # merged down: the cell above spans this row
            else:
                text = "\n".join(_block_lines(tc))
            texts.append(text)
            here[column] = text
            column += span
        above = here
        marked = _is_on(_property(tr, "trPr", "tblHeader"))
        rows.append(SourceRow(line=first_line + offset, cells=tuple(texts), marked_header=marked))
    return rows


def _opens_with_header(rows: list[SourceRow]) -> bool:
    for row in rows:
        if any(cell.strip() for cell in row.cells):
            return is_header_row(row.cells)
    return False


def read_docx_report(path: Path, data: bytes) -> RawReport:
    """The title paragraphs and the report table of a DOCX; refused when it is not a report."""
    file = str(path)
    if len(data) > MAX_DOCX_BYTES:
        raise ReadError(file, f"larger than {MAX_DOCX_BYTES // (1024 * 1024)} MB: not read")
    root = _parse(file, _document_xml(file, data))
    body = next((child for child in root if _local(child) == "body"), None)
    if body is None:
        raise ReadError(file, f"{DOCUMENT_PART} has no body")
    title: list[str] = []  # paragraphs above the report table
    rows: list[SourceRow] = []
    other_tables: list[list[SourceRow]] = []
    for block in _content(body):
        name = _local(block)
        if name == "p" and not rows:
            title.append(_inline_text(block))
        elif name == "tbl":
            table_rows = _table_rows(block, first_line=len(rows) + 1)
            # A report table may be split into several tables, each opening with the header:
            # they are one table. Others (an approval block above, signatures below) are not.
            if _opens_with_header(table_rows):
                rows.extend(table_rows)
            else:
                other_tables.append(table_rows)
    if not rows and not other_tables:
        raise ReadError(file, "the document has no table: not a cooperation report")
    if not rows:
        # No table is a report: say what is wrong with the likeliest one, the longest.
        rows = max(other_tables, key=len)
    return RawReport(
        path=file,
        file_name=Path(path).name,
        media_type=DOCX_MEDIA_TYPE,
        encoding=None,
        sha256=hashlib.sha256(data).hexdigest(),
        title=one_line("\n".join(title)),
        rows=build_rows(file, rows, unit="table row"),
    )
