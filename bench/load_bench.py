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

``--systems ours,oxserve`` (the default) runs, one after the other in the same invocation:
``ours`` on the full mix, ``ours`` on the SPARQL mix, and ``oxigraph serve`` (``--timeout-s``
at the same query timeout, the same quads bulk-loaded) on the SPARQL mix. The SPARQL mix is
what both servers can answer: the canned queries (ours by name under ``/queries/``, oxigraph's
``/query`` with the same text), the lookups, and the dump (oxigraph's ``/store?default`` as
N-Triples); pages have no oxigraph counterpart. Its last line compares the two:
``ours_vs_oxserve throughput=X p99=Y``.

    .venv/bin/python bench/load_bench.py
    .venv/bin/python bench/load_bench.py --size 1m --clients 16 --seconds 60
"""

from __future__ import annotations

import argparse
import functools
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
SPARQL_MIX = {"canned": 4, "sparql": 2, "dump": 1}  # what oxigraph serve can answer too
NT = "application/n-triples"


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


def oxigraph_targets(plan: dict, skip: Sequence[str] = ()) -> dict[str, list[tuple[str, str, str | None]]]:
    """The SPARQL mix of `plan` as requests to `oxigraph serve`: the same texts to /query."""
    canned = common.canned_sparql()
    return {
        "canned": [("POST", "/query", text) for name, text in canned.items() if name not in skip],
        "sparql": [("POST", "/query", body) for _, _, body in plan["sparql"]],
        "dump": [("GET", "/store?default", None)],
    }


def send(client: Client, method: str, path: str, body: str | None, timeout: float) -> tuple[int, bytes]:
    if body is None:
        accept = NT if path.startswith("/store") else "text/html,application/json"
        return client.request(method, path, headers={"Accept": accept}, timeout=timeout)
    return client.sparql(path, body, timeout=timeout)


def client_loop(
    base: str, plan: dict, mix: dict[str, int], seed: int, stop: float, log_to: list, timeout: float
) -> None:
    rng = random.Random(seed)
    kinds = [k for k, w in mix.items() for _ in range(w)]
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


def runaway_loop(base: str, path: str, stop: float, log_to: list, timeout: float) -> None:
    client = Client(base)
    while time.monotonic() < stop:
        start = time.perf_counter()
        try:
            status, body = client.sparql(path, RUNAWAY, timeout=timeout)
            status = f"{status} {body[:40].decode(errors='replace').strip()}"
        except Exception as exc:
            status = type(exc).__name__
        log_to.append(("runaway", time.perf_counter() - start, status, start))
    client.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="100k", help="store size: 10k, 100k or 1m (default 100k)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each run (default 60)")
    parser.add_argument("--query-timeout", type=float, help="server setting (default: the server's, 10 s)")
    parser.add_argument("--query-workers", type=int, help="server setting (default: the server's, 2)")
    parser.add_argument("--threads", type=int, help="server setting (default: the server's, 8)")
    parser.add_argument("--no-runaway", action="store_true", help="run without the runaway query")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--systems", default="ours,oxserve", help="ours, oxserve or both (default ours,oxserve)"
    )
    parser.add_argument(
        "--skip-canned",
        default="",
        help="comma-separated canned queries to leave out of the mix (default none)",
    )
    common.add_common_arguments(parser)
    args = parser.parse_args(argv)
    (size,) = common.parse_sizes(args.size)
    bench = common.ensure_store(size, Path(args.cache))
    skip = [n.strip() for n in args.skip_canned.split(",") if n.strip()]
    plan = targets(bench, random.Random(args.seed), skip)
    systems = {name.strip() for name in args.systems.split(",") if name.strip()}
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
    title = (
        f"size {size}: {bench.triples} triples; {args.clients} clients for {args.seconds:g} s"
        + ("" if args.no_runaway else f"; one runaway query in flight (query timeout {query_timeout:g} s)")
        + (f"; canned queries left out: {', '.join(skip)}" if skip else "")
    )
    results: dict[str, tuple[float, float, int]] = {}
    if "ours" in systems:
        with common.running_coopgraph(bench.path, **settings) as base:
            warm_up_ours(base, plan, size)
            server = f"; coopgraph serve, {f'settings {settings}' if settings else 'default settings'}"
            run = functools.partial(
                run_mix, base, plan, args=args, sparql_path="/sparql", timeout=query_timeout
            )
            report(f"{title}{server}; full mix", *run(MIX))
            results["ours"] = report(f"{title}{server}; SPARQL mix", *run(SPARQL_MIX))
    if "oxserve" in systems:
        location = common.ensure_oxigraph_location(bench)
        with common.running_oxigraph(location, timeout_s=int(query_timeout)) as base:
            ox_plan = oxigraph_targets(plan, skip)
            warm = Client(base)
            status, dump = warm.request("GET", "/store?default", headers={"Accept": NT}, timeout=600)
            warm.close()
            log(f"[{size}] oxigraph serve: the dump answered with HTTP {status}, {len(dump)} bytes")
            run = functools.partial(
                run_mix, base, ox_plan, args=args, sparql_path="/query", timeout=query_timeout
            )
            results["oxserve"] = report(
                f"{title}; oxigraph serve --timeout-s {query_timeout:g}; SPARQL mix", *run(SPARQL_MIX)
            )
    if {"ours", "oxserve"} <= results.keys():
        (ours_p99, ours_rps, _), (ox_p99, ox_rps, _) = results["ours"], results["oxserve"]
        print(f"ours_vs_oxserve throughput={ours_rps / ox_rps:.2f} p99={ours_p99 / ox_p99:.2f} (SPARQL mix)")
    return 0


def warm_up_ours(base: str, plan: dict, size: str) -> None:
    """Build the dump (untimed, as a deployment's first request would) and touch templates,
    label caches and the store."""
    warm = Client(base)
    t0 = time.perf_counter()
    status, dump = warm.request("GET", "/downloads/coopgraph.nt", timeout=600)
    for kind in ("canned", "page"):
        for method, path, body in plan[kind][:4]:
            send(warm, method, path, body, 120)
    warm.close()
    log(f"[{size}] dump built in {time.perf_counter() - t0:.1f} s ({len(dump)} bytes, HTTP {status})")


def run_mix(
    base: str, plan: dict, mix: dict[str, int], *, args: argparse.Namespace, sparql_path: str, timeout: float
) -> tuple[list, float, bool]:
    """`args.clients` clients on `mix` for `args.seconds`, and the runaway; (records, wall, runaway)."""
    records: list = []
    stop = time.monotonic() + args.seconds
    threads = [
        threading.Thread(target=client_loop, args=(base, plan, mix, args.seed * 1000 + i, stop, records, 120))
        for i in range(args.clients)
    ]
    if not args.no_runaway:
        threads.append(
            threading.Thread(target=runaway_loop, args=(base, sparql_path, stop, records, timeout + 60))
        )
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads[: args.clients]:
        t.join()
    wall = time.perf_counter() - started  # the clients' window (the runaway may end later)
    for t in threads[args.clients :]:
        t.join()
    return records, wall, not args.no_runaway


def report(title: str, records: list, wall: float, with_runaway: bool) -> tuple[float, float, int]:
    """Print one run's table and runaway outcomes; (p99 s, throughput, errors) of all but the runaway."""
    by_kind, rows, everything, total_errors = _summary(records, wall)
    common.print_table(
        ["kind", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "errors"], rows, title=title
    )
    runaway = by_kind.get("runaway", [])
    if with_runaway and runaway:
        outcomes: dict[str, int] = defaultdict(int)
        for _, st in runaway:
            outcomes[str(st)[:60]] += 1
        print(
            f"runaway: {len(runaway)} sent, ended after {', '.join(f'{s:.1f}' for s, _ in runaway)} s; "
            + "; ".join(f"{n} x {st!r}" for st, n in outcomes.items())
        )
    p99 = common.percentile(everything, 0.99)
    print(f"load_p99_ms={p99 * 1000:.0f} throughput_rps={len(everything) / wall:.1f} errors={total_errors}")
    return p99, len(everything) / wall, total_errors


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
    for kind in [*MIX, "runaway"]:  # every kind of either mix
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
