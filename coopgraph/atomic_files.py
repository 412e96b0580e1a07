"""Files that appear whole or not at all: written under a temporary name, fsynced, renamed.

A reader (or a crash, or a full disk) then sees the old file or the new one, never a truncated
file under the published name. Used by the corrections files, `coopgraph export --folder` and
`coopgraph backup`.
"""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from coopgraph.errors import CoopgraphError


class DiskFull(CoopgraphError):
    """The disk filled up; nothing was published under the final name."""


def temporary_name(path: Path) -> Path:
    """A hidden sibling of `path` (same folder, so the rename stays on one file system)."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def is_disk_full(exc: OSError) -> bool:
    return exc.errno in (errno.ENOSPC, errno.EDQUOT) or "No space left" in str(exc)


def disk_full_error(path: Path, exc: OSError) -> CoopgraphError:
    """The CLI's message for an OSError while writing `path`."""
    if is_disk_full(exc):
        return DiskFull(
            f"{path}: the disk is full; nothing was written under that name (free space, run again)"
        )
    return CoopgraphError(f"{path}: cannot write: {exc.strerror or exc}")


def write_synced(path: Path, data: bytes) -> None:
    """Write `data` to `path` and flush it to the disk (raises OSError)."""
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` by `data` whole; on any error the old file (or none) stays."""
    temporary = temporary_name(path)
    try:
        write_synced(temporary, data)
        os.replace(temporary, path)
        fsync_folder(path.parent)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise disk_full_error(path, exc) from None


def write_files_atomically(
    folder: Path, files: Iterable[tuple[str, bytes]], *, before_rename: Callable[[], None] | None = None
) -> list[Path]:
    """Write each (name, bytes) into `folder` under a temporary name, then rename them all: a
    full disk leaves no truncated file under a published name (a clean DiskFull instead).
    `files` may be a generator (each file is built as it is written); `before_rename` runs
    once every file is on disk, before the first rename."""
    staged: list[tuple[Path, Path]] = []
    try:
        for name, content in files:
            staged.append((temporary_name(folder / name), folder / name))
            write_synced(staged[-1][0], content)
        if before_rename is not None:
            before_rename()
        for temporary, path in staged:
            os.replace(temporary, path)
        fsync_folder(folder)
    except OSError as exc:
        raise disk_full_error(folder, exc) from None
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
    return [path for _, path in staged]


@contextmanager
def locked(folder: Path, name: str = ".coopgraph.lock") -> Iterator[None]:
    """An exclusive lock on `folder` between processes (and threads: each call opens its own
    descriptor), held for the block."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / name, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
