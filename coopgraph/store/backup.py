"""`coopgraph backup` / `restore`: N-Quads plus a manifest with checksums.

A backup is a folder: ``store.nq`` (every named graph) and ``manifest.json`` (format version,
creation time, the SHA-256 and size of ``store.nq``, and the triple count of every graph).
Restore checks the checksum and the counts before it touches the store, then replaces each
graph atomically and removes graphs the backup does not have.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from coopgraph import __version__
from coopgraph.atomic_files import write_files_atomically
from coopgraph.errors import CoopgraphError
from coopgraph.store.embedded import serialized
from coopgraph.store.protocol import GraphStore

FORMAT_VERSION = 1
DATA_FILE = "store.nq"
MANIFEST_FILE = "manifest.json"


class BackupError(CoopgraphError):
    """A backup folder is missing, incomplete or corrupt."""


def backup(store: GraphStore, folder: Path) -> dict[str, Any]:
    """Write the backup into `folder`. Both files go to temporary names first; the data file is
    renamed, then the manifest (which names its checksum), so a full disk or a crash never
    leaves a truncated file under a published name, and an old backup there stays whole."""
    folder.mkdir(parents=True, exist_ok=True)
    data = store.dump("nq")
    counts = Counter(q.graph_name.value for q in ox.parse(data, format=ox.RdfFormat.N_QUADS))
    manifest: dict[str, Any] = {
        "format": "coopgraph-backup",
        "version": FORMAT_VERSION,
        "coopgraph": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "data": DATA_FILE,
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
        "graphs": dict(sorted(counts.items())),
    }
    text = json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")
    # An old manifest must not vouch for new data: it goes before the new files take its place.
    write_files_atomically(
        folder,
        [(DATA_FILE, data), (MANIFEST_FILE, text)],
        before_rename=lambda: (folder / MANIFEST_FILE).unlink(missing_ok=True),
    )
    return manifest


def read_backup(folder: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Check a backup folder and return its manifest and graphs; raise BackupError if bad."""
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
        data = (folder / manifest.get("data", DATA_FILE)).read_bytes()
    except FileNotFoundError as exc:
        raise BackupError(f"{folder}: not a coopgraph backup ({exc.filename} is missing)") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BackupError(f"{folder / MANIFEST_FILE}: unreadable manifest ({exc})") from None
    if manifest.get("format") != "coopgraph-backup" or manifest.get("version") != FORMAT_VERSION:
        raise BackupError(
            f"{folder}: unsupported backup format {manifest.get('format')!r} "
            f"version {manifest.get('version')!r}"
        )
    if hashlib.sha256(data).hexdigest() != manifest.get("sha256"):
        raise BackupError(f"{folder / DATA_FILE}: checksum mismatch; the backup is corrupt")
    triples: dict[str, list[ox.Triple]] = {}
    try:
        for quad in ox.parse(data, format=ox.RdfFormat.N_QUADS):
            triples.setdefault(quad.graph_name.value, []).append(quad.triple)
    except SyntaxError as exc:
        raise BackupError(f"{folder / DATA_FILE}: not valid N-Quads ({exc})") from None
    if {name: len(t) for name, t in triples.items()} != manifest.get("graphs"):
        raise BackupError(f"{folder}: graph triple counts differ from the manifest")
    graphs = {name: serialized(ox.serialize(t, format=ox.RdfFormat.N_TRIPLES)) for name, t in triples.items()}
    return manifest, graphs


def restore(store: GraphStore, folder: Path) -> dict[str, Any]:
    """Make the store hold exactly the backup's graphs. Nothing changes if the backup is bad."""
    manifest, graphs = read_backup(folder)
    for name, data in graphs.items():
        store.replace_graph_ntriples(name, data)
    for name in store.named_graphs():
        if name not in graphs:
            store.remove_graph(name)
    return manifest
