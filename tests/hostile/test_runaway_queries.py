"""Runaway queries — cartesian products, catastrophic REGEX, deep property paths, huge VALUES,
giant result sets, deep nesting — each ends at the timeout, the row cap or the worker memory
cap; a second client is answered meanwhile; the server's memory (the server process plus its
forkserver and query workers, read from /proc) stays bounded and comes back down.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import pytest

from .conftest import Answer, LiveServer, assert_no_leak, call, start_server, stop, tree_rss

TIMEOUT = 2.0
MAX_ROWS = 1000
WORKER_MEMORY_MB = 1024
MB = 1024 * 1024
CG = "PREFIX cg: <https://w3id.org/coopgraph/ns#>\n"

CARTESIAN_ORDERED = "SELECT ?a ?b ?c WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z } ORDER BY ?a ?b ?c LIMIT 1"
CARTESIAN_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"
CARTESIAN_STREAM = "SELECT * WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"
CARTESIAN_CONSTRUCT = "CONSTRUCT { ?a ?q ?z } WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"
DEEP_PATH = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?s (<urn:x:p>|!<urn:x:p>)* ?o . ?o (^(<urn:x:p>|!<urn:x:p>))* ?t }"
)
DEEP_PATH_SIMPLE = CG + "SELECT ?s ?o WHERE { ?s cg:partOf* ?o }"
LONG_A = "a" * 30000 + "b"
REGEX_VALUES = f'SELECT ?x WHERE {{ VALUES ?x {{ "{LONG_A}" }} FILTER regex(?x, "^(a+)+$") }}'
REGEX_STORE = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . FILTER(isLiteral(?o)) "
    'BIND(CONCAT(STR(?o), STR(?o), STR(?o), STR(?o), "!") AS ?x) FILTER regex(?x, "^(.+)+$") }'
)
REGEX_NESTED = f'SELECT ?x WHERE {{ VALUES ?x {{ "{LONG_A}" }} FILTER regex(?x, "^((a*)*|b)*c$") }}'


@pytest.fixture(scope="module")
def server(bundled_store) -> Iterator[LiveServer]:
    live = start_server(
        bundled_store,
        "--query-timeout",
        str(TIMEOUT),
        "--query-workers",
        "2",
        "--max-rows",
        str(MAX_ROWS),
        "--threads",
        "8",
        env={"COOPGRAPH_WORKER_MEMORY_MB": str(WORKER_MEMORY_MB)},
    )
    call(live, "GET", "/sparql?query=ASK%7B%7D")  # start the workers
    yield live
    stop(live)


def post(
    server: LiveServer, query: str, accept: str = "application/sparql-results+json"
) -> tuple[Answer, float]:
    started = time.monotonic()
    answer = call(
        server, "POST", "/sparql", query, {"Content-Type": "application/sparql-query", "Accept": accept}
    )
    return answer, time.monotonic() - started


def ended_at_a_limit(answer: Answer, seconds: float) -> str:
    """Which limit stopped the query; fails when none did or it ran past the timeout."""
    assert_no_leak(answer)
    assert seconds < TIMEOUT + 2.5, f"took {seconds:.1f} s with a {TIMEOUT} s timeout"
    if answer.status == 200:
        return "row cap" if answer.headers.get("x-coopgraph-truncated") == "true" else "finished"
    assert answer.status == 503, (answer.status, answer.text)
    if "query_timeout" in answer.text:
        return "timeout"
    assert "COOPGRAPH_WORKER_MEMORY_MB" in answer.text, answer.text
    return "memory cap"


class Sampler:
    """Samples the resident memory of the server's process tree in the background."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            time.sleep(0.1)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@pytest.mark.parametrize(
    ("query", "limits"),
    [
        (CARTESIAN_ORDERED, {"timeout", "memory cap"}),
        (CARTESIAN_COUNT, {"timeout", "memory cap"}),
        (CARTESIAN_STREAM, {"row cap"}),
        (DEEP_PATH, {"timeout", "memory cap", "finished"}),
        (DEEP_PATH_SIMPLE, {"finished", "row cap"}),
        (REGEX_VALUES, {"finished"}),
        (REGEX_NESTED, {"finished", "timeout"}),
        (REGEX_STORE, {"finished", "timeout"}),
    ],
    ids=[
        "cartesian-order-by",
        "cartesian-count",
        "cartesian-stream",
        "deep-path",
        "path-star",
        "regex-(a+)+",
        "regex-nested",
        "regex-over-store",
    ],
)
def test_a_runaway_query_ends_at_a_limit(server, query, limits):
    answer, seconds = post(server, query)
    assert ended_at_a_limit(answer, seconds) in limits, (answer.status, answer.text[:300])


def test_a_giant_construct_stops_at_the_row_cap(server):
    answer, seconds = post(server, CARTESIAN_CONSTRUCT, "application/n-triples")
    assert ended_at_a_limit(answer, seconds) == "row cap"
    assert answer.text.count("\n") <= MAX_ROWS + 2


def test_a_giant_result_set_is_capped(server):
    answer, _ = post(server, "SELECT * WHERE { ?s ?p ?o }")
    assert answer.headers["x-coopgraph-truncated"] == "true"
    assert len(json.loads(answer.body)["results"]["bindings"]) == MAX_ROWS


def test_huge_values_within_the_body_cap_end(server):
    values = " ".join(f'"{i:06d}"' for i in range(60_000))  # ~500 KB, under the 1 MiB max_body
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?x {{ {values} }} ?s ?p ?x }}"
    assert len(query) > 480_000
    answer, seconds = post(server, query)
    assert ended_at_a_limit(answer, seconds) in ("finished", "timeout")
    cross = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?x {{ {values} }} ?s ?p ?o }}"
    answer, seconds = post(server, cross)
    assert ended_at_a_limit(answer, seconds) in ("finished", "timeout", "memory cap")


def test_deep_nesting_fails_cleanly_and_the_server_survives(server):
    """Oxigraph's parser recurses: 20,000 nested groups overflow a worker's stack. The worker
    dies; the client gets an error (not a hang), and a fresh worker answers the next query."""
    for query in (
        "SELECT * WHERE { " + "{ " * 20000 + "}" * 20000 + " }",
        "ASK { FILTER(" + "(" * 20000 + "1" + ")" * 20000 + ") }",
    ):
        answer, seconds = post(server, query)
        assert answer.status in (400, 500, 503), answer.status
        assert seconds < TIMEOUT + 2.5
        assert_no_leak(answer)
        assert answer.text.strip()
    answer, _ = post(server, "ASK { ?s ?p ?o }")
    assert answer.status == 200 and json.loads(answer.body)["boolean"] is True


def test_others_are_answered_while_runaways_fill_every_worker(server):
    """Three runaways on two workers: /sparql may be busy, but pages and health never wait."""
    outcomes: list[tuple[Answer, float]] = []
    threads = [
        threading.Thread(target=lambda: outcomes.append(post(server, CARTESIAN_COUNT))) for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.4)
    for path in ("/healthz", "/", "/events", "/doc/org/vkp-lt.html", "/queries"):
        started = time.monotonic()
        answer = call(server, "GET", path)
        assert answer.status == 200, path
        assert time.monotonic() - started < 1.5, f"{path} waited for the runaway queries"
    for thread in threads:
        thread.join(timeout=3 * TIMEOUT + 10)
    assert len(outcomes) == 3
    for answer, _ in outcomes:
        assert answer.status == 503 and (
            "query_timeout" in answer.text
            or "busy" in answer.text
            or "COOPGRAPH_WORKER_MEMORY_MB" in answer.text
        )
    answer, seconds = post(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert answer.status == 200 and seconds < 1.5


def test_a_second_client_is_answered_during_a_runaway(server):
    result: list[tuple[Answer, float]] = []
    runaway = threading.Thread(target=lambda: result.append(post(server, CARTESIAN_ORDERED)))
    runaway.start()
    time.sleep(0.3)
    answer, seconds = post(server, CG + "SELECT (COUNT(*) AS ?n) WHERE { ?e a cg:CooperationEvent }")
    assert runaway.is_alive(), "the runaway should still be running"
    assert answer.status == 200 and seconds < 1.0
    assert int(json.loads(answer.body)["results"]["bindings"][0]["n"]["value"]) > 20
    runaway.join(timeout=TIMEOUT + 10)
    assert result[0][0].status == 503


def test_the_server_memory_stays_bounded(server):
    """Memory-hungry runaways, again and again: the peak stays under the workers' caps and
    the resident memory comes back near where it started (killed workers give it back)."""
    post(server, "ASK { ?s ?p ?o }")
    start = tree_rss(server.process.pid)
    with Sampler(server.process.pid) as sampler:
        for _ in range(3):
            threads = [threading.Thread(target=post, args=(server, CARTESIAN_ORDERED)) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=TIMEOUT + 10)
    time.sleep(1.0)
    end = tree_rss(server.process.pid)
    print(
        f"\n[memory] server tree RSS start {start / MB:.0f} MB, peak {sampler.peak / MB:.0f} MB, "
        f"end {end / MB:.0f} MB"
    )
    assert sampler.peak < start + 2 * WORKER_MEMORY_MB * MB
    assert end < start + 150 * MB


def test_the_worker_memory_cap_stops_a_query_before_the_timeout(bundled_store):
    """With a long timeout, only the memory cap can stop an ORDER BY over a product early."""
    live = start_server(
        bundled_store,
        "--query-timeout",
        "30",
        "--query-workers",
        "1",
        env={"COOPGRAPH_WORKER_MEMORY_MB": "900"},
    )
    try:
        answer, seconds = post(live, CARTESIAN_ORDERED)
        assert answer.status == 503 and "COOPGRAPH_WORKER_MEMORY_MB" in answer.text, answer.text
        assert seconds < 15
        assert_no_leak(answer)
        answer, _ = post(live, "ASK { ?s ?p ?o }")  # a fresh worker took the dead one's place
        assert answer.status == 200
    finally:
        stop(live)


def test_a_bad_memory_cap_value_stops_the_server_at_start(bundled_store):
    import os
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "coopgraph.cli", "--store", str(bundled_store), "serve", "--port", "0"],
        env={**os.environ, "COOPGRAPH_WORKER_MEMORY_MB": "lots"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "COOPGRAPH_WORKER_MEMORY_MB='lots'" in done.stderr and "Traceback" not in done.stderr
