"""Consistent read-only checkpoints of the embedded store, so readers never share files with
the writer.

pyoxigraph calls a read-only open of a folder another process writes undefined behaviour
(RocksDB answered "MANIFEST may be corrupted" mid-ingest). So readers never open the live
folder: after every completed write the writer takes a checkpoint with ``Store.backup`` (a
RocksDB checkpoint: hard links plus a fresh manifest, a few milliseconds) into
``coopgraph-checkpoints/<generation>``, then moves the pointer, the generation file, to it
atomically (temporary file, fsync, ``os.replace``). Nobody writes a checkpoint after it is
published, so any number of read-only opens of it are defined, and each reader answers from
one whole generation.

Removing old checkpoints: a reader holds a shared ``flock`` on the checkpoint's lock file for as
long as its store is open. The writer removes a checkpoint only when it is neither current nor
among the newest `KEEP`, and it can take that lock exclusively; it unlinks the lock file
first, so a reader that reaches the lock afterwards sees it gone and follows the pointer
again. No grace time to tune: a query that runs for an hour keeps its checkpoint for an hour.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

import pyoxigraph as ox

from coopgraph.atomic_files import fsync_folder

POINTER = "coopgraph-generation.txt"
FOLDER = "coopgraph-checkpoints"
UNPUBLISHED = "coopgraph-unpublished"  # present while a write is not yet in a checkpoint
READER_LOCK = "readers.lock"
KEEP = 2  # newest checkpoints kept even when unused: a reader between pointer and lock finds them


def read_generation(path: Path) -> int:
    """The published generation of the store folder `path` (0 before the first write)."""
    try:
        return int((path / POINTER).read_text() or 0)
    except (FileNotFoundError, ValueError):
        return 0


def folder(path: Path, generation: int) -> Path:
    return path / FOLDER / f"{generation:010d}"


def current(path: Path) -> tuple[int, Path | None]:
    """The published generation and its checkpoint folder (None: a store from before
    checkpoints, or one never written)."""
    generation = read_generation(path)
    candidate = folder(path, generation)
    return generation, candidate if (candidate / READER_LOCK).exists() else None


def _write_atomically(target: Path, text: str) -> None:
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)
    fsync_folder(target.parent)


def publish(store: ox.Store, path: Path, generation: int, markers: dict[str, str]) -> None:
    """Checkpoint the writer's `store` (folder `path`) as `generation` and point readers at it.

    `markers` are small files the store keeps beside its data (the layout version), copied
    into the checkpoint so that a reader of it sees the same layout."""
    root = path / FOLDER
    root.mkdir(exist_ok=True)
    target = folder(path, generation)
    staging = root / f".{generation:010d}.{os.getpid()}.staging"
    for leftover in (staging, target):  # from a writer killed mid-publish
        if leftover.exists():
            shutil.rmtree(leftover)
    store.backup(str(staging))
    for name, text in markers.items():
        (staging / name).write_text(text)
    (staging / READER_LOCK).touch()
    os.replace(staging, target)
    fsync_folder(root)
    _write_atomically(path / POINTER, str(generation))
    collect(path)


def collect(path: Path) -> list[Path]:
    """Remove checkpoints no reader holds (never the current one nor the newest `KEEP`);
    returns the folders removed."""
    root = path / FOLDER
    if not root.is_dir():
        return []
    published = read_generation(path)
    names = sorted(p.name for p in root.iterdir() if p.name.isdigit())
    keep = set(names[-KEEP:]) | {f"{published:010d}"}
    removed = []
    for name in names:
        if name not in keep and _remove_if_unused(root / name):
            removed.append(root / name)
    for staging in root.glob(".*.staging"):  # a publish that died: nobody can hold it
        pid = staging.name.rsplit(".", 2)[-2]
        if not pid.isdigit() or not Path(f"/proc/{pid}").exists():
            shutil.rmtree(staging, ignore_errors=True)
    return removed


def _remove_if_unused(checkpoint: Path) -> bool:
    lock = checkpoint / READER_LOCK
    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        shutil.rmtree(checkpoint, ignore_errors=True)
        return True
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a reader still has it open
        os.unlink(lock)  # late readers now see it gone and follow the pointer
        shutil.rmtree(checkpoint, ignore_errors=True)
        return True
    finally:
        os.close(fd)


class Pin:
    """A reader's shared hold on one checkpoint; released when closed or collected."""

    def __init__(self, fd: int) -> None:
        self._fd: int | None = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None

    def __del__(self) -> None:
        self.release()


def pin(checkpoint: Path) -> Pin | None:
    """Hold `checkpoint` against removal; None when it was removed before the hold took."""
    lock = checkpoint / READER_LOCK
    try:
        fd = os.open(lock, os.O_RDONLY)
    except FileNotFoundError:
        return None
    fcntl.flock(fd, fcntl.LOCK_SH)  # waits only while a remover is mid-removal
    try:
        still_there = os.stat(lock).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        still_there = False
    if not still_there:
        os.close(fd)
        return None
    return Pin(fd)
