"""Re-ingest stored reports from the reports folder with the current corrections.

A correction made from the review page or `coopgraph correct` takes effect by re-ingesting the
report it concerns (an entity correction: every stored report) from its source file, found by
its stored file name (``cg:fileName``) in the reports folder (setting ``reports``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from coopgraph.corrections import (
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
from coopgraph.entities import entity_name
from coopgraph.ingest.errors import CoopgraphError
from coopgraph.ingest.iris import Minter
from coopgraph.pipeline import IngestOutcome, Prepared, list_reports, prepare, store_prepared
from coopgraph.review import ReviewError, build_review, find_row, report_file_name, reports_folder_file
from coopgraph.store import Store


def reingest_report(
    store: Store, minter: Minter, report_id: str, *, reports: str | Path, corrections: str | Path
) -> IngestOutcome:
    """Re-read one stored report from the reports folder and store it with its corrections.

    A report that no longer validates is not stored (the outcome carries the error) and its
    previous version stays.
    """
    path = Path(reports)
    try:
        path = reports_folder_file(reports, report_file_name(store, minter, report_id))
        prepared = prepare(path, minter, load_corrections(corrections))
    except CoopgraphError as exc:
        return IngestOutcome(path=path, report_id=report_id, error=exc)
    return store_prepared(store, prepared, minter)


def reingest_all(
    store: Store, minter: Minter, *, reports: str | Path, corrections: str | Path
) -> list[IngestOutcome]:
    """Re-ingest every stored report whose source file is in the reports folder."""
    return [
        reingest_report(store, minter, rid, reports=reports, corrections=corrections)
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
            prepared = _prepare_stored(store, minter, report_id, reports, pending)
        except CoopgraphError as exc:
            return written, IngestOutcome(path=Path(reports), report_id=report_id, error=exc)
        # A new correction that finds nothing to change is a mistake now, not a stale one later.
        where = written.where
        unused = [w for w in prepared.warnings if f"{where}:" in w.message or f"{where} " in w.message]
        if unused:
            raise CorrectionError(unused[0].message)
        append_correction(corrections, written)
    return written, store_prepared(store, prepared, minter)


def _prepare_stored(
    store: Store, minter: Minter, report_id: str, reports: str | Path, corrections: CorrectionSet
) -> Prepared:
    path = reports_folder_file(reports, report_file_name(store, minter, report_id))
    return prepare(path, minter, corrections)


def correct_entity(
    store: Store,
    minter: Minter,
    correction: EntityCorrection,
    *,
    reports: str | Path,
    corrections: str | Path,
    ingest: bool = True,
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
                prepared.append(_prepare_stored(store, minter, rid, reports, pending))
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
    return written, [store_prepared(store, p, minter) for p in prepared] + outcomes
