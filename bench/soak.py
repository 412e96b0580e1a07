"""A bounded soak test of `coopgraph serve` on loopback (not part of the test suite).

It ingests the bundled report into a fresh store, starts the real server, warms every URL once,
then runs N clients for a fixed time, each looping over a mix of canned queries
(/queries/NAME.json), pages, linked-data documents, SPARQL and whole-dataset dumps, while one
more client keeps a runaway query (a cartesian COUNT) in flight, so a query worker is always
being killed and replaced. It prints requests, throughput, p50/p99 latency, 5xx errors and the
resident memory of the server with its forkserver and query workers (from /proc) after the
warm-up and at the end.

Exit status: 1 on any 5xx to the ordinary clients (the runaway's own 503s are expected and
counted apart), or when resident memory grew more than --rss-margin-mb; 0 otherwise.

    .venv/bin/python bench/soak.py --seconds 120 --clients 8
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "reports" / "smolensk-belarus-2020-h1.txt"
BASE_IRI = "https://coopgraph.example.org/"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"
SPARQL = [
    "SELECT ?class (COUNT(?x) AS ?n) WHERE { ?x a ?class } GROUP BY ?class ORDER BY DESC(?n)",
    "PREFIX cg: <https://w3id.org/coopgraph/ns#> SELECT ?e ?row WHERE { ?e cg:rowNumber ?row } ORDER BY ?row",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 500",
    "ASK { ?s ?p ?o }",
]
PAGES = [
    "/",
    "/events",
    "/events?page=2&per_page=10",
    "/organisations",
    "/places",
    "/people",
    "/agreements",
    "/reports",
    "/search?q=" + urllib.parse.quote("Смоленск"),
    "/queries",
    "/downloads",
    "/catalog",
    "/.well-known/void",
    "/healthz",
    "/sparql",
]
DUMPS = [
    "/downloads/coopgraph.ttl",
    "/downloads/coopgraph.nq",
    "/downloads/events.csv",
    "/downloads/coopgraph.jsonld",
]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    server_errors: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # connection errors
    runaway_statuses: dict[int, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(
    port: int,
    path: str,
    *,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 120,
) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# ---------------------------------------------------------------------------- memory from /proc


def process_tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, frontier = [pid], [pid]
    while frontier:
        kids = children.get(frontier.pop(), [])
        found += kids
        frontier += kids
    return found


def tree_rss_mb(pid: int) -> float:
    total = 0
    for p in process_tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


# ---------------------------------------------------------------------------- the run


def prepare_store(folder: Path) -> Path:
    store = folder / "store"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "coopgraph.cli",
            "--store",
            str(store),
            "--base-iri",
            BASE_IRI,
            "ingest",
            "--quiet",
            str(BUNDLED),
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(f"ingest failed:\n{done.stderr}")
    return store


def start_server(store: Path, port: int, args: argparse.Namespace) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-m",
        "coopgraph.cli",
        "--store",
        str(store),
        "--base-iri",
        BASE_IRI,
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--query-timeout",
        str(args.query_timeout),
        "--threads",
        str(max(8, args.clients + 4)),
    ]
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if request(port, "/healthz", timeout=1)[0] == 200:
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    sys.exit("the server did not answer /healthz within 60 s")


def mix(port: int) -> list[str]:
    """Every URL the clients draw from: pages, canned queries, documents, SPARQL, dumps."""
    status, body = request(port, "/queries")
    canned = sorted(set(re.findall(r'href="/queries/([a-z0-9-]+)"', body.decode())))
    if status != 200 or not canned:
        sys.exit("no canned queries listed at /queries")
    status, body = request(port, "/organisations")
    things = sorted(set(re.findall(r'href="/id/([^"?#]+)"', body.decode())))[:20]
    urls = list(PAGES)
    urls += [f"/queries/{name}.json" for name in canned] + [f"/queries/{name}.csv" for name in canned[:3]]
    urls += [f"/doc/{thing}.html" for thing in things] + [f"/doc/{thing}.ttl" for thing in things[:5]]
    urls += ["/sparql?" + urllib.parse.urlencode({"query": q}) for q in SPARQL]
    return urls


def client(
    port: int, urls: list[str], dumps: list[str], stop: threading.Event, tally: Tally, seed: int
) -> None:
    rng = random.Random(seed)
    while not stop.is_set():
        path = rng.choice(dumps) if rng.random() < 0.05 else rng.choice(urls)
        started = time.monotonic()
        try:
            status, _ = request(port, path)
        except OSError as exc:
            with tally.lock:
                tally.failures.append(f"{path}: {exc}")
            continue
        elapsed = time.monotonic() - started
        with tally.lock:
            tally.latencies.append(elapsed)
            tally.statuses[status] = tally.statuses.get(status, 0) + 1
            if status >= 500:
                tally.server_errors.append(f"{status} {path}")


def runaway(port: int, stop: threading.Event, tally: Tally) -> None:
    while not stop.is_set():
        try:
            status, _ = request(
                port,
                "/sparql",
                method="POST",
                body=RUNAWAY.encode(),
                headers={"Content-Type": "application/sparql-query"},
            )
        except OSError:
            continue
        with tally.lock:
            tally.runaway_statuses[status] = tally.runaway_statuses.get(status, 0) + 1


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="how long the clients run (default 120)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument(
        "--query-timeout", type=float, default=10.0, help="the server's query_timeout (default 10)"
    )
    parser.add_argument(
        "--rss-margin-mb",
        type=float,
        default=150.0,
        help="largest allowed growth of resident memory from warm to end (default 150)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coopgraph-soak-") as folder:
        store = prepare_store(Path(folder))
        port = free_port()
        server = start_server(store, port, args)
        try:
            cold = tree_rss_mb(server.pid)
            urls = mix(port)
            for path in urls + DUMPS:  # warm-up: every page rendered, every dump built once
                request(port, path)
            warm = tree_rss_mb(server.pid)
            tally, stop = Tally(), threading.Event()
            threads = [
                threading.Thread(target=client, args=(port, urls, DUMPS, stop, tally, i))
                for i in range(args.clients)
            ]
            threads.append(threading.Thread(target=runaway, args=(port, stop, tally)))
            started = time.monotonic()
            for thread in threads:
                thread.start()
            peak = warm
            while time.monotonic() - started < args.seconds:
                time.sleep(0.5)
                peak = max(peak, tree_rss_mb(server.pid))
            stop.set()
            for thread in threads:
                thread.join(timeout=args.query_timeout + 130)
            elapsed = time.monotonic() - started
            time.sleep(1.0)  # let the last killed worker's replacement settle
            end = tree_rss_mb(server.pid)
            alive = server.poll() is None
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
    n = len(tally.latencies)
    errors = len(tally.server_errors)
    print(f"soak: {args.clients} clients + 1 runaway for {elapsed:.0f} s against coopgraph serve on loopback")
    print(f"  URLs in the mix:  {len(urls)} (+{len(DUMPS)} dumps, 5% of requests)")
    print(f"  requests:         {n}  ({n / elapsed:.1f} per second)")
    if n:
        print(
            f"  latency:          p50 {percentile(tally.latencies, 0.50) * 1000:.0f} ms, "
            f"p99 {percentile(tally.latencies, 0.99) * 1000:.0f} ms, "
            f"max {max(tally.latencies) * 1000:.0f} ms, mean {statistics.mean(tally.latencies) * 1000:.0f} ms"
        )
    print(f"  statuses:         {dict(sorted(tally.statuses.items()))}")
    print(f"  5xx errors:       {errors}" + (f"  e.g. {tally.server_errors[:5]}" if errors else ""))
    print(
        f"  connection errors: {len(tally.failures)}"
        + (f"  e.g. {tally.failures[:3]}" if tally.failures else "")
    )
    print(
        f"  runaway answers:  {dict(sorted(tally.runaway_statuses.items()))} (503 = stopped at query_timeout)"
    )
    print(
        f"  RSS (server + forkserver + workers): cold {cold:.0f} MB, warm {warm:.0f} MB, "
        f"peak {peak:.0f} MB, end {end:.0f} MB (end - warm {end - warm:+.0f} MB)"
    )
    problems = _problems(tally, alive=alive, growth=end - warm, margin=args.rss_margin_mb)
    print("  result:           " + ("FAIL: " + "; ".join(problems) if problems else "ok"))
    return 1 if problems else 0


def _problems(tally: Tally, *, alive: bool, growth: float, margin: float) -> list[str]:
    """What makes the soak fail: 5xx answers, connection errors, a dead server, or resident
    memory that grew by more than ``margin`` MB from warm to end."""
    problems = []
    if tally.server_errors:
        problems.append(f"{len(tally.server_errors)} 5xx answers")
    if tally.failures:
        problems.append(f"{len(tally.failures)} connection errors")
    if not alive:
        problems.append("the server died")
    if growth > margin:
        problems.append(f"resident memory grew {growth:.0f} MB (> {margin:.0f} MB)")
    return problems


if __name__ == "__main__":
    sys.exit(main())
