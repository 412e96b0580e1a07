"""Entry point of the readers: find report files, and read one whatever its format.

The format comes from the bytes, not the name: a zip archive goes to the DOCX reader, or to
the ODT reader when it holds an OpenDocument (or is named .odt); an old binary .doc, an RTF
or a PDF is refused with what to save it as; anything named .docx or .odt that is no zip
goes to that reader, which says so; everything else is read as a text dump of the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from coopgraph.ingest.errors import ReadError
from coopgraph.ingest.read_docx import MAX_DOCX_BYTES, OLE_MAGIC, read_docx_report
from coopgraph.ingest.read_odt import MAX_ODT_BYTES, read_odt_report
from coopgraph.ingest.read_text import MAX_TEXT_BYTES, read_text_report
from coopgraph.ingest.records import RawReport

REPORT_SUFFIXES = (".txt", ".docx", ".odt")
_ZIP_MAGIC = b"PK\x03\x04"
_ODF_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument"  # stored first, uncompressed
_MB = 1024 * 1024
_SAVE_AS = "open it in Word, LibreOffice, МойОфис or Р7-Офис and save it as .docx or .odt"
# Formats that hold no table the readers can take, by their first bytes.
_REFUSED: tuple[tuple[bytes, str], ...] = (
    (b"{\\rtf", f"an RTF document, not a report the reader takes: {_SAVE_AS}"),
    (
        b"%PDF-",
        "a PDF, from which a table cannot be read reliably: save the original document as .docx or .odt",
    ),
)
_HEAD_BYTES = 128


def _format(path: Path, head: bytes) -> str:
    """ "docx", "odt" or "text", from the first bytes (the name only for what is no zip)."""
    suffix = path.suffix.lower()
    if head.startswith(_ZIP_MAGIC):
        return "odt" if _ODF_MIMETYPE in head[30:_HEAD_BYTES] or suffix == ".odt" else "docx"
    if head.startswith(OLE_MAGIC) or suffix == ".docx":
        return "docx"  # the DOCX reader names the old .doc, or says "not a zip archive"
    if suffix == ".odt":
        return "odt"
    return "text"


def read_report(path: str | Path) -> RawReport:
    """Read one report file (text dump, DOCX or ODT) into its heading and cleaned data rows."""
    path_obj = Path(path)
    file = str(path)
    try:
        with path_obj.open("rb") as stream:
            head = stream.read(_HEAD_BYTES)
            for magic, message in _REFUSED:
                if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(magic):
                    raise ReadError(file, message)
            kind = _format(path_obj, head)
            limit = {"docx": MAX_DOCX_BYTES, "odt": MAX_ODT_BYTES}.get(kind, MAX_TEXT_BYTES)
            # Read at most one byte past the limit, so a huge file is refused without loading it.
            data = head + stream.read(limit + 1 - len(head))
    except FileNotFoundError:
        raise ReadError(file, "no such file") from None
    except IsADirectoryError:
        raise ReadError(file, "a folder, not a report file") from None
    except OSError as error:
        raise ReadError(file, f"cannot be read: {error.strerror or error}") from None
    if len(data) > limit:
        raise ReadError(file, f"larger than {limit // _MB} MB: not read")
    if kind == "docx":
        return read_docx_report(Path(path), data)
    if kind == "odt":
        return read_odt_report(Path(path), data)
    return read_text_report(Path(path), data)


def _is_report_file(path: Path) -> bool:
    # Skip hidden files and Word's lock files ("~$report.docx") left beside open documents.
    return path.is_file() and path.suffix.lower() in REPORT_SUFFIXES and not path.name.startswith((".", "~$"))


def collect_report_paths(paths: Sequence[str | Path]) -> list[Path]:
    """The report files to read: files as given, folders expanded to their .txt/.docx/.odt files.

    Each folder's files are sorted by name; a path given twice is read once. A missing path,
    a folder without reports or nothing found at all is a ``ReadError``.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted((p for p in path.iterdir() if _is_report_file(p)), key=lambda p: p.name)
            if not files:
                raise ReadError(str(given), "the folder holds no report (.txt, .docx or .odt files)")
        elif path.exists():
            files = [path]
        else:
            raise ReadError(str(given), "no such file or folder")
        for file in files:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                found.append(file)
    if not found:
        raise ReadError(", ".join(str(p) for p in paths) or "(no paths)", "no report file given")
    return found
