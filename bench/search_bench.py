"""Search benchmark: building the lemmatised index of a store and answering queries from it.

For each size (``--sizes 10k,100k``; default ``10k,100k``) it builds or reuses the cached store
(see ``common``), builds the search index of its generation ``--reps`` times (default 3) into a
throw-away folder, and times a few queries (one word, an inflected word, two words, a word
nothing matches) answered from the built index, the same way the /search route does. Figures
are medians in milliseconds; the first query after a build also pays the one-off load of the
pymorphy3 dictionaries, so each query is warmed up once.

    .venv/bin/python bench/search_bench.py
    .venv/bin/python bench/search_bench.py --sizes 1m --reps 1
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import common
from common import log

QUERIES = ("Смоленск", "Гомеле", "выставка молодежи", "несуществующееслово")


def bench_size(size: str, cache: Path, reps: int) -> list[tuple[str, str, float]]:
    from coopgraph.search_index import SearchIndex
    from coopgraph.store import Store

    bench_store = common.ensure_store(size, cache)
    rows = []
    with Store(bench_store.path, read_only=True) as store, tempfile.TemporaryDirectory() as folder:
        builds = []
        for rep in range(reps):
            index = SearchIndex(Path(folder) / str(rep))
            t0 = time.perf_counter()
            _, path = index.ensure(store)
            builds.append((time.perf_counter() - t0) * 1000)
        rows.append(
            (
                size,
                f"build ({bench_store.triples} triples, {path.stat().st_size // 1024} KiB)",
                statistics.median(builds),
            )
        )
        for text in QUERIES:
            index.search(store, text)  # warm-up
            times = []
            for _ in range(max(reps, 5)):
                t0 = time.perf_counter()
                results = index.search(store, text)
                times.append((time.perf_counter() - t0) * 1000)
            rows.append((size, f"query {text!r} ({results.total} hits)", statistics.median(times)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10k,100k")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=common.DEFAULT_CACHE)
    args = parser.parse_args()
    rows = []
    for size in common.parse_sizes(args.sizes):
        log(f"[{size}] search index")
        rows += bench_size(size, args.cache, args.reps)
    print("| size | what | median ms |\n| --- | --- | --- |")
    for size, what, ms in rows:
        print(f"| {size} | {what} | {ms:.1f} |")


if __name__ == "__main__":
    main()
