"""The ingest pipeline: report file -> records -> RDF -> SHACL -> store.

Each report is prepared completely (read, extracted, period checked, mapped, validated) before
anything is written; a report with a violation, or whose heading names another period than its
rows (``ingest.period_check``), is rejected whole and the store is left as it was. Every write
keeps the replaced version and the source file in the archive (``coopgraph.history``).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import Graph, URIRef

from coopgraph.archive import Archive, Version
from coopgraph.errors import CoopgraphError
from coopgraph.history import archive_for, remove_version, store_version
from coopgraph.ingest.corrections.apply import apply_corrections
from coopgraph.ingest.corrections.edits import CorrectionResult
from coopgraph.ingest.corrections.files import CorrectionSet
from coopgraph.ingest.corrections.rdf import add_corrections
from coopgraph.ingest.errors import ReportError, ValidationFailed
from coopgraph.ingest.extract import extract_report
from coopgraph.ingest.period_check import check_period
from coopgraph.ingest.readers import collect_report_paths, read_report
from coopgraph.ingest.records import ReportRecord
from coopgraph.ingest.report_meta import ReportPeriod, title_period
from coopgraph.ingest.to_rdf import gazetteer_places, gazetteer_to_graph, ontology_to_graph, report_to_graph
from coopgraph.iris import Minter
from coopgraph.lifeline import end_with
from coopgraph.settings import BY_NAME
from coopgraph.shapes.validate import Validation, validate_report_graph
from coopgraph.store import GraphStore

STAGES = ("read", "extract", "validate", "store")


@dataclass
class Prepared:
    """A report that has been read, extracted, mapped and validated, not yet stored."""

    path: Path
    record: ReportRecord
    graph: Graph
    validation: Validation
    seconds: dict[str, float] = field(default_factory=dict)
    corrections: CorrectionResult | None = None  # what the corrections changed, when given
    notes: list[ReportError] = field(default_factory=list)  # about the whole report (its period)
    period: ReportPeriod | None = None  # the period chosen with --period, if one was

    @property
    def warnings(self) -> list[ReportError]:
        # A stale correction of a row that is gone has no event to carry it: listed here.
        # Flags (warnings with a kind) come back from SHACL as warnings: not listed twice.
        unplaced = [s.as_error() for s in self.corrections.stale if s.row is None] if self.corrections else []
        return (
            list(self.notes)
            + unplaced
            + list(self.validation.warnings)
            + [
                ReportError(self.record.source.file_name, w.message, row=e.row_number, field=w.column)
                for e in self.record.events
                for w in e.warnings
                if w.kind is None
            ]
        )

    @property
    def rows_flagged(self) -> int:
        """Rows that carry at least one review flag (a value unread, vague or unknown)."""
        return sum(1 for e in self.record.events if any(w.kind is not None for w in e.warnings))


@dataclass
class IngestOutcome:
    """What happened to one file of a batch."""

    path: Path
    report_id: str | None = None
    events: int = 0
    triples: int = 0
    encoding: str | None = None
    media_type: str | None = None
    warnings: list[ReportError] = field(default_factory=list)
    error: CoopgraphError | None = None
    replaced: bool = False
    seconds: dict[str, float] = field(default_factory=dict)
    rows_flagged: int = 0  # rows stored with at least one review flag
    status: str = ""  # new, replaced or unchanged (see coopgraph.history.Change)
    version: Version | None = None  # the version the store holds now
    previous: Version | None = None  # the version it replaced

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def rows_clean(self) -> int:
        """Rows read with no review flag."""
        return self.events - self.rows_flagged


_places_cache: dict[str, frozenset[URIRef]] = {}


def known_places(minter: Minter) -> frozenset[URIRef]:
    """The places a report may refer to without describing them: the gazetteer's."""
    if minter.base not in _places_cache:
        _places_cache[minter.base] = gazetteer_places(minter)
    return _places_cache[minter.base]


def prepare(
    path: str | Path,
    minter: Minter,
    corrections: CorrectionSet | None = None,
    *,
    period: ReportPeriod | None = None,
    today: date | None = None,
) -> Prepared:
    """Read, extract, correct, map and validate one report; raise on any error, write nothing.

    `corrections` (``coopgraph.ingest.corrections.files.load_corrections``) are applied to the extracted
    records before the mapping; their provenance goes into the graph before validation.
    `period` (``--period``) replaces the heading's period, and so the report's id. The period
    is checked against the rows' dates and against `today` (``ingest.period_check``).
    """
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    raw = read_report(path)
    t1 = time.perf_counter()
    notes: list[ReportError] = []
    if period is None:
        chosen = title_period(raw.title, raw.file_name)
    else:
        chosen = period
        notes.append(_chosen_note(raw.title, raw.file_name, period))
    record = extract_report(raw, period=chosen)
    corrected = apply_corrections(record, corrections) if corrections is not None else None
    if corrected is not None:
        record = corrected.record
    notes += check_period(record, chosen, chosen=period is not None, today=today)
    graph = report_to_graph(record, minter)
    if corrected is not None:
        add_corrections(graph, record.report_id, corrected.applied, minter)
    t2 = time.perf_counter()
    validation = validate_report_graph(graph, file=raw.file_name, known_places=known_places(minter))
    t3 = time.perf_counter()
    seconds.update(read=t1 - t0, extract=t2 - t1, validate=t3 - t2)
    if not validation.conforms:
        raise ValidationFailed(raw.file_name, list(validation.violations))
    return Prepared(Path(path), record, graph, validation, seconds, corrected, notes, period)


def _chosen_note(title: str, file_name: str, period: ReportPeriod) -> ReportError:
    try:
        heading = title_period(title, file_name).label
    except CoopgraphError:
        heading = "no period"
    return ReportError(
        file_name, f"period {period.label} chosen with --period (the heading says {heading})", field="title"
    )


def ensure_static_graphs(store: GraphStore, minter: Minter) -> None:
    """Load the ontology and gazetteer graphs (small; replaced so upgrades take effect)."""
    store.replace_graph(minter.ontology_graph, ontology_to_graph())
    store.replace_graph(minter.gazetteer_graph, gazetteer_to_graph(minter))


@dataclass
class ReadyReport:
    """What storing a prepared report needs: small and cheap to pass between processes."""

    path: Path
    report_id: str
    ntriples: bytes
    triples: int
    events: int
    encoding: str | None
    media_type: str
    warnings: list[ReportError]
    seconds: dict[str, float]
    rows_flagged: int = 0
    period: str | None = None  # the --period label, kept with the version for re-ingests
    file_name: str = ""
    sha256: str = ""

    @classmethod
    def of(cls, prepared: Prepared) -> ReadyReport:
        source = prepared.record.source
        return cls(
            path=prepared.path,
            report_id=prepared.record.report_id,
            ntriples=prepared.graph.serialize(format="nt", encoding="utf-8"),
            triples=len(prepared.graph),
            events=len(prepared.record.events),
            encoding=source.encoding,
            media_type=source.media_type,
            warnings=prepared.warnings,
            seconds=prepared.seconds,
            rows_flagged=prepared.rows_flagged,
            period=prepared.period.label if prepared.period else None,
            file_name=source.file_name,
            sha256=source.sha256,
        )


def store_prepared(
    store: GraphStore, prepared: Prepared | ReadyReport, minter: Minter, archive: Archive | None = None
) -> IngestOutcome:
    """Store a prepared report as its next version (see ``coopgraph.history.store_version``):
    the version it replaces and its source file stay in the archive."""
    ready = prepared if isinstance(prepared, ReadyReport) else ReadyReport.of(prepared)
    archive = archive or archive_for(store)
    t0 = time.perf_counter()
    known = dict(file_name=ready.file_name, sha256=ready.sha256, rows=ready.events, triples=ready.triples)
    facts = known if ready.sha256 else None  # else read from the graph
    change = store_version(
        store, archive, minter, ready.report_id, ready.ntriples, source=ready.path, period=ready.period,
        facts=facts,
    )  # fmt: skip
    return IngestOutcome(
        path=ready.path,
        report_id=ready.report_id,
        events=ready.events,
        triples=ready.triples,
        encoding=ready.encoding,
        media_type=ready.media_type,
        warnings=ready.warnings,
        replaced=change.previous is not None,  # the report was stored before (status: how)
        seconds=dict(ready.seconds, store=time.perf_counter() - t0),
        rows_flagged=ready.rows_flagged,
        status=change.status,
        version=change.version,
        previous=change.previous,
    )


def _prepare_for_store(
    path: Path, base_iri: str, corrections: CorrectionSet | None, period: ReportPeriod | None
) -> ReadyReport:
    """Run in a worker process: everything but the write, which stays with the one writer."""
    return ReadyReport.of(prepare(path, Minter(base_iri), corrections, period=period))


def default_jobs() -> int:
    """Worker processes that prepare reports while this process stores them: one per core (at
    most 4), since the writer spends its time in Oxigraph, which releases the GIL, and waits
    on the disk; 0 (one core) prepares in this process."""
    cores = os.cpu_count() or 1
    return 0 if cores == 1 else min(4, cores)


def ingest_paths(
    paths: Sequence[str | Path],
    store: GraphStore,
    minter: Minter,
    *,
    on_progress: Callable[[IngestOutcome], None] | None = None,
    corrections: CorrectionSet | None = None,
    jobs: int | None = None,
    period: ReportPeriod | None = None,
    archive: Archive | None = None,
    publish_interval: float = BY_NAME["publish_interval"].default,
) -> list[IngestOutcome]:
    """Ingest every report under `paths`; a failing report is reported and skipped.

    Each report is stored only when it is valid, in one atomic replacement of its graph.
    `corrections` are applied to every report (see `prepare`). With several files, `jobs`
    worker processes prepare reports in parallel (reading, extraction and validation are
    CPU-bound) while this process stores them in file order as they come; `jobs=0` prepares
    them in this process. `period` (``--period``) names the period of a single report; the
    versions and sources go to `archive` (default: the store's, see ``history.archive_for``).
    Readers see the stored reports in checkpoints at most `publish_interval` seconds apart
    (``Store.publishing_at_most_every``).
    """
    files = collect_report_paths(paths)
    if period is not None and len(files) > 1:
        raise CoopgraphError(
            f"--period names the period of one report; {len(files)} files were given (ingest them one by one)"
        )
    archive = archive or archive_for(store)
    jobs = default_jobs() if jobs is None else max(0, jobs)
    outcomes = []

    def record(path: Path, result: Prepared | ReadyReport | CoopgraphError) -> None:
        if isinstance(result, CoopgraphError):
            outcome = IngestOutcome(path=path, error=result)
        else:
            try:
                outcome = store_prepared(store, result, minter, archive)
            except CoopgraphError as exc:
                outcome = IngestOutcome(path=path, error=exc)
        outcomes.append(outcome)
        if on_progress:
            on_progress(outcome)

    with store.publishing_at_most_every(publish_interval):
        if jobs == 0 or len(files) == 1:
            ensure_static_graphs(store, minter)
            for path in files:
                try:
                    result: Prepared | ReadyReport | CoopgraphError = prepare(
                        path, minter, corrections, period=period
                    )
                except CoopgraphError as exc:
                    result = exc
                record(path, result)
            return outcomes
        static = lambda: ensure_static_graphs(store, minter)  # noqa: E731
        _prepare_in_workers(files, jobs, minter, corrections, period, record, meanwhile=static)
    return outcomes


def _prepare_in_workers(
    files: Sequence[Path],
    jobs: int,
    minter: Minter,
    corrections: CorrectionSet | None,
    period: ReportPeriod | None,
    record: Callable[[Path, ReadyReport | CoopgraphError], None],
    *,
    meanwhile: Callable[[], None],
) -> None:
    """Prepare `files` in worker processes and `record` each result in file order; `meanwhile`
    runs in this process while the workers start (their fork server loads for a second or two)."""
    # forkserver: workers must not inherit the open store (RocksDB handles) or server threads.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["coopgraph.ingest_preload"])  # workers fork warm
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(files)), mp_context=context, initializer=end_with, initargs=(os.getpid(),)
    ) as pool:
        futures = [pool.submit(_prepare_for_store, path, minter.base, corrections, period) for path in files]
        try:
            meanwhile()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        for path, future in zip(files, futures, strict=True):
            try:
                result: ReadyReport | CoopgraphError = future.result()
            except CoopgraphError as exc:
                result = exc
            record(path, result)


def remove_report(store: GraphStore, minter: Minter, report_id: str, archive: Archive | None = None) -> bool:
    """Remove a report's graph; its last version stays restorable from the archive."""
    return remove_version(store, archive or archive_for(store), minter, report_id) is not None


def list_reports(store: GraphStore, minter: Minter) -> list[str]:
    """Ids of the stored reports (every named graph but the ontology and gazetteer ones)."""
    prefix = minter.report_graph("")
    shared = {minter.ontology_graph, minter.gazetteer_graph}
    # Analysis results live under {base}graph/analysis/...: a report id never has a slash.
    return [
        g[len(prefix) :]
        for g in store.named_graphs()
        if g.startswith(prefix) and g not in shared and "/" not in g[len(prefix) :]
    ]
