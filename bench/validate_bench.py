"""Validation benchmark: one new report against a full store and against an empty one.

Generates ``--reports`` new reports (default 6, 220 rows each, a reporting region that the
cached stores do not hold, so each is a new named graph) and, for two stores:

  empty   a fresh store holding only the static graphs (ontology, gazetteer)
  full    a copy of the cached store of ``--size`` (default 100k; ``--size 1m`` for the goal)

times per report ``coopgraph.pipeline.prepare`` (read, extract, map, SHACL-validate: the
cost of validating a report, split into its stages) and ``store_prepared`` (the atomic
replacement of the report's graph). The stores take turns report by report; the first
report is a warm-up (first use of the extractor, the shapes, the gazetteer); the figures are
medians over the others.
The cost must follow the report, not the store: the goal is full / empty <= 2 for validation.
Last line: ``validate_ratio=X ingest_one_ratio=Y`` (prepare, and prepare + store).

    .venv/bin/python bench/validate_bench.py
    .venv/bin/python bench/validate_bench.py --size 1m
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import common
from common import log

NEW_REGION = "bryansk"  # the cached stores hold smolensk and pskov reports only


def time_reports(stores: dict[str, Path], reports: list[Path]) -> dict[str, tuple[list[dict], int]]:
    """Per store: per report the seconds of each prepare stage, of prepare and of the store step;
    and the store's triple count before the first report. The stores take turns report by
    report (alternating which goes first), so that warming caches favour neither."""
    from coopgraph.iris import Minter
    from coopgraph.pipeline import ensure_static_graphs, prepare, store_prepared
    from coopgraph.settings import BY_NAME
    from coopgraph.store import Store

    minter = Minter(BY_NAME["base_iri"].default)
    prepare(reports[0], minter)  # untimed: first use of the extractor, the shapes, the gazetteer
    opened = {name: Store(path) for name, path in stores.items()}
    found: dict[str, tuple[list[dict], int]] = {}
    try:
        for name, store in opened.items():
            if not store.named_graphs():
                ensure_static_graphs(store, minter)
            found[name] = ([], store.count())
        for i, path in enumerate(reports):
            for name in list(opened)[:: 1 if i % 2 else -1]:
                t0 = time.perf_counter()
                prepared = prepare(path, minter)
                t1 = time.perf_counter()
                store_prepared(opened[name], prepared, minter)
                t2 = time.perf_counter()
                found[name][0].append(
                    {**prepared.seconds, "prepare": t1 - t0, "store": t2 - t1, "total": t2 - t0}
                )
    finally:
        for store in opened.values():
            store.close()
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--size", default="100k", help="size of the full store: 10k, 100k or 1m (default 100k)"
    )
    parser.add_argument(
        "--reports", type=int, default=6, help="new reports timed per store, the first a warm-up (default 6)"
    )
    parser.add_argument("--rows-per-report", type=int, default=220, help="rows per new report (default 220)")
    common.add_common_arguments(parser)
    args = parser.parse_args(argv)
    (size,) = common.parse_sizes(args.size)
    bench = common.ensure_store(size, Path(args.cache))
    from generate_corpus import generate_corpus

    with tempfile.TemporaryDirectory(prefix="coopgraph-validate-", dir=args.cache) as tmp:
        root = Path(tmp)
        reports = generate_corpus(
            root / "new",
            reports=max(2, args.reports),
            rows_per_report=args.rows_per_report,
            seed="new-reports",
            regions=(NEW_REGION,),
        )
        log(f"[{size}] copying the cached store ({bench.triples} triples)")
        shutil.copytree(bench.path, root / "full")
        log(f"[{size}] {len(reports)} new reports into an empty store and into the {size} store, in turn")
        results = time_reports({"empty": root / "empty", "full": root / "full"}, reports)

    keys = ("read", "extract", "validate", "prepare", "store", "total")
    medians = {
        name: {k: statistics.median(t[k] for t in timings[1:]) for k in keys}
        for name, (timings, _) in results.items()
    }
    rows = []
    for k in keys:
        e, f = medians["empty"][k], medians["full"][k]
        label = {"prepare": "prepare (read+extract+validate)", "total": "prepare + store"}.get(k, k)
        rows.append([label, common.ms(e), common.ms(f), common.ratio(f, e)])
    common.print_table(
        ["step", "empty store ms", f"{size} store ms", "full / empty"],
        rows,
        title=f"one new report of {args.rows_per_report} rows; empty store: {results['empty'][1]} triples "
        f"(static graphs), full: {results['full'][1]} triples; median of {len(reports) - 1} reports "
        "after 1 warm-up",
    )
    validate_ratio = medians["full"]["prepare"] / medians["empty"]["prepare"]
    total_ratio = medians["full"]["total"] / medians["empty"]["total"]
    print(f"validate_ratio={validate_ratio:.2f} ingest_one_ratio={total_ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
