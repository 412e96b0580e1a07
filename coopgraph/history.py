"""Report versions: no ingest, restore or removal drops a stored report without keeping it.

Every write of a report graph goes through here: the graph the store holds is a version in the
archive (``coopgraph.archive``) before it is replaced or removed, the new graph becomes the next
version, and any version can be brought back (itself recorded as a new version). A graph that
is already identical to the stored one is not written again ("unchanged").

Where the archive lives: inside an embedded store's folder (``<store>/archive``), so that the
store folder is the whole state (moving or copying it keeps the history); for a store on a
SPARQL server, in a local folder (setting ``archive``; by default under the user's data folder,
one per server URL), because a SPARQL server keeps only graphs, and history graphs in it would
join the union that every query reads.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from coopgraph.archive import Archive, ArchiveError, Version
from coopgraph.iris import Minter
from coopgraph.ontology.terms import CG
from coopgraph.store import GraphStore

ARCHIVE_DIR = "archive"


def remote_archive_folder(url: str) -> Path:
    """The default archive of a store on a SPARQL server: one folder per URL under the user's
    data folder ($XDG_DATA_HOME, else ~/.local/share)."""
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    slug = re.sub(r"[^a-z0-9]+", "-", re.sub(r"^https?://", "", url.lower())).strip("-")
    return Path(data_home) / "coopgraph" / "archive" / (slug or "store")


def archive_for(store: GraphStore, folder: str | os.PathLike[str] | None = None) -> Archive:
    """The archive of `store`: `folder` (setting ``archive``) when given, else ``archive`` in
    an embedded store's folder, else the default folder for the SPARQL server's URL."""
    if folder:
        return Archive(folder)
    if store.path is not None:
        return Archive(store.path / ARCHIVE_DIR)
    return Archive(remote_archive_folder(store.location))


@dataclass(frozen=True)
class Change:
    """What a write did to a report: new, replaced, unchanged, restored or removed."""

    status: str
    version: Version  # the version the store holds now (the removed one, for a removal)
    previous: Version | None  # the version it replaced


def _triples(ntriples: bytes) -> set[ox.Triple]:
    # Through an in-memory Oxigraph store: it normalises literals as the store on disk does
    # (an xsd:nonNegativeInteger comes back as xsd:integer), so what was written and what the
    # store gives back compare equal.
    memory = ox.Store()
    memory.load(ntriples, format=ox.RdfFormat.N_TRIPLES)
    return {q.triple for q in memory}


def same_graph(a: bytes, b: bytes) -> bool:
    """Whether two N-Triples documents hold the same triples once stored (report graphs have
    no blank nodes, so set equality is graph isomorphism)."""
    return _triples(a) == _triples(b)


def graph_facts(ntriples: bytes) -> dict[str, Any]:
    """File name, SHA-256 and row count a report graph records about itself."""
    wanted = {CG.fileName: "file_name", CG.sha256: "sha256", CG.rowCount: "rows"}
    by_iri = {str(k): v for k, v in wanted.items()}
    facts: dict[str, Any] = {"file_name": None, "sha256": None, "rows": None}
    count = 0
    for t in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES):
        count += 1
        name = by_iri.get(t.predicate.value)
        if name:
            facts[name] = int(t.object.value) if name == "rows" else t.object.value
    facts["triples"] = count  # report graphs have no duplicate lines: as the store counts them
    return facts


def current_version(store: GraphStore, archive: Archive, minter: Minter, report_id: str) -> Version | None:
    """The version the store holds, recorded as "found" when the history lacks it (a store
    written before the archive, a whole-store restore, a SPARQL Update); None when not stored."""
    graph_iri = minter.report_graph(report_id)
    if not store.has_graph(graph_iri):
        return None
    data = store.dump("nt", graph_iri=graph_iri)
    latest = archive.latest(report_id)
    stored = latest is not None and latest.graph is not None and latest.action != "remove"
    if stored and same_graph(archive.graph(report_id, latest), data):  # type: ignore[arg-type]
        return latest
    return archive.add_version(report_id, action="found", ntriples=data, **graph_facts(data))


def record_stored(store: GraphStore, archive: Archive, minter: Minter, report_ids: list[str]) -> None:
    """Make sure the graph each report has now is a version (before a whole-store restore
    replaces them all)."""
    for report_id in report_ids:
        current_version(store, archive, minter, report_id)


def store_version(
    store: GraphStore, archive: Archive, minter: Minter, report_id: str, ntriples: bytes, *,
    source: Path | None, period: str | None = None, facts: dict[str, Any] | None = None,
) -> Change:  # fmt: skip
    """Store `ntriples` as the report's graph and record it as a new version (keeping the
    source file), unless the store holds that very graph already ("unchanged"). `facts` (file
    name, sha256, rows, triples), when the caller knows them, save reading them from the graph."""
    previous = current_version(store, archive, minter, report_id)
    if previous is not None and same_graph(archive.graph(report_id, previous), ntriples):
        return Change("unchanged", previous, previous)
    facts = facts or graph_facts(ntriples)
    if source is not None and facts["sha256"]:
        archive.keep_source(source, facts["sha256"])
    store.replace_graph_ntriples(minter.report_graph(report_id), ntriples)
    version = archive.add_version(report_id, action="ingest", ntriples=ntriples, period=period, **facts)
    return Change("replaced" if previous else "new", version, previous)


def restore_version(
    store: GraphStore, archive: Archive, minter: Minter, report_id: str, number: int
) -> Change:
    """Make version `number` the stored graph again, recorded as a new version."""
    wanted = archive.version(report_id, number)
    if wanted.graph is None:
        raise ArchiveError(
            f"version {number} of {report_id} is a removal; restore the version before it "
            f"(see `coopgraph history {report_id}`)"
        )
    data = archive.graph(report_id, wanted)
    previous = current_version(store, archive, minter, report_id)
    if previous is not None and same_graph(archive.graph(report_id, previous), data):
        return Change("unchanged", previous, previous)
    store.replace_graph_ntriples(minter.report_graph(report_id), data)
    version = archive.add_version(
        report_id, action="restore", graph_of=wanted, file_name=wanted.file_name, sha256=wanted.sha256,
        rows=wanted.rows, triples=wanted.triples, period=wanted.period, refers_to=number,
    )  # fmt: skip
    return Change("restored", version, previous)


def remove_version(store: GraphStore, archive: Archive, minter: Minter, report_id: str) -> Change | None:
    """Remove the report's graph, its last version staying restorable; None when not stored."""
    previous = current_version(store, archive, minter, report_id)
    if previous is None:
        return None
    store.remove_graph(minter.report_graph(report_id))
    version = archive.add_version(
        report_id, action="remove", file_name=previous.file_name, sha256=previous.sha256,
        rows=previous.rows, triples=previous.triples, refers_to=previous.number,
    )  # fmt: skip
    return Change("removed", version, previous)


def stored_source(
    store: GraphStore, archive: Archive, minter: Minter, report_id: str
) -> tuple[Path | None, str, str | None]:
    """(the archived copy of the stored report's source file or None, its file name, the
    --period it was ingested with)."""
    previous = current_version(store, archive, minter, report_id)
    if previous is None:
        raise ArchiveError(f"no report {report_id!r} in the store")
    name = previous.file_name or ""
    path = archive.source(previous.sha256 or "", name) if name else None
    return path, name, previous.period
