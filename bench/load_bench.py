"""Load benchmark: K concurrent clients against `coopgraph serve` while a runaway query is timed out.

Starts `coopgraph serve` over the cached store of ``--size`` (default 100k; see ``common``)
with the server's default settings (query_timeout 10 s, 2 query workers, 8 threads) unless
told otherwise, and runs ``--clients`` (default 16) client threads on loopback for
``--seconds`` (default 60). Each client keeps one keep-alive connection and loops over a
seeded random mix of:

  canned    /queries/NAME.json for every query of the analyst pack (parameters unbound)
  page      /events, /organisations (list pages) and /doc/... pages of events and organisations
  sparql    a small SELECT through /sparql (an analyst's lookup, through the query workers)
  dump      /downloads/coopgraph.nt (the whole-dataset dump; built once per store generation,
            untimed before the clock starts, then served from the cache)

and one more thread keeps a runaway query (a three-way cartesian product counted) in flight
through /sparql the whole time: it must end with 503 at the query timeout, and the other
clients must go on being answered meanwhile.

Printed: per request kind the count, throughput, p50, p99 and max latency and errors, then
the runaway's outcomes; last line ``load_p99_ms=X throughput_rps=Y errors=Z`` (all kinds but
the runaway). The goal is p99 < 1 s with 16 clients at 1M triples.

``--skip-canned`` leaves named canned queries out of the mix (to tell a slow query from a
slow server).

    .venv/bin/python bench/load_bench.py
    .venv/bin/python bench/load_bench.py --size 1m --clients 16 --seconds 60
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import common
from common import Client, log

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LOOKUP = """PREFIX schema: <http://schema.org/>
SELECT ?name WHERE { <%s> schema:name ?name }"""
# kinds and their shares of the requests
MIX = {"canned": 4, "page": 4, "sparql": 2, "dump": 1}


def targets(
    bench: common.BenchStore, rng: random.Random, skip: Sequence[str] = ()
) -> dict[str, list[tuple[str, str, str | None]]]:
    """(method, path, sparql body) per kind, drawn from the store."""
    from coopgraph.publish.queries import canned_queries
    from coopgraph.settings import BY_NAME
    from coopgraph.store import Store

    base = BY_NAME["base_iri"].default
    with Store(bench.path, read_only=True) as store:
        events = [
            s["e"].value
            for s in store.query("SELECT ?e WHERE { ?e a <https://w3id.org/coopgraph/ns#CooperationEvent> }")
        ]
        orgs = [
            s["o"].value for s in store.query("SELECT ?o WHERE { ?o a <http://schema.org/Organization> }")
        ]
    sample = rng.sample(events, min(40, len(events))) + rng.sample(orgs, min(20, len(orgs)))
    doc = [
        ("GET", "/doc/" + iri[len(base) + len("id/") :] + ".html", None)
        for iri in sample
        if iri.startswith(base)
    ]
    return {
        "canned": [("GET", f"/queries/{name}.json", None) for name in canned_queries() if name not in skip],
        "page": [("GET", "/events", None), ("GET", "/organisations", None), *doc],
        "sparql": [("POST", "/sparql", LOOKUP % iri) for iri in sample],
        "dump": [("GET", "/downloads/coopgraph.nt", None)],
    }


def send(client: Client, method: str, path: str, body: str | None, timeout: float) -> tuple[int, bytes]:
    if body is None:
        return client.request(method, path, headers={"Accept": "text/html,application/json"}, timeout=timeout)
    return client.sparql(path, body, timeout=timeout)


def client_loop(base: str, plan: dict, seed: int, stop: float, log_to: list, timeout: float) -> None:
    rng = random.Random(seed)
    kinds = [k for k, w in MIX.items() for _ in range(w)]
    client = Client(base)
    while time.monotonic() < stop:
        kind = rng.choice(kinds)
        method, path, body = rng.choice(plan[kind])
        start = time.perf_counter()
        try:
            status, _ = send(client, method, path, body, timeout)
        except Exception as exc:  # a failed request is an error of the run, not of the script
            status = f"{type(exc).__name__}"
        log_to.append((kind, time.perf_counter() - start, status, start))
    client.close()


def runaway_loop(base: str, stop: float, log_to: list, timeout: float) -> None:
    client = Client(base)
    while time.monotonic() < stop:
        start = time.perf_counter()
        try:
            status, body = client.sparql("/sparql", RUNAWAY, timeout=timeout)
            status = f"{status} {body[:40].decode(errors='replace').strip()}"
        except Exception as exc:
            status = type(exc).__name__
        log_to.append(("runaway", time.perf_counter() - start, status, start))
    client.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="100k", help="store size: 10k, 100k or 1m (default 100k)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the run (default 60)")
    parser.add_argument("--query-timeout", type=float, help="server setting (default: the server's, 10 s)")
    parser.add_argument("--query-workers", type=int, help="server setting (default: the server's, 2)")
    parser.add_argument("--threads", type=int, help="server setting (default: the server's, 8)")
    parser.add_argument("--no-runaway", action="store_true", help="run without the runaway query")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--skip-canned",
        default="",
        help="comma-separated canned queries to leave out of the mix (default none)",
    )
    common.add_common_arguments(parser)
    args = parser.parse_args(argv)
    (size,) = common.parse_sizes(args.size)
    bench = common.ensure_store(size, Path(args.cache))
    rng = random.Random(args.seed)
    skip = [n.strip() for n in args.skip_canned.split(",") if n.strip()]
    plan = targets(bench, rng, skip)
    settings = {
        k: v
        for k, v in {
            "query_timeout": args.query_timeout,
            "query_workers": args.query_workers,
            "threads": args.threads,
        }.items()
        if v is not None
    }
    from coopgraph.settings import BY_NAME

    query_timeout = args.query_timeout or BY_NAME["query_timeout"].default
    with common.running_coopgraph(bench.path, **settings) as base:
        warm = Client(base)
        t0 = time.perf_counter()
        status, dump = warm.request("GET", "/downloads/coopgraph.nt", timeout=600)
        dump_build = time.perf_counter() - t0
        for kind in ("canned", "page"):  # first use of templates, label caches, the store
            for method, path, body in plan[kind][:4]:
                send(warm, method, path, body, 120)
        warm.close()
        log(
            f"[{size}] dump built in {dump_build:.1f} s ({len(dump)} bytes, HTTP {status}); "
            f"{args.clients} clients for {args.seconds:g} s"
        )
        records: list = []
        stop = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=client_loop, args=(base, plan, args.seed * 1000 + i, stop, records, 120))
            for i in range(args.clients)
        ]
        if not args.no_runaway:
            threads.append(
                threading.Thread(target=runaway_loop, args=(base, stop, records, query_timeout + 60))
            )
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads[: args.clients]:
            t.join()
        wall = time.perf_counter() - started  # the clients' window (the runaway may end later)
        for t in threads[args.clients :]:
            t.join()

    by_kind, rows, everything, total_errors = _summary(records, wall)
    common.print_table(
        ["kind", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "errors"],
        rows,
        title=f"size {size}: {bench.triples} triples; {args.clients} clients for {wall:.0f} s"
        + ("" if args.no_runaway else f"; one runaway query in flight (query_timeout {query_timeout:g} s)")
        + (f"; server settings {settings}" if settings else "; default server settings")
        + (f"; canned queries left out: {', '.join(skip)}" if skip else ""),
    )
    runaway = by_kind.get("runaway", [])
    if runaway:
        outcomes = defaultdict(int)
        for _, st in runaway:
            outcomes[str(st)[:60]] += 1
        print(
            f"runaway: {len(runaway)} sent, ended after {', '.join(f'{s:.1f}' for s, _ in runaway)} s; "
            + "; ".join(f"{n} x {st!r}" for st, n in outcomes.items())
        )
    print(f"dump first build (untimed above): {dump_build:.1f} s")
    p99 = common.percentile(everything, 0.99)
    print(f"load_p99_ms={p99 * 1000:.0f} throughput_rps={len(everything) / wall:.1f} errors={total_errors}")
    return 0


def _summary(records: list, wall: float) -> tuple[dict[str, list], list[list], list[float], int]:
    """The requests by kind, one table row per kind and one for all but the runaway query,
    every latency but the runaway's, and how many answers were errors (for the runaway: not
    stopped with 503 at query_timeout)."""
    by_kind: dict[str, list] = defaultdict(list)
    for kind, seconds, status, _ in records:
        by_kind[kind].append((seconds, status))
    rows = []
    everything: list[float] = []
    total_errors = 0
    for kind in [*MIX, "runaway"]:
        items = by_kind.get(kind, [])
        if not items:
            continue
        latencies = [s for s, _ in items]
        if kind == "runaway":
            errors = sum(1 for _, st in items if not str(st).startswith("503"))
        else:
            errors = sum(1 for _, st in items if st != 200)
            everything += latencies
            total_errors += errors
        rows.append(
            [
                kind,
                len(items),
                f"{len(items) / wall:.1f}",
                common.ms(statistics.median(latencies)),
                common.ms(common.percentile(latencies, 0.99)),
                common.ms(max(latencies)),
                errors,
            ]
        )
    rows.append(
        [
            "all but runaway",
            len(everything),
            f"{len(everything) / wall:.1f}",
            common.ms(statistics.median(everything)),
            common.ms(common.percentile(everything, 0.99)),
            common.ms(max(everything)),
            total_errors,
        ]
    )
    return by_kind, rows, everything, total_errors


if __name__ == "__main__":
    sys.exit(main())
