"""Query benchmark: the analyst query pack and three heavier queries, side by side.

For each size (``--sizes 10k,100k,1m``; default ``100k``) it builds or reuses a cached store
(see ``common``) and runs every canned query (parameters unbound: the whole dataset) and three
heavier analyst queries (a 3-way join with a filter, an OPTIONAL, a GROUP BY over all events)
through:

  ours      our endpoint: POST /sparql to a `coopgraph serve` process over the embedded store
            (HTTP + a killable query worker + the result writer), max_rows raised so that no
            answer is truncated, and the answer cache off (query_cache_mb 0: every run is a
            real evaluation, as on the other systems);
  bare      pyoxigraph in-process: Store.query on the same store (read-only), every term of
            every solution touched (each query in a forked child, so a runaway can be stopped);
  oxserve   `oxigraph serve` over HTTP (the same quads loaded into its own location);
  rdflib    rdflib-endpoint over an in-memory rdflib Dataset (default graph = union of the
            graphs); it cannot stop a running query, so it is restarted after a DNF. Run up to
            ``--rdflib-max`` (default 100k: at 1M it loads for minutes).

Two diagnostic columns split our time: ``bare+ourjson`` is Store.query plus our result writer
(``coopgraph.server.results.write_solutions``, which hands answers under the row cap to
pyoxigraph) in-process, i.e. the worker's own work without the pipe and HTTP; ``bare+oxjson``
is Store.query plus pyoxigraph's Rust JSON writer straight.
``--profile`` adds a table per size that splits our latency into those steps.

Every figure is the median of ``--reps`` runs (default 5) after one warm-up (one run only when
the warm-up took more than 5 s), in milliseconds; results are read completely (for HTTP: the
whole body). A query may run ``--timeout`` seconds (default 60) on every system; beyond that it
is DNF. The ratio columns are ours divided by theirs (below 1: we are faster); the summary
ratio per size is the geometric mean of the per-query ratios over the queries both finished
(a DNF of rdflib-endpoint counts at the timeout, so that ratio is an upper bound). Last line,
for the 100k size: ``ratio_vs_bare_oxigraph=X ratio_vs_rdflib_endpoint=Y``.

    .venv/bin/python bench/query_bench.py
    .venv/bin/python bench/query_bench.py --sizes 10k,100k,1m --profile
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path

import common
from common import BenchStore, Client, log

HEAVY_QUERIES: dict[str, str] = {
    # 3-way join (event - participation - organisation) with a filter on the stated total
    "heavy-join-filter": """
SELECT ?event ?organisation ?name ?total WHERE {
  ?event a cg:CooperationEvent ; cg:participantCount ?total ; cv:hasParticipation ?participation .
  ?participation cv:hasParticipant ?organisation .
  ?organisation schema:address/schema:addressCountry "BY" ; schema:name ?name .
  FILTER(?total >= 20)
}""",
    # every event with optional parts that many rows lack
    "heavy-optional": """
SELECT ?event ?title ?total ?agreement ?organizer WHERE {
  ?event a cg:CooperationEvent ; schema:name ?title .
  OPTIONAL { ?event cg:participantCount ?total }
  OPTIONAL { ?event cg:agreement ?agreement }
  OPTIONAL { ?event schema:organizer ?organizer }
}""",
    # GROUP BY over all events: events and participants per event type and year
    "heavy-group-by": """
SELECT ?type ?year (COUNT(?event) AS ?events) (SUM(COALESCE(?total, 0)) AS ?participants)
       (AVG(COALESCE(?total, 0)) AS ?mean) WHERE {
  ?event a cg:CooperationEvent ; cg:eventType ?type ; schema:startDate ?start .
  OPTIONAL { ?event cg:participantCount ?total }
  BIND(YEAR(?start) AS ?year)
}
GROUP BY ?type ?year
ORDER BY ?year ?type""",
}


class QueryFailed(Exception):
    pass


errors: dict[str, str] = {}  # rdflib-endpoint's failures by query (printed under the table)

WORKERS = 2  # the default query_workers setting

SYSTEMS = ("ours", "bare", "bare+ourjson", "bare+oxjson", "oxserve", "rdflib")


def all_queries() -> dict[str, str]:
    from coopgraph.ontology.vocab import sparql_prefixes

    queries = common.canned_sparql()
    queries.update({name: sparql_prefixes() + text.strip() + "\n" for name, text in HEAVY_QUERIES.items()})
    return queries


# --------------------------------------------------------------------------- one system each

SLOW_S = 5.0  # a query whose warm-up takes longer is timed once, not `reps` times (bounded runs)


class Dnf(Exception):
    """The query exceeded the per-query timeout."""


def timed_runs(run: Callable[[], None], reps: int, warmups: int = 1) -> float:
    """Median of `reps` timed runs after `warmups` (one timed run when the warm-up is slow)."""
    warm = [common.timed(run) for _ in range(warmups)]
    return statistics.median(common.timed(run) for _ in range(reps if max(warm) < SLOW_S else 1))


def _bare_child(conn: Connection, store_path: str, text: str, reps: int) -> None:
    import pyoxigraph as ox

    from coopgraph.server.results import write_solutions
    from coopgraph.store import Store

    store = Store(store_path, read_only=True)
    rows = 0

    def touch() -> None:
        nonlocal rows
        rows = 0
        for solution in store.query(text):
            for _term in solution:
                pass
            rows += 1

    def ourjson() -> None:
        write_solutions(store.query(text), "json", max_rows=10**9, max_bytes=2**40)

    def oxjson() -> None:
        store.query(text).serialize(format=ox.QueryResultsFormat.JSON)

    warm = common.timed(touch)
    conn.send(("warm", warm, rows))
    n = reps if warm < SLOW_S else 1
    found = {"bare": statistics.median(common.timed(touch) for _ in range(n))}
    for label, run in (("bare+ourjson", ourjson), ("bare+oxjson", oxjson)):
        if warm < SLOW_S:  # the diagnostic columns only where they are cheap to get
            run()
            found[label] = statistics.median(common.timed(run) for _ in range(n))
        else:
            found[label] = math.inf  # not measured (printed as "-")
    conn.send(("done", found, rows))


def bench_bare(bench: BenchStore, queries: dict[str, str], reps: int, timeout: float) -> dict[str, dict]:
    """pyoxigraph in-process; each query in a forked child so that a runaway can be stopped."""
    context = multiprocessing.get_context("fork")
    found: dict[str, dict] = {"bare": {}, "bare+ourjson": {}, "bare+oxjson": {}, "_rows": {}}
    for name, text in queries.items():
        parent, child = context.Pipe()
        process = context.Process(target=_bare_child, args=(child, str(bench.path), text, reps))
        process.start()
        child.close()
        try:
            if not parent.poll(timeout + 30):  # + opening the store
                raise Dnf
            _, warm, rows = parent.recv()
            found["_rows"][name] = rows
            if not parent.poll(max(120.0, 30 * warm)):
                raise Dnf
            _, times, _ = parent.recv()
            for label, value in times.items():
                found[label][name] = value
            log(f"  bare {name}: {times['bare'] * 1000:.1f} ms, {rows} rows")
        except Dnf:
            log(f"  bare {name}: DNF (> {timeout:g} s)")
            for label in ("bare", "bare+ourjson", "bare+oxjson"):
                found[label][name] = None
        finally:
            process.kill()
            process.join()
            parent.close()
    return found


def bench_http(
    base: str, path: str, queries: dict[str, str], reps: int, label: str, timeout: float, warmups: int = 1
) -> dict[str, float | None]:
    """Median per query over HTTP; None when the server timed the query out (or we did)."""
    client = Client(base)
    # Untimed: each of our query workers opens the store on its first query.
    for _ in range(warmups):
        client.sparql(path, "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    found: dict[str, float | None] = {}
    for name, text in queries.items():

        def run(t: str = text, n: str = name) -> None:
            status, body = client.sparql(path, t, timeout=timeout + 30)
            if body.endswith(b"has been cancelled"):  # oxigraph serve's timeout after a 200
                raise Dnf
            if status != 200:
                if status in (500, 503) and (b"timeout" in body.lower() or b"limit" in body.lower()):
                    raise Dnf
                raise RuntimeError(f"{label} {n}: HTTP {status}: {body[:300]!r}")

        try:
            found[name] = timed_runs(run, reps, warmups)
            log(f"  {label} {name}: {found[name] * 1000:.1f} ms")
        except (Dnf, TimeoutError):
            log(f"  {label} {name}: DNF (> {timeout:g} s)")
            found[name] = None
            client.close()
    client.close()
    return found


def bench_rdflib(
    bench: BenchStore, queries: dict[str, str], reps: int, timeout: float
) -> dict[str, float | None]:
    """Median per query, None for DNF (the warm-up or a run exceeded `timeout`), NaN for an error."""
    data = common.ensure_nquads(bench)
    found: dict[str, float | None] = {}
    pending = list(queries.items())
    while pending:
        t0 = time.perf_counter()
        with common.running_rdflib_endpoint(data) as base:
            log(f"  rdflib-endpoint loaded {bench.triples} quads in {time.perf_counter() - t0:.0f} s")
            client = Client(base)
            while pending:
                name, text = pending.pop(0)

                def run(t: str = text, c: Client = client) -> None:
                    status, body = c.sparql("/", t, timeout=timeout)
                    if status != 200:
                        raise QueryFailed(f"HTTP {status}: {body[:200].decode(errors='replace')}")

                try:
                    found[name] = timed_runs(run, reps)
                except QueryFailed as exc:
                    log(f"  rdflib-endpoint {name}: failed: {exc}")
                    found[name] = math.nan
                    errors[name] = str(exc)
                    continue
                except TimeoutError:
                    log(f"  rdflib-endpoint {name}: DNF (> {timeout:g} s); restarting it")
                    found[name] = None
                    client.close()
                    break  # the server is still evaluating: restart it for the next query
                log(f"  rdflib-endpoint {name}: {found[name] * 1000:.0f} ms")
            client.close()
    return found


# --------------------------------------------------------------------------- one size


def run_size(bench: BenchStore, reps: int, timeout: float, with_rdflib: bool) -> dict[str, dict]:
    queries = all_queries()
    log(f"[{bench.size}] bare pyoxigraph")
    results: dict[str, dict] = bench_bare(bench, queries, reps, timeout)
    log(f"[{bench.size}] coopgraph serve")
    # The answer cache off: every timed run evaluates, as it does on the other systems.
    settings = {"max_rows": 10**9, "query_timeout": timeout, "query_workers": WORKERS, "query_cache_mb": 0}
    with common.running_coopgraph(bench.path, **settings) as base:
        results["ours"] = bench_http(base, "/sparql", queries, reps, "ours", timeout, warmups=WORKERS)
    log(f"[{bench.size}] oxigraph serve")
    with common.running_oxigraph(common.ensure_oxigraph_location(bench), timeout_s=int(timeout)) as base:
        results["oxserve"] = bench_http(base, "/query", queries, reps, "oxserve", timeout)
    if with_rdflib:
        log(f"[{bench.size}] rdflib-endpoint")
        results["rdflib"] = bench_rdflib(bench, queries, reps, timeout)
    return results


def _ratios(ours: dict, theirs: dict, timeout: float | None = None) -> dict[str, float]:
    """ours / theirs per query where both finished; with `timeout`, their DNF counts as the
    timeout (a bound in our favour's direction: the true ratio is lower still)."""
    found = {}
    for name, mine in ours.items():
        other = theirs.get(name)
        if mine is None or (other is not None and math.isnan(other)):
            continue
        if other is None:
            if timeout is not None:
                found[name] = mine / timeout
            continue
        found[name] = mine / other
    return found


def summarise(bench: BenchStore, results: dict[str, dict], timeout: float, reps: int) -> tuple[float, float]:
    names = list(results["ours"])
    has_rdflib = "rdflib" in results
    systems = [s for s in SYSTEMS if s in results]
    vs = {"bare": _ratios(results["ours"], results["bare"]),
          "oxserve": _ratios(results["ours"], results["oxserve"])}  # fmt: skip
    if has_rdflib:
        vs["rdflib"] = _ratios(results["ours"], results["rdflib"], timeout)
    headers = ["query", "rows", *[f"{s} ms" for s in systems], *[f"ours/{s}" for s in vs]]
    table = []
    for name in names:
        row = [name, results["_rows"].get(name, "?"), *[common.ms(results[s].get(name)) for s in systems]]
        for other, found in vs.items():
            if name not in found:
                row.append("-")
            elif results[other].get(name) is None:
                row.append(f"<{found[name]:.4f}")
            else:
                row.append(f"{found[name]:.2f}" if found[name] >= 0.1 else f"{found[name]:.4f}")
        table.append(row)
    medians = []
    for s in systems:
        finished = [v for v in results[s].values() if v is not None and math.isfinite(v)]
        medians.append(common.ms(statistics.median(finished)) if finished else "-")
    table.append(["median over finished queries", "", *medians, *[""] * len(vs)])
    geo = {other: common.geomean(list(found.values())) for other, found in vs.items()}
    table.append(["geometric mean of the ratios", "", *[""] * len(systems),
                  *[f"{g:.2f}" if g >= 0.1 else f"{g:.4f}" for g in geo.values()]])  # fmt: skip
    common.print_table(
        headers,
        table,
        title=f"size {bench.size}: {bench.triples} triples ({bench.rows} rows, {bench.reports} reports); "
        f"median ms of {reps} runs after a warm-up (1 run when the warm-up took > {SLOW_S:g} s); "
        f"DNF = over the {timeout:g} s timeout",
    )
    for other, found in vs.items():
        left_out = [n for n in names if n not in found]
        if left_out:
            print(f"ours/{other} leaves out (one side DNF or ERR): {', '.join(left_out)}")
    for name, message in errors.items():
        print(f"rdflib-endpoint ERR on {name}: {message}")
    errors.clear()
    return geo["bare"], geo.get("rdflib", math.nan)


# --------------------------------------------------------------------------- where our time goes


def _pipe_child(conn: Connection) -> None:
    while True:
        size = conn.recv()
        if size is None:
            return
        conn.send(("ok", b"x" * size))  # what a query worker sends back: a pickled tuple with the body


def profile(bench: BenchStore, queries: dict[str, str], results: dict[str, dict], reps: int) -> None:
    """Split our endpoint's latency into the steps a request takes, measured one by one here:
    the safety check and graph listing (request thread), query + our JSON writer (worker), the
    pipe back (a pickled body of the result's size between two processes), and the rest
    (HTTP, waitress, Flask, sending the job), which is our latency minus the measured steps."""
    from coopgraph.server.query_safety import check
    from coopgraph.server.results import write_solutions
    from coopgraph.store import Store

    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe()
    echo = context.Process(target=_pipe_child, args=(child,), daemon=True)
    echo.start()
    store = Store(bench.path, read_only=True)
    graphs = set(store.named_graphs())
    rows = []
    for name, text in queries.items():
        ours, bare, ourjson = (
            results["ours"].get(name),
            results["bare"].get(name),
            results["bare+ourjson"].get(name),
        )
        if ours is None or bare is None or ourjson is None or not math.isfinite(ourjson):
            continue
        body = write_solutions(store.query(text), "json", max_rows=10**9, max_bytes=2**40)[0]

        def pipe(n: int = len(body)) -> None:
            parent.send(n)
            parent.recv()

        checking = common.median_time(
            lambda t=text: check(t, known_graphs=set(store.named_graphs())), reps=reps
        )
        piping = common.median_time(pipe, reps=reps)
        rest = ours - ourjson - piping - checking
        rows.append([name, f"{len(body) / 1024:.0f}", common.ms(ours), common.ms(bare),
                     common.ms(ourjson - bare), common.ms(piping), common.ms(checking), common.ms(rest),
                     f"{(ours - bare) / ours:.0%}"])  # fmt: skip
    parent.send(None)
    echo.join(timeout=5)
    store.close()
    common.print_table(
        ["query", "JSON KB", "ours ms", "query (bare) ms", "+ our JSON writer ms", "pipe ms",
         "check + graph list ms", "HTTP/Flask/rest ms", "overhead share"],
        rows,
        title=f"size {bench.size}: where our endpoint's time goes ({len(graphs)} named graphs; "
        "queries that finished everywhere)",
    )  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k", help="comma-separated sizes: 10k, 100k, 1m (default 100k)")
    parser.add_argument(
        "--reps", type=int, default=5, help="timed runs per query after one warm-up (default 5)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        help="seconds a query may run on any system before it counts as DNF (default 60)",
    )
    parser.add_argument(
        "--rdflib-max",
        default="100k",
        help="largest size run through rdflib-endpoint (default 100k; 1m loads for minutes)",
    )
    parser.add_argument("--profile", action="store_true", help="split our latency into its steps per size")
    common.add_common_arguments(parser)
    args = parser.parse_args(argv)
    sizes = common.parse_sizes(args.sizes)
    order = list(common.RECIPES)
    summary: dict[str, tuple[float, float]] = {}
    for size in sizes:
        bench = common.ensure_store(size, Path(args.cache))
        with_rdflib = order.index(size) <= order.index(args.rdflib_max.lower())
        results = run_size(bench, args.reps, args.timeout, with_rdflib)
        summary[size] = summarise(bench, results, args.timeout, args.reps)
        if args.profile:
            profile(bench, all_queries(), results, args.reps)
    print("\nratio = our median latency / theirs, geometric mean over the queries (below 1: faster)")
    for size, (bare, rdflib) in summary.items():
        print(
            f"  {size}: vs bare pyoxigraph {bare:.2f}; vs rdflib-endpoint "
            + (f"{rdflib:.4f} ({1 / rdflib:.0f}x faster)" if math.isfinite(rdflib) else "not run")
        )
    if "100k" in summary:
        bare, rdflib = summary["100k"]
        print(f"ratio_vs_bare_oxigraph={bare:.2f} ratio_vs_rdflib_endpoint={rdflib:.4f}")
    else:
        print("(the ratio_vs_... line is printed for the 100k size only: add 100k to --sizes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
