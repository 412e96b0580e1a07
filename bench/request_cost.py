"""Where the fixed cost of a SPARQL request goes: a trivial query (``ASK {}``) timed layer by layer.

Each line adds one layer to the one above it, so the differences are the layers' costs:

  worker state    WorkerState.run in this process: open store look-up, query, writer
  pool            WorkerPool.run: the above in a worker process, plus pickling the job and the
                  answer through the pipe
  flask           Flask's test client, POST /sparql: the above, plus request parsing, the safety
                  screen, content negotiation and every after-request hook (no sockets)
  waitress        `coopgraph serve` over loopback HTTP with keep-alive: the above, plus waitress
  bare HTTP       a hello-world WSGI app under waitress: the floor of any Python HTTP answer
  oxigraph serve  `oxigraph serve`, the same query: the floor of the Rust server

The answer cache is off (query_cache_mb 0) so every request reaches a worker. Medians of
``--reps`` (default 300) after 20 warm-ups, in milliseconds.

    .venv/bin/python bench/request_cost.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import common
from common import Client

QUERY = "ASK {}"
JSON = "application/sparql-results+json"
HELLO = """
def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return [b"ok"]
"""


def median_ms(run: Callable[[], object], reps: int) -> float:
    for _ in range(20):
        run()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def http_post(client: Client, path: str) -> Callable[[], None]:
    def run() -> None:
        status, _ = client.request(
            "POST", path, QUERY.encode(), {"Content-Type": "application/sparql-query", "Accept": JSON}
        )
        assert status == 200, status

    return run


def hello_server(folder: Path) -> tuple[subprocess.Popen, str]:
    (folder / "hello.py").write_text(HELLO)
    port = common.free_port()
    process = subprocess.Popen(
        [str(common.BIN / "waitress-serve"), "--listen", f"127.0.0.1:{port}", "--threads", "8", "hello:app"],
        cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    common.wait_until_answering(port, "/", 30, process)
    return process, f"http://127.0.0.1:{port}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=300)
    parser.add_argument("--size", default="100k", help="bench store size (the query ignores it)")
    common.add_common_arguments(parser)
    args = parser.parse_args(argv)
    bench = common.ensure_store(args.size, Path(args.cache))

    from coopgraph.server.app import create_app
    from coopgraph.server.query_workers import Job, WorkerPool, WorkerState

    job = Job("query", QUERY, tabular_format="json")
    rows: list[tuple[str, float]] = []
    state = WorkerState(str(bench.path), 10000, 2**26)
    rows.append(("worker state (in process)", median_ms(lambda: state.run(job), args.reps)))
    state.reader.close()
    pool = WorkerPool(bench.path, size=2, timeout=30, cache_bytes=0)
    rows.append(("pool (+ process, pipe, pickling)", median_ms(lambda: pool.run(job), args.reps)))
    pool.close()
    app = create_app({"store": str(bench.path), "query_cache_mb": 0, "query_workers": 2})
    client = app.test_client()

    def flask() -> None:
        answer = client.post(
            "/sparql", data=QUERY, content_type="application/sparql-query", headers={"Accept": JSON}
        )
        assert answer.status_code == 200, answer.status_code

    rows.append(("flask test client (+ Flask, screen, hooks)", median_ms(flask, args.reps)))
    app.extensions["coopgraph.query_workers"].close()
    with common.running_coopgraph(bench.path, query_cache_mb=0, query_workers=2) as base:
        http = Client(base)
        rows.append(
            ("coopgraph serve (+ waitress, loopback HTTP)", median_ms(http_post(http, "/sparql"), args.reps))
        )
        http.close()
    with tempfile.TemporaryDirectory() as folder:
        process, base = hello_server(Path(folder))
        try:
            hello = Client(base)
            rows.append(
                (
                    "bare HTTP: hello-world WSGI under waitress",
                    median_ms(lambda: hello.request("GET", "/"), args.reps),
                )
            )
            hello.close()
        finally:
            process.terminate()
            process.wait(timeout=15)
    with common.running_oxigraph(common.ensure_oxigraph_location(bench)) as base:
        ox_client = Client(base)
        rows.append(("oxigraph serve", median_ms(http_post(ox_client, "/query"), args.reps)))
        ox_client.close()
    load = os.getloadavg()[0]
    common.print_table(
        ["layer", "median ms"],
        [(name, f"{value:.2f}") for name, value in rows],
        title=f"fixed cost of `{QUERY}` (median of {args.reps}; load average {load:.2f})",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
