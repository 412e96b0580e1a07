"""The report archive: source files by their SHA-256 and every stored version of each report.

Layout of the archive folder (``archive`` inside an embedded store's folder, see
``coopgraph.history.archive_for``)::

    sources/<sha256>/<file name>          the bytes of every ingested file, as read
    history/<report-id>/versions.json     one entry per version: number, time, action, file
                                          name, SHA-256, rows, triples, graph snapshot
    history/<report-id>/v<N>.nt.gz        the report graph of version N (N-Triples, gzip)

Sources are addressed by content, so the same bytes are kept once whatever their path, and a
correction can re-read a report after its file moved or was deleted; the folder keeps the file
name because the readers and the graph's provenance (``cg:fileName``) use it. Files are written
to a temporary name, synced and renamed, so a crash leaves the previous state.
"""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from coopgraph.errors import CoopgraphError

VERSIONS_FILE = "versions.json"
# A report graph's N-Triples shrink 6.5-fold at level 1 and 10-fold at 9, for 4x the CPU time.
GZIP_LEVEL = 1
_REPORT_ID = re.compile(r"[a-z0-9][a-z0-9.-]{0,199}")
_SHA256 = re.compile(r"[0-9a-f]{64}")


class ArchiveError(CoopgraphError):
    """The archive cannot be read or written, or holds no such version or source."""


@dataclass(frozen=True)
class Version:
    """One stored state of a report (or its removal)."""

    number: int
    time: str  # ISO 8601, UTC
    action: str  # ingest | restore | remove | found (in the store, stored before the archive)
    file_name: str | None
    sha256: str | None  # of the source file
    rows: int | None
    triples: int | None
    graph: str | None  # snapshot file in the report's history folder; None for a removal
    period: str | None = None  # the --period the report was ingested with, if any
    refers_to: int | None = None  # the version restored (restore) or removed (remove)


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a synced temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Archive:
    """The archive folder of one store."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)

    def __repr__(self) -> str:
        return f"Archive({str(self.folder)!r})"

    # ------------------------------------------------------------------ sources

    def keep_source(self, path: Path, sha256: str) -> Path:
        """Keep the file `path` (whose bytes had `sha256` when read) under its hash."""
        target = self._source_dir(sha256) / Path(path).name
        if target.is_file():
            return target
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise ArchiveError(f"{path}: cannot be kept in the archive {self.folder}: {exc}") from None
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ArchiveError(f"{path}: the file changed while it was ingested; run the ingest again")
        self._write(target, data)
        return target

    def source(self, sha256: str, file_name: str) -> Path | None:
        """The kept copy of a source file, or None when the archive does not have it."""
        if not _SHA256.fullmatch(sha256 or ""):
            return None
        path = self._source_dir(sha256) / Path(file_name).name
        return path if path.is_file() else None

    def _source_dir(self, sha256: str) -> Path:
        if not _SHA256.fullmatch(sha256):
            raise ArchiveError(f"not a SHA-256: {sha256!r}")
        return self.folder / "sources" / sha256

    # ------------------------------------------------------------------ history

    def reports(self) -> list[str]:
        """Ids of the reports with a history."""
        root = self.folder / "history"
        return (
            sorted(p.name for p in root.iterdir() if (p / VERSIONS_FILE).is_file()) if root.is_dir() else []
        )

    def versions(self, report_id: str) -> list[Version]:
        path = self._report_dir(report_id) / VERSIONS_FILE
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            raise ArchiveError(f"{path}: unreadable history ({exc})") from None
        return [Version(**entry) for entry in entries]

    def latest(self, report_id: str) -> Version | None:
        versions = self.versions(report_id)
        return versions[-1] if versions else None

    def version(self, report_id: str, number: int) -> Version:
        versions = self.versions(report_id)
        for v in versions:
            if v.number == number:
                return v
        known = ", ".join(str(v.number) for v in versions) or "none"
        raise ArchiveError(f"report {report_id} has no version {number} (versions: {known})")

    def graph(self, report_id: str, version: Version) -> bytes:
        """The N-Triples of a version (of the last stored one, for a removal)."""
        if version.graph is None:
            raise ArchiveError(f"version {version.number} of {report_id} is a removal: it has no graph")
        path = self._report_dir(report_id) / version.graph
        try:
            return gzip.decompress(path.read_bytes())
        except (OSError, EOFError) as exc:
            raise ArchiveError(
                f"{path}: the graph of version {version.number} is unreadable ({exc})"
            ) from None

    def add_version(
        self, report_id: str, *, action: str, ntriples: bytes | None = None, graph_of: Version | None = None,
        file_name: str | None = None, sha256: str | None = None, rows: int | None = None,
        triples: int | None = None, period: str | None = None, refers_to: int | None = None,
    ) -> Version:  # fmt: skip
        """Append a version; its graph is `ntriples` (written now) or that of `graph_of`."""
        folder = self._report_dir(report_id)
        with self._locked():
            versions = self.versions(report_id)
            number = versions[-1].number + 1 if versions else 1
            graph = graph_of.graph if graph_of is not None else None
            if ntriples is not None:
                graph = f"v{number}.nt.gz"
                self._write(folder / graph, gzip.compress(ntriples, compresslevel=GZIP_LEVEL, mtime=0))
            version = Version(
                number=number, time=datetime.now(UTC).isoformat(timespec="seconds"), action=action,
                file_name=file_name, sha256=sha256, rows=rows, triples=triples, graph=graph,
                period=period, refers_to=refers_to,
            )  # fmt: skip
            entries = [asdict(v) for v in [*versions, version]]
            self._write(folder / VERSIONS_FILE, json.dumps(entries, indent=1, ensure_ascii=False).encode())
        return version

    # ------------------------------------------------------------------ backups

    def copy_to(self, folder: Path) -> int:
        """Copy sources and history into `folder` (a whole-store backup); returns the file count."""
        count = 0
        for path in sorted(self.folder.rglob("*")) if self.folder.is_dir() else []:
            relative = path.relative_to(self.folder)
            if path.is_file() and relative.parts[0] in ("sources", "history"):
                self._write(folder / relative, path.read_bytes())
                count += 1
        return count

    def merge_from(self, folder: Path) -> int:
        """Take a backup's archive: every source file (checked against its hash first) and the
        history of each report this archive has none of; a report with a history here keeps it.
        Returns the number of files taken. Nothing is written when a source is corrupt."""
        backup = Archive(folder)
        sources = sorted(p for p in (folder / "sources").glob("*/*") if p.is_file())
        for path in sources:
            if hashlib.sha256(path.read_bytes()).hexdigest() != path.parent.name:
                raise ArchiveError(f"{path}: does not match its SHA-256; the backup's archive is corrupt")
        taken = 0
        for path in sources:
            if self.source(path.parent.name, path.name) is None:
                self._write(self._source_dir(path.parent.name) / path.name, path.read_bytes())
                taken += 1
        for report_id in backup.reports():
            if self.versions(report_id):
                continue
            for path in sorted((folder / "history" / report_id).iterdir()):
                if path.is_file() and not path.name.startswith("."):
                    self._write(self._report_dir(report_id) / path.name, path.read_bytes())
                    taken += 1
        return taken

    def _report_dir(self, report_id: str) -> Path:
        # Ids come from headings and from URLs: never a path outside the archive.
        if not _REPORT_ID.fullmatch(report_id) or ".." in report_id:
            raise ArchiveError(f"not a report id: {report_id!r}")
        return self.folder / "history" / report_id

    def _write(self, path: Path, data: bytes) -> None:
        try:
            write_atomically(path, data)
        except OSError as exc:
            raise ArchiveError(f"archive {self.folder}: writing {path.name} failed: {exc}") from None

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One writer of the history at a time (two ingests into one remote store may race)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            stream = (self.folder / ".lock").open("a")
        except OSError as exc:
            raise ArchiveError(f"archive {self.folder} cannot be written: {exc}") from None
        with stream:
            fcntl.flock(stream, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(stream, fcntl.LOCK_UN)
