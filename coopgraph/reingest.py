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
from coopgraph.corrections import (
    ENTITIES_FILE,
    SCALAR_FIELDS,
    CorrectionError,
    EntityCorrection,
    RowCorrection,
    append_entity_correction,
    append_row_correction,
    load_corrections,
)
from coopgraph.entities import entity_name, used_correction_sources
from coopgraph.history import archive_for, stored_source
from coopgraph.ingest.errors import CoopgraphError
from coopgraph.ingest.iris import Minter
from coopgraph.ingest.report_meta import ReportPeriod, parse_period
from coopgraph.pipeline import IngestOutcome, list_reports, prepare, store_prepared
from coopgraph.review import ReviewError, build_review, find_row, report_file_name, reports_folder_file
from coopgraph.store import Store


def reingest_report(
    store: Store, minter: Minter, report_id: str, *, reports: str | Path, corrections: str | Path,
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
    store: Store, minter: Minter, report_id: str, *, reports: str | Path, archive: Archive
) -> tuple[Path, ReportPeriod | None]:
    """The source file to re-read a stored report from, and the --period it was stored with:
    the archive's copy (by SHA-256), else the file of that name in the reports folder."""
    report_file_name(store, minter, report_id)  # "no report ..." when it is not stored
    kept, name, period = stored_source(store, archive, minter, report_id)
    path = kept or reports_folder_file(reports, name or report_file_name(store, minter, report_id))
    return path, parse_period(period) if period else None


def reingest_all(
    store: Store, minter: Minter, *, reports: str | Path, corrections: str | Path,
    archive: Archive | None = None,
) -> list[IngestOutcome]:  # fmt: skip
    """Re-ingest every stored report (from its kept source file, or the reports folder)."""
    return [
        reingest_report(store, minter, rid, reports=reports, corrections=corrections, archive=archive)
        for rid in list_reports(store, minter)
    ]


def correct_row(
    store: Store,
    minter: Minter,
    report_id: str,
    correction: RowCorrection,
    *,
    reports: str | Path,
    corrections: str | Path,
    ingest: bool = True,
    archive: Archive | None = None,
) -> tuple[RowCorrection, IngestOutcome | None]:
    """Append a row correction to the report's file and (by default) re-ingest the report.

    The correction is not kept (the file is restored) when the report with it does not
    validate (the outcome carries the error) or when it changes nothing (CorrectionError).

    A ``set`` without ``match`` gets the stored value as its match, so that it goes stale
    (and is reported) when a later extraction gives something else.
    """
    review = build_review(store, minter, report_id, shacl=False)
    row = find_row(review, correction.row)
    if correction.action == "set" and not correction.match and correction.field in SCALAR_FIELDS:
        correction = replace(correction, match=row.values()[correction.field])
    path = Path(corrections) / f"{report_id}.csv"
    before = path.read_bytes() if path.exists() else None
    written = append_row_correction(corrections, report_id, correction)
    if not ingest:
        return written, None
    outcome = reingest_report(
        store, minter, report_id, reports=reports, corrections=corrections, archive=archive
    )
    if not outcome.ok:  # a correction that makes the report invalid is not kept
        _restore(path, before)
        return written, outcome
    # A new correction that finds nothing to change is a mistake now, not a stale one later.
    unused = [
        w for w in outcome.warnings if f"{written.where}:" in w.message or f"{written.where} " in w.message
    ]
    if unused:
        _restore(path, before)
        reingest_report(store, minter, report_id, reports=reports, corrections=corrections, archive=archive)
        raise CorrectionError(unused[0].message)
    return written, outcome


def _restore(path: Path, before: bytes | None) -> None:
    if before is None:
        path.unlink(missing_ok=True)
    else:
        path.write_bytes(before)


def correct_entity(
    store: Store,
    minter: Minter,
    correction: EntityCorrection,
    *,
    reports: str | Path,
    corrections: str | Path,
    ingest: bool = True,
    archive: Archive | None = None,
) -> tuple[EntityCorrection, list[IngestOutcome]]:
    """Append an entity correction to entities.csv and (by default) re-ingest every report.

    A merge or alias without a name takes the kept entity's name from the store.
    """
    if correction.action in ("merge", "alias") and not correction.name:
        correction = replace(correction, name=entity_name(store, correction.kind, correction.value) or "")
    path = Path(corrections) / ENTITIES_FILE
    before = path.read_bytes() if path.exists() else None
    written = append_entity_correction(corrections, correction)
    if not ingest:
        return written, []
    outcomes = reingest_all(store, minter, reports=reports, corrections=corrections, archive=archive)
    # Not kept when it makes a report invalid (a report whose file is missing is only skipped).
    if any(not o.ok and not isinstance(o.error, ReviewError) for o in outcomes):
        _restore(path, before)
        failed = [o for o in outcomes if not o.ok]
        outcomes = (
            reingest_all(store, minter, reports=reports, corrections=corrections, archive=archive) + failed
        )
    elif written.where not in used_correction_sources(store):
        # A new entity correction that changes nothing is a mistake now, not a stale one later.
        _restore(path, before)
        reingest_all(store, minter, reports=reports, corrections=corrections, archive=archive)
        raise CorrectionError(
            f"{written.where}: {correction.kind} {correction.key!r} {correction.action} "
            f"{correction.value!r} changes nothing in the stored reports; not kept"
        )
    return written, outcomes
