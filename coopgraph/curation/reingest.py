"""Re-ingest stored reports from their kept source files with the current corrections.

A correction made from the review page or `coopgraph correct` takes effect by re-ingesting the
report it concerns (an entity correction: every stored report) from its source file: the copy
the archive kept under its SHA-256 (``coopgraph.archive``), wherever the original went, else
the file of that name (``cg:fileName``) in the reports folder (setting ``reports``), for a
report stored before the archive existed. A report ingested with ``--period`` is re-ingested
with the same period.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from coopgraph.archive import Archive
from coopgraph.curation.entities import entity_name
from coopgraph.curation.review import (
    ReviewError,
    build_review,
    find_row,
    report_file_name,
    reports_folder_file,
)
from coopgraph.errors import CoopgraphError
from coopgraph.history import archive_for, stored_source
from coopgraph.ingest.corrections.files import (
    ENTITIES_FILE,
    SCALAR_FIELDS,
    CorrectionError,
    CorrectionSet,
    EntityCorrection,
    RowCorrection,
    append_correction,
    check,
    corrections_lock,
    load_corrections,
    numbered,
)
from coopgraph.ingest.report_meta import ReportPeriod, parse_period
from coopgraph.iris import Minter
from coopgraph.pipeline import IngestOutcome, Prepared, list_reports, prepare, store_prepared
from coopgraph.store import GraphStore


def reingest_report(
    store: GraphStore, minter: Minter, report_id: str, *, reports: str | Path, corrections: str | Path,
    archive: Archive | None = None,
) -> IngestOutcome:  # fmt: skip
    """Re-read one stored report from its kept source file (or the reports folder) and store
    it with its corrections as its next version.

    A report that no longer validates is not stored (the outcome carries the error) and its
    previous version stays.
    """
    archive = archive or archive_for(store)
    path = Path(reports)
    try:
        path, period = stored_report_file(store, minter, report_id, reports=reports, archive=archive)
        prepared = prepare(path, minter, load_corrections(corrections), period=period)
    except CoopgraphError as exc:
        return IngestOutcome(path=path, report_id=report_id, error=exc)
    return store_prepared(store, prepared, minter, archive)


def stored_report_file(
    store: GraphStore, minter: Minter, report_id: str, *, reports: str | Path, archive: Archive
) -> tuple[Path, ReportPeriod | None]:
    """The source file to re-read a stored report from, and the --period it was stored with:
    the archive's copy (by SHA-256), else the file of that name in the reports folder."""
    report_file_name(store, minter, report_id)  # "no report ..." when it is not stored
    kept, name, period = stored_source(store, archive, minter, report_id)
    path = kept or reports_folder_file(reports, name or report_file_name(store, minter, report_id))
    return path, parse_period(period) if period else None


def reingest_all(
    store: GraphStore, minter: Minter, *, reports: str | Path, corrections: str | Path,
    archive: Archive | None = None,
) -> list[IngestOutcome]:  # fmt: skip
    """Re-ingest every stored report (from its kept source file, or the reports folder)."""
    return [
        reingest_report(store, minter, rid, reports=reports, corrections=corrections, archive=archive)
        for rid in list_reports(store, minter)
    ]


def correct_row(
    store: GraphStore,
    minter: Minter,
    report_id: str,
    correction: RowCorrection,
    *,
    reports: str | Path,
    corrections: str | Path,
    ingest: bool = True,
    archive: Archive | None = None,
) -> tuple[RowCorrection, IngestOutcome | None]:
    """Check a row correction against the report, then append it to the report's file and
    re-ingest the report.

    Check first, write second: the report is prepared with the correction in memory, and the
    file is written (atomically, under the corrections lock) only when the report with it
    validates and the correction changes something. A correction that fails is never in the
    file, whatever moment a crash picks. Failing to validate gives an outcome with the error
    (nothing written); changing nothing raises CorrectionError.

    A ``set`` without ``match`` gets the stored value as its match, so that it goes stale
    (and is reported) when a later extraction gives something else.
    """
    review = build_review(store, minter, report_id, shacl=False)
    row = find_row(review, correction.row)
    if correction.action == "set" and not correction.match and correction.field in SCALAR_FIELDS:
        correction = replace(correction, match=row.values()[correction.field])
    with corrections_lock(corrections):
        written = numbered(corrections, replace(correction, file=f"{report_id}.csv"))
        check(written)
        if not ingest:
            return append_correction(corrections, written), None
        pending = load_corrections(corrections).adding(written)
        try:
            prepared = _prepare_stored(store, minter, report_id, reports, pending, archive)
        except CoopgraphError as exc:
            return written, IngestOutcome(path=Path(reports), report_id=report_id, error=exc)
        # A new correction that finds nothing to change is a mistake now, not a stale one later.
        where = written.where
        unused = [w for w in prepared.warnings if f"{where}:" in w.message or f"{where} " in w.message]
        if unused:
            raise CorrectionError(unused[0].message)
        append_correction(corrections, written)
    return written, store_prepared(store, prepared, minter, archive)


def _prepare_stored(
    store: GraphStore, minter: Minter, report_id: str, reports: str | Path, corrections: CorrectionSet,
    archive: Archive | None,
) -> Prepared:  # fmt: skip
    """A stored report prepared again, from its kept source file, with `corrections`."""
    archive = archive or archive_for(store)
    path, period = stored_report_file(store, minter, report_id, reports=reports, archive=archive)
    return prepare(path, minter, corrections, period=period)


def correct_entity(
    store: GraphStore,
    minter: Minter,
    correction: EntityCorrection,
    *,
    reports: str | Path,
    corrections: str | Path,
    ingest: bool = True,
    archive: Archive | None = None,
) -> tuple[EntityCorrection, list[IngestOutcome]]:
    """Check an entity correction against every stored report, then append it to entities.csv
    and store the reports re-ingested with it (check first, write second, as `correct_row`).

    A merge or alias without a name takes the kept entity's name from the store. A correction
    that makes a report invalid is not written (the outcomes carry the errors; a report whose
    file is missing is only skipped); one that changes nothing raises CorrectionError.
    """
    if correction.action in ("merge", "alias") and not correction.name:
        correction = replace(correction, name=entity_name(store, correction.kind, correction.value) or "")
    with corrections_lock(corrections):
        written = numbered(corrections, replace(correction, file=ENTITIES_FILE))
        check(written)
        if not ingest:
            return append_correction(corrections, written), []
        pending = load_corrections(corrections).adding(written)
        prepared, outcomes = [], []
        for rid in list_reports(store, minter):
            try:
                prepared.append(_prepare_stored(store, minter, rid, reports, pending, archive))
            except CoopgraphError as exc:
                outcomes.append(IngestOutcome(path=Path(reports), report_id=rid, error=exc))
        if any(not isinstance(o.error, ReviewError) for o in outcomes):
            return written, outcomes
        if not any(a.correction == written for p in prepared if p.corrections for a in p.corrections.applied):
            raise CorrectionError(
                f"{written.where}: {correction.kind} {correction.key!r} {correction.action} "
                f"{correction.value!r} changes nothing in the stored reports; not kept"
            )
        append_correction(corrections, written)
    return written, [store_prepared(store, p, minter, archive) for p in prepared] + outcomes
