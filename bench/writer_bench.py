"""Result writers side by side, in one process on the cached store: what the query worker spends
after the evaluation, without HTTP, the pipe or the other systems' noise.

For each query of ``query_bench`` (the analyst pack and the three heavy ones) it times, round
robin so that a busy machine slows all four alike:

  bare      Store.query, every term of every solution touched (the floor)
  python    Store.query + our Python writer for every answer (``serialize_solutions``: what
            the worker used before answers under the row cap went to pyoxigraph)
  worker    Store.query + ``write_solutions`` (pyoxigraph's writer under the row cap: the
            TSV sink that stops at max_rows + 1, read back and written as JSON)
  oxjson    Store.query + pyoxigraph's JSON writer straight (no row cap)

Medians of ``--reps`` (default 5) in milliseconds; queries whose first run takes more than
``--slow`` seconds (default 5) are left out. Last line: the geometric means of python/bare
and worker/bare.

    .venv/bin/python bench/writer_bench.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import common
import pyoxigraph as ox
from query_bench import all_queries

from coopgraph.server.results import serialize_solutions, write_solutions
from coopgraph.store import Store

CAP = {"max_rows": 10**9, "max_bytes": 2**40}


def writers(store: Store, text: str) -> dict[str, Callable[[], object]]:
    def bare() -> None:
        for solution in store.query(text):
            for _term in solution:
                pass

    def python() -> None:
        result = store.query(text)
        serialize_solutions([v.value for v in result.variables], iter(result), "json", **CAP)

    return {
        "bare": bare,
        "python": python,
        "worker": lambda: write_solutions(store.query(text), "json", **CAP),
        "oxjson": lambda: store.query(text).serialize(format=ox.QueryResultsFormat.JSON),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="100k")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--slow", type=float, default=5.0)
    common.add_common_arguments(parser)
    args = parser.parse_args(argv)
    bench = common.ensure_store(args.size, Path(args.cache))
    store = Store(bench.path, read_only=True)
    rows, python_ratios, worker_ratios = [], [], []
    for name, text in all_queries().items():
        runs = writers(store, text)
        if common.timed(runs["bare"]) > args.slow:
            common.log(f"  {name}: left out (bare over {args.slow:g} s)")
            continue
        for run in runs.values():
            run()  # warm-up
        times: dict[str, list[float]] = {label: [] for label in runs}
        for _ in range(args.reps):
            for label, run in runs.items():
                start = time.perf_counter()
                run()
                times[label].append(time.perf_counter() - start)
        median = {label: statistics.median(found) * 1000 for label, found in times.items()}
        python_ratios.append(median["python"] / median["bare"])
        worker_ratios.append(median["worker"] / median["bare"])
        rows.append([name, *(f"{median[label]:.1f}" for label in runs),
                     f"{python_ratios[-1]:.2f}", f"{worker_ratios[-1]:.2f}"])  # fmt: skip
    store.close()
    common.print_table(
        ["query", "bare ms", "python writer ms", "worker now ms", "oxjson ms", "python/bare", "worker/bare"],
        rows,
        title=f"size {args.size}: result writers, median of {args.reps} "
        f"(load average {os.getloadavg()[0]:.1f})",
    )
    print(
        f"geomean python/bare={common.geomean(python_ratios):.2f} "
        f"worker/bare={common.geomean(worker_ratios):.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
