"""Serve while ingesting: a real `coopgraph serve` answers 8 clients while an operator ingests,
corrects and removes reports in a loop (issue 15 §2).

The operator is the real CLI (`coopgraph ingest FOLDER`, `coopgraph correct set`, `coopgraph
remove`, each a separate process that takes the store's write lock, as a person would run
them), over variants of the bundled report with other report ids and periods and with fewer
rows each, so that every report states a different row count. The clients loop over pages,
downloads and `/sparql`. The SPARQL question is consistent only inside one whole generation:
for every report graph, its stated `cg:rowCount` equals the events the graph holds, and the
events of the default graph (the union) equal the sum of the report graphs' events; an answer
that mixed two generations, or read a half-written graph, breaks one of them.

It prints requests, 5xx, transport errors, inconsistent answers, operator cycles and writes,
and exits 1 on any 5xx, error or inconsistency (or when the operator did nothing).

    .venv/bin/python bench/serve_while_ingesting.py --seconds 120
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
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
CONSISTENCY = """PREFIX cg: <https://w3id.org/coopgraph/ns#>
SELECT ?g ?stated ?held ?union WHERE {
  { SELECT ?g ?stated (COUNT(?e) AS ?held) WHERE {
      GRAPH ?g { ?r cg:rowCount ?stated . ?e a cg:CooperationEvent } } GROUP BY ?g ?stated }
  { SELECT (COUNT(DISTINCT ?u) AS ?union) WHERE { ?u a cg:CooperationEvent } }
}"""
PAGES = ["/", "/events", "/events?page=2&per_page=5", "/reports", "/organisations", "/places", "/downloads"]


def coopgraph(*args: str) -> list[str]:
    return [sys.executable, "-m", "coopgraph.cli", *args]


def make_variants(folder: Path, count: int) -> list[str]:
    """`count` copies of the bundled report for other years, each with fewer rows; their ids."""
    text = BUNDLED.read_text(encoding="utf-8")
    starts = [m.start() for m in re.finditer(r"(?m)^\t\d+\. *$", text)]
    folder.mkdir(parents=True, exist_ok=True)
    ids = []
    for k in range(count):
        year = 2011 + k
        rows = min(len(starts) - 1, 4 + 3 * k)  # small reports: more write cycles a minute
        body = text[: starts[rows]] if rows < len(starts) else text
        report_id = f"smolensk-belarus-{year}-h1"
        (folder / f"{report_id}.txt").write_text(body.replace("2020", str(year)), encoding="utf-8")
        ids.append(report_id)
    return ids


@dataclass
class Tally:
    requests: int = 0
    server_errors: int = 0
    errors: int = 0
    inconsistent: int = 0
    examples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, kind: str, text: str) -> None:
        with self.lock:
            setattr(self, kind, getattr(self, kind) + 1)
            if len(self.examples) < 8:
                self.examples.append(text[:300])


def get(host: str, port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(host, port, timeout=60)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def check_consistency(body: bytes) -> str | None:
    rows = json.loads(body)["results"]["bindings"]
    held = 0
    for row in rows:
        stated, holds = row["stated"]["value"], row["held"]["value"]
        if stated != holds:
            return f"graph {row['g']['value']}: states {stated} rows, holds {holds}"
        held += int(row["held"]["value"])
    union = int(rows[0]["union"]["value"]) if rows else 0
    if union != held:
        return f"union holds {union} events, the report graphs {held}"
    return None


def client(url: str, stop: threading.Event, tally: Tally, index: int, pause: float) -> None:
    parsed = urllib.parse.urlsplit(url)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 80
    sparql = "/sparql?query=" + urllib.parse.quote(CONSISTENCY)
    step = index
    while not stop.wait(pause):
        step += 1
        kind = step % 3
        try:
            if kind == 0:
                status, body = get(host, port, sparql, {"Accept": "application/sparql-results+json"})
            elif kind == 1:
                status, body = get(host, port, PAGES[step % len(PAGES)])
            else:
                status, body = get(host, port, "/downloads")
                links = re.findall(rb'href="(/downloads/[^"#?]+)"', body) if status == 200 else []
                if links:
                    status, body = get(host, port, links[step % len(links)].decode())
        except (OSError, http.client.HTTPException) as exc:
            tally.note("errors", f"{type(exc).__name__}: {exc}")
            continue
        with tally.lock:
            tally.requests += 1
        if status >= 500:
            tally.note("server_errors", f"{status}: {body[:200]!r}")
        elif kind == 0 and status == 200:
            problem = check_consistency(body)
            if problem:
                tally.note("inconsistent", problem)


@dataclass
class Operator:
    cycles: int = 0
    writes: int = 0
    seconds: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def operate(store: Path, work: Path, ids: list[str], stop: threading.Event, done: Operator) -> None:
    """Ingest the folder, correct one report, remove half of them; again until stopped."""
    base = ["--store", str(store), "--base-iri", BASE_IRI]
    corrections, reports = work / "corrections", work / "reports"
    while not stop.is_set():
        chosen = ids[done.cycles % len(ids)]
        commands = [
            [*base, "ingest", "--quiet", "--corrections", str(corrections), str(reports)],
            [
                *base,
                "correct",
                "set",
                chosen,
                "1",
                "title",
                f"Поправка {done.cycles}",
                "--author",
                "soak",
                "--corrections",
                str(corrections),
                "--reports",
                str(reports),
            ],
            *([*base, "remove", r] for r in ids[done.cycles % 2 :: 2]),
        ]
        for args in commands:
            if stop.is_set():
                return
            started = time.monotonic()
            run = subprocess.run(coopgraph(*args), capture_output=True, text=True, cwd=work)
            done.seconds.append(time.monotonic() - started)
            if run.returncode != 0:
                done.failures.append(f"{' '.join(args[4:7])}: {run.stdout[-300:]}{run.stderr[-300:]}")
            else:
                done.writes += 1
        done.cycles += 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(store: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        coopgraph(
            "--store", str(store), "--base-iri", BASE_IRI, "serve", "--host", "127.0.0.1", "--port", str(port)
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "OPENBLAS_NUM_THREADS": "1"},
    )
    deadline = time.monotonic() + 60
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            raise RuntimeError("coopgraph serve exited before answering")
        if f"127.0.0.1:{port}" in line:
            threading.Thread(target=_drain, args=(process,), daemon=True).start()
            _wait_healthy(port, deadline)
            return process, f"http://127.0.0.1:{port}"
    process.kill()
    raise RuntimeError("coopgraph serve did not say where it listens")


def _wait_healthy(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            if get("127.0.0.1", port, "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("coopgraph serve did not answer /healthz")


def _drain(process: subprocess.Popen) -> None:
    assert process.stdout is not None
    try:
        for line in process.stdout:
            if "Traceback" in line or "Error" in line:
                sys.stderr.write(f"server: {line}")
    except (ValueError, OSError):  # the pipe was closed after the server stopped
        return


def soak(seconds: float, clients: int = 8, reports: int = 4, pause: float = 0.05) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="coopgraph-serve-ingest-") as tmp:
        work = Path(tmp)
        ids = make_variants(work / "reports", reports)
        store = work / "store"
        subprocess.run(
            coopgraph(
                "--store",
                str(store),
                "--base-iri",
                BASE_IRI,
                "ingest",
                "--quiet",
                "--corrections",
                str(work / "corrections"),
                str(work / "reports"),
            ),
            check=True,
            capture_output=True,
            cwd=work,
        )
        process, url = start_server(store)
        tally, done, stop = Tally(), Operator(), threading.Event()
        threads = [threading.Thread(target=client, args=(url, stop, tally, i, pause)) for i in range(clients)]
        threads.append(threading.Thread(target=operate, args=(store, work, ids, stop, done)))
        try:
            for thread in threads:
                thread.start()
            time.sleep(seconds)
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=120)
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stdout is not None:
                process.stdout.close()
    return {
        "seconds": seconds,
        "clients": clients,
        "requests": tally.requests,
        "server_errors": tally.server_errors,
        "errors": tally.errors,
        "inconsistent": tally.inconsistent,
        "operator_cycles": done.cycles,
        "operator_writes": done.writes,
        "operator_command_median_s": round(statistics.median(done.seconds), 2) if done.seconds else None,
        "operator_failures": done.failures[:5],
        "examples": tally.examples,
    }


def passed(result: dict[str, object]) -> bool:
    return (
        result["server_errors"] == 0
        and result["errors"] == 0
        and result["inconsistent"] == 0
        and not result["operator_failures"]
        and int(result["operator_writes"]) > 0  # type: ignore[call-overload]
        and int(result["requests"]) > 0  # type: ignore[call-overload]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--reports", type=int, default=4)
    parser.add_argument("--pause", type=float, default=0.05, help="each client's wait between requests (s)")
    args = parser.parse_args()
    result = soak(args.seconds, args.clients, args.reports, args.pause)
    for key, value in result.items():
        print(f"{key}: {value}")
    return 0 if passed(result) else 1


if __name__ == "__main__":
    sys.exit(main())
