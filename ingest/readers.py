"""Entry point of the readers: find report files, and read one whatever its format.

The format comes from the bytes, not the name: a zip archive (or anything named .docx, or an
old binary .doc) goes to the DOCX reader, which says what is wrong when it is not a Word
report; everything else is read as a text dump of the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from coopgraph.ingest.errors import ReadError
from coopgraph.ingest.read_docx import MAX_DOCX_BYTES, OLE_MAGIC, read_docx_report
from coopgraph.ingest.read_text import MAX_TEXT_BYTES, read_text_report
from coopgraph.ingest.records import RawReport

REPORT_SUFFIXES = (".txt", ".docx")
_ZIP_MAGIC = b"PK\x03\x04"
_MB = 1024 * 1024


def _looks_like_docx(path: Path, head: bytes) -> bool:
    return head.startswith((_ZIP_MAGIC, OLE_MAGIC)) or path.suffix.lower() == ".docx"


def read_report(path: str | Path) -> RawReport:
    """Read one report file (text dump or DOCX) into its title and cleaned data rows."""
    path_obj = Path(path)
    file = str(path)
    try:
        with path_obj.open("rb") as stream:
            head = stream.read(8)
            is_docx = _looks_like_docx(path_obj, head)
            limit = MAX_DOCX_BYTES if is_docx else MAX_TEXT_BYTES
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
    if is_docx:
        return read_docx_report(Path(path), data)
    return read_text_report(Path(path), data)


def _is_report_file(path: Path) -> bool:
    # Skip hidden files and Word's lock files ("~$report.docx") left beside open documents.
    return path.is_file() and path.suffix.lower() in REPORT_SUFFIXES and not path.name.startswith((".", "~$"))


def collect_report_paths(paths: Sequence[str | Path]) -> list[Path]:
    """The report files to read: files as given, folders expanded to their .txt/.docx files.

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
                raise ReadError(str(given), "the folder holds no report (.txt or .docx files)")
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
