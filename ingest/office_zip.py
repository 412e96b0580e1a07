"""Open an office document (DOCX, ODT): a zip archive holding XML parts.

Shared by the Word and OpenDocument readers so both keep the same safety limits: the archive
is judged from its zip directory before anything is inflated (a 110 KB file can hold
millions of empty paragraphs, or a member that inflates a thousandfold), and the XML is parsed
with entities, DTDs and network access off (XXE, billion laughs).
"""

from __future__ import annotations

import io
import zipfile
import zlib

from lxml import etree

from coopgraph.ingest.errors import ReadError

MAX_MEMBERS = 2000
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
_RATIO_CHECK_FROM = 1024 * 1024  # small members compress well and are harmless
_MB = 1024 * 1024


def local_name(element: etree._Element) -> str:
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def check_archive(file: str, archive: zipfile.ZipFile, kind: str) -> None:
    """Refuse archives that would cost too much to inflate, from the zip directory alone."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ReadError(file, f"the {kind} archive has {len(members)} members (at most {MAX_MEMBERS})")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ReadError(
            file, f"the {kind} archive inflates to {total} bytes (at most {MAX_UNCOMPRESSED_BYTES // _MB} MB)"
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= _RATIO_CHECK_FROM and ratio > MAX_COMPRESSION_RATIO:
            raise ReadError(
                file,
                f"the {kind} member {member.filename} is compressed {ratio:.0f}:1 "
                f"(at most {MAX_COMPRESSION_RATIO}:1): refused as a possible zip bomb",
            )


def open_archive(file: str, data: bytes, kind: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        article = "an" if kind[:1] in "AEIOU" else "a"
        raise ReadError(file, f"not {article} {kind} file: not a zip archive") from None
    check_archive(file, archive, kind)
    return archive


def read_member(file: str, archive: zipfile.ZipFile, name: str, kind: str) -> bytes:
    """A checked archive's member; inflation stops at the declared size (forged sizes)."""
    member = archive.getinfo(name)
    try:
        return archive.read(member)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error, EOFError) as error:
        raise ReadError(file, f"the {kind} archive is damaged: {error}") from None


def parse_part(file: str, xml: bytes, part: str) -> etree._Element:
    """Parse one XML part with no entities, no DTD, no network; a DOCTYPE is refused."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        raise ReadError(file, f"{part} is not well-formed XML: {error}") from None
    if root.getroottree().docinfo.doctype:
        raise ReadError(file, f"{part} declares a DOCTYPE, which office programs never write: refused")
    return root
