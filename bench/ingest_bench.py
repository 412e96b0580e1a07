"""Ingest benchmark: rows per second end to end (read, extract, validate, store).

Generates a seeded synthetic corpus (``generate_corpus``, 2,000 rows by default) into a
temporary folder, ingests it into a fresh temporary store through the real pipeline
(``coopgraph.pipeline.ingest_paths``, as ``coopgraph ingest`` does), and prints per stage the
median seconds per report and the total, then rows per second end to end. The last line is
machine-readable: ``ingest_rows_per_second=X``.

Afterwards (untimed) it scores the extraction against the generator's answer key
(``expected.jsonl``): dates, participant totals, towns, organisations, people, formats and
agreement numbers, and shows a few misses per field with the cell text, so a regression in
the extractor shows up here as well as in the speed.

    .venv/bin/python bench/ingest_bench.py
    .venv/bin/python bench/ingest_bench.py --rows 5000 --seed 3 --docx
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

# Before anything imports numpy/OpenBLAS (see FIELD-NOTES: threads fight on 2 cores).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from corpus_pools import ORG_BY_KEY, SAME_AS
from generate_corpus import generate_corpus

from coopgraph.errors import CoopgraphError
from coopgraph.ingest.extract import extract_report
from coopgraph.ingest.readers import read_report
from coopgraph.ingest.records import COLUMNS, EventRecord, PlaceKind
from coopgraph.iris import Minter
from coopgraph.pipeline import STAGES, IngestOutcome, ingest_paths
from coopgraph.settings import BY_NAME
from coopgraph.store import Store

DEFAULT_ROWS = 2000
DEFAULT_ROWS_PER_REPORT = 50


# --------------------------------------------------------------------------- timing


def run_ingest(
    corpus: Path, store_path: Path, *, quiet: bool = False, jobs: int | None = None
) -> tuple[list[IngestOutcome], float, float]:
    """Ingest every report of ``corpus`` into a new store; (outcomes, wall seconds, CPU seconds).

    CPU seconds are this process's: on a shared machine they vary less than the wall clock."""
    minter = Minter(BY_NAME["base_iri"].default)
    done = 0

    def progress(outcome: IngestOutcome) -> None:
        nonlocal done
        done += 1
        if not quiet:
            state = "ok" if outcome.ok else "REJECTED"
            print(f"\r  ingested {done} reports ({outcome.path.name}: {state})   ", end="", file=sys.stderr)

    with Store(store_path) as store:
        start, cpu_start = time.perf_counter(), time.process_time()
        outcomes = ingest_paths([corpus], store, minter, on_progress=progress, jobs=jobs)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    if not quiet:
        print(file=sys.stderr)
    return outcomes, wall, cpu


def stage_table(outcomes: Sequence[IngestOutcome]) -> list[tuple[str, float, float]]:
    """(stage, median seconds per report, total seconds) over the reports that were stored."""
    rows = []
    stored = [o for o in outcomes if o.ok]
    for stage in STAGES:
        values = [o.seconds.get(stage, 0.0) for o in stored]
        rows.append((stage, statistics.median(values) if values else 0.0, sum(values)))
    return rows


# --------------------------------------------------------------------------- accuracy


def _norm(text: str) -> str:
    return " ".join(text.replace("ё", "е").replace("Ё", "Е").replace("\u00a0", " ").split()).lower()


def _org_forms(key: str) -> set[str]:
    o = ORG_BY_KEY[key]
    return {_norm(name) for name in (o.nom, *o.aliases, *SAME_AS.get(key, ()))}


def score_event(event: EventRecord, truth: dict) -> dict[str, tuple[bool, str]]:
    """Per field: (correct?, what was found) for one extracted row against its answer key."""
    found_towns = {_norm(p.name) for p in event.places if p.kind is PlaceKind.SETTLEMENT}
    org_names = {_norm(o.name) for o in event.organisations}
    missing_orgs = [k for k in truth["organisations"] if not (_org_forms(k) & org_names)]
    people = {_norm(p.name) for p in event.people}
    missing_people = [p for p in truth["people"] if _norm(p) not in people]
    formats = sorted(f.value for f in event.formats)
    scores = {
        "dates": (
            (event.dates.start.isoformat(), event.dates.end.isoformat()) == (truth["start"], truth["end"]),
            f"{event.dates.start}..{event.dates.end}",
        ),
        "periods": (len(event.dates.periods) == truth["periods"], str(len(event.dates.periods))),
        "participants": (event.participants_total == truth["total"], str(event.participants_total)),
        "towns": (
            {_norm(t) for t in truth["towns"]} <= found_towns,
            "; ".join(sorted(found_towns)),
        ),
        "organisations": (not missing_orgs, "missing " + ", ".join(missing_orgs)),
        "people": (not missing_people, "missing " + ", ".join(missing_people)),
        "formats": (formats == truth["formats"], ",".join(formats)),
    }
    if truth.get("agreement"):
        a = event.agreement
        want = truth["agreement"]
        got = (
            {
                "approval_number": a.approval_number,
                "approval_date": a.approval_date.isoformat() if a.approval_date else None,
                "registration_number": a.registration_number,
                "registration_date": a.registration_date.isoformat() if a.registration_date else None,
            }
            if a
            else {}
        )
        scores["agreement"] = (got == want, json.dumps(got, ensure_ascii=False))
    return scores


_CELL_OF = {
    "dates": "dates", "periods": "dates", "participants": "participants", "towns": "place",
    "organisations": None, "people": "participants", "formats": None, "agreement": "content",
}  # fmt: skip


_TRUTH_FIELDS = ("start", "end", "total", "towns", "organisations", "people", "formats", "agreement")


def _miss(file: str, event: EventRecord, truth: dict, field: str, got: str) -> str:
    column = _CELL_OF[field]
    cell = event.cells[COLUMNS.index(column)] if column else " | ".join(event.cells[1:])
    want = {k: truth[k] for k in _TRUTH_FIELDS if k in truth}
    return (
        f"    {file} row {event.row_number}: got {got!r}\n"
        f"      cell: {cell!r}\n      expected: {json.dumps(want, ensure_ascii=False)}"
    )


def check_extraction(corpus: Path, *, show: int) -> list[str]:
    """Score every report of the corpus against ``expected.jsonl``; lines to print."""
    expected: dict[tuple[str, int], dict] = {}
    for line in (corpus / "expected.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        expected[(item["file"], item["number"])] = item
    right: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    misses: dict[str, list[str]] = defaultdict(list)
    failed: list[str] = []
    for path in sorted(p for p in corpus.iterdir() if p.suffix in (".txt", ".docx")):
        try:
            record = extract_report(read_report(path))
        except CoopgraphError as exc:  # the ingest already reported it; keep scoring the others
            failed.append(f"{path.name}: {exc}")
            continue
        for event in record.events:
            truth = expected[(path.name, event.row_number)]
            for field, (ok, got) in score_event(event, truth).items():
                total[field] += 1
                right[field] += ok
                if not ok and len(misses[field]) < show:
                    misses[field].append(_miss(path.name, event, truth, field, got))
    lines = [
        "",
        "extraction against the answer key (untimed):",
        f"  {'field':<14}{'rows':>7}{'right':>8}{'share':>9}",
    ]
    for field in total:
        share = right[field] / total[field] if total[field] else 1.0
        lines.append(f"  {field:<14}{total[field]:>7}{right[field]:>8}{share:>9.1%}")
    for field, items in misses.items():
        lines.append(f"  misses in {field} (first {len(items)}):")
        lines += items
    if failed:
        lines.append(f"  {len(failed)} report(s) could not be extracted: " + "; ".join(failed[:3]))
    return lines


# --------------------------------------------------------------------------- main


def print_timing(outcomes: Sequence[IngestOutcome], wall: float, cpu: float, rows: int) -> float:
    """Print the stage table and the totals; return stored rows per wall-clock second."""
    stored = [o for o in outcomes if o.ok]
    stored_rows = sum(o.events for o in stored)
    print(f"\n  {'stage':<10}{'median s/report':>17}{'total s':>10}{'share':>8}")
    table = stage_table(outcomes)
    staged = sum(t for _, _, t in table)
    for stage, median, total_s in table:
        print(f"  {stage:<10}{median:>17.3f}{total_s:>10.2f}{total_s / wall:>8.0%}")
    # Static graphs (ontology, gazetteer), first-use loading, and reports that were rejected.
    print(f"  {'other':<10}{'':>17}{wall - staged:>10.2f}{(wall - staged) / wall:>8.0%}")
    print(f"  {'wall':<10}{'':>17}{wall:>10.2f}   (CPU {cpu:.2f} s)")
    print(f"\nreports stored: {len(stored)} of {len(outcomes)}; rows stored: {stored_rows} of {rows}; "
          f"triples: {sum(o.triples for o in stored)}")  # fmt: skip
    for o in outcomes:
        if not o.ok:
            lines = [line.strip() for line in str(o.error).splitlines()]
            print(f"  rejected {o.path.name}: {' / '.join(lines[1:2] or lines)[:300]}")
    rate = stored_rows / wall if wall else 0.0
    print(f"rows/s end to end (read, extract, validate, store; wall clock): {rate:.1f}; "
          f"per CPU second: {stored_rows / cpu if cpu else 0.0:.1f}")  # fmt: skip
    return rate


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rows", type=int, default=DEFAULT_ROWS, help=f"rows in the corpus (default {DEFAULT_ROWS})"
    )
    parser.add_argument("--rows-per-report", type=int, default=DEFAULT_ROWS_PER_REPORT,
                        help=f"rows per report (default {DEFAULT_ROWS_PER_REPORT})")  # fmt: skip
    parser.add_argument("--seed", default="0", help="corpus seed (default 0)")
    parser.add_argument("--docx", action="store_true", help="generate DOCX reports instead of text dumps")
    parser.add_argument("--regions", default="smolensk,bryansk,pskov",
                        help="reporting regions of the corpus (default smolensk,bryansk,pskov)")  # fmt: skip
    parser.add_argument("--keep", type=Path, help="write the corpus and store here instead of a temp folder")
    parser.add_argument("--no-check", action="store_true", help="skip scoring the extraction")
    parser.add_argument("--show-misses", type=int, default=3, help="misses shown per field (default 3)")
    parser.add_argument("--jobs", type=int, default=None,
                        help="worker processes preparing reports (default: cores - 1, at most 4; 0: none); "
                        "with more than one, stage times overlap: shares add up past 100%%")  # fmt: skip
    args = parser.parse_args(argv)

    reports = math.ceil(args.rows / args.rows_per_report)
    with tempfile.TemporaryDirectory(prefix="coopgraph-bench-") as tmp:
        root = args.keep or Path(tmp)
        corpus, store_path = root / "corpus", root / "store"
        if store_path.exists() and any(store_path.iterdir()):
            print(f"error: {store_path} is not empty; the benchmark needs a fresh store", file=sys.stderr)
            return 2
        t0 = time.perf_counter()
        paths = generate_corpus(
            corpus,
            reports=reports,
            rows_per_report=args.rows_per_report,
            seed=args.seed,
            docx=args.docx,
            regions=tuple(r.strip() for r in args.regions.split(",") if r.strip()),
        )
        generated = time.perf_counter() - t0
        rows = len(paths) * args.rows_per_report
        kind = "DOCX" if args.docx else "text"
        print(f"corpus: {len(paths)} {kind} reports x {args.rows_per_report} rows = {rows} rows "
              f"(seed {args.seed}, generated in {generated:.1f} s)")  # fmt: skip

        outcomes, wall, cpu = run_ingest(corpus, store_path, jobs=args.jobs)
        rate = print_timing(outcomes, wall, cpu, rows)
        if not args.no_check:
            print("\n".join(check_extraction(corpus, show=args.show_misses)))
        print(f"ingest_rows_per_second={rate:.1f}")
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
