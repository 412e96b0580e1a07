"""The killable query worker pool, used directly (no HTTP): results, timeouts that kill the
worker process, reopening after writes, the byte cap, and workers dying with their server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from tiny_store import build_tiny_store

from coopgraph.server.query_workers import Job, QueryError, WorkerPool
from coopgraph.store import Store

EVENT = "<https://w3id.org/coopgraph/ns#CooperationEvent>"
COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?e a {EVENT} }}"
RUNAWAY = (
    f"SELECT * WHERE {{ ?a a {EVENT} . ?b a {EVENT} . ?c a {EVENT} . ?d a {EVENT} }} ORDER BY ?d ?c ?b ?a"
)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return build_tiny_store(tmp_path / "store", events=120)


@pytest.fixture
def pool(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[WorkerPool]:
    # The memory cap (tested in tests/hostile) would stop the runaway before the timeout does.
    monkeypatch.setenv("COOPGRAPH_WORKER_MEMORY_MB", "0")
    workers = WorkerPool(store_path, size=2, timeout=1.5, max_rows=50)
    yield workers
    workers.close()


def select(text: str) -> Job:
    return Job("query", text, tabular_format="json", graph_format="ttl")


def count(pool: WorkerPool) -> int:
    result = pool.run(select(COUNT))
    return int(json.loads(result.body)["results"]["bindings"][0]["n"]["value"])


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is dead


def test_results_come_back_serialised(pool):
    assert count(pool) == 120
    result = pool.run(select(f"SELECT ?e WHERE {{ ?e a {EVENT} }}"))
    assert result.format == "json" and result.truncated  # 120 rows over the cap of 50
    assert len(json.loads(result.body)["results"]["bindings"]) == 50
    graph = pool.run(select(f"CONSTRUCT {{ ?e a {EVENT} }} WHERE {{ ?e a {EVENT} }} LIMIT 3"))
    assert graph.format == "ttl" and len(list(ox.parse(graph.body, format=ox.RdfFormat.TURTLE))) == 3


def test_a_syntax_error_is_a_400_with_the_place(pool):
    with pytest.raises(QueryError) as error:
        pool.run(select("SELECT * WHERE { ?s ?p }"))
    assert error.value.status == 400 and "line 1, column" in error.value.message


def test_timeout_kills_the_worker_and_a_new_one_takes_over(pool):
    count(pool)  # both workers up
    workers_before = {w.process.pid for w in pool._all}
    started = time.monotonic()
    with pytest.raises(QueryError) as error:
        pool.run(select(RUNAWAY))
    elapsed = time.monotonic() - started
    assert error.value.status == 503
    assert "exceeded the 1.5 s limit (setting query_timeout)" in error.value.message
    assert 1.5 <= elapsed < 2.5
    assert pool.kills == 1
    killed = workers_before - {w.process.pid for w in pool._all}
    assert len(killed) == 1 and not alive(killed.pop())
    assert len(pool._all) == 2
    assert count(pool) == 120 and count(pool) == 120


def test_a_worker_that_died_while_idle_is_replaced(pool):
    count(pool)
    victim = next(iter(pool._all))
    os.kill(victim.process.pid, signal.SIGKILL)  # as the kernel's OOM killer would
    victim.process.join(timeout=5)
    for _ in range(4):
        assert count(pool) == 120
    assert victim not in pool._all and len(pool._all) == 2


def test_other_queries_are_answered_while_one_runs_away(pool):
    count(pool)
    errors: list[QueryError] = []
    runaway = threading.Thread(target=lambda: errors.append(_expect_error(pool, RUNAWAY)))
    runaway.start()
    time.sleep(0.2)
    latencies = []
    for _ in range(5):
        started = time.monotonic()
        assert count(pool) == 120
        latencies.append(time.monotonic() - started)
    assert runaway.is_alive() and max(latencies) < 0.5
    runaway.join()
    assert errors[0].status == 503


def _expect_error(pool: WorkerPool, text: str) -> QueryError:
    try:
        pool.run(select(text))
    except QueryError as exc:
        return exc
    raise AssertionError("the query should have failed")


def test_workers_reopen_the_store_after_a_write(pool, store_path):
    assert count(pool) == 120
    graph = Graph()
    for i in range(5):
        event = URIRef(f"https://coopgraph.example.org/id/event/extra-{i}")
        graph.add((event, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                   URIRef("https://w3id.org/coopgraph/ns#CooperationEvent")))  # fmt: skip
        graph.add((event, URIRef("http://schema.org/name"), Literal(f"Дополнительное {i}", lang="ru")))
    with Store(store_path) as store:  # a writer next to the read-only workers, as `ingest` is
        store.replace_graph("https://coopgraph.example.org/graph/extra", graph)
    assert count(pool) == 125 and count(pool) == 125  # both workers see it


def test_the_byte_cap_stops_a_huge_result(store_path):
    pool = WorkerPool(store_path, size=1, timeout=5, max_rows=10000, max_bytes=2000)
    try:
        with pytest.raises(QueryError) as error:
            pool.run(select("SELECT * WHERE { ?s ?p ?o }"))
        assert error.value.status == 500 and "2000 bytes" in error.value.message
        assert count(pool) == 120  # the worker survived
    finally:
        pool.close()


def test_an_update_on_a_locked_store_is_a_503(pool, store_path):
    with Store(store_path), pytest.raises(QueryError) as error:
        pool.run(Job("update", "INSERT DATA { <http://x/s> <http://x/p> 1 }"))
    assert error.value.status == 503 and "locked" in error.value.message
    pool.run(Job("update", "INSERT DATA { GRAPH <http://x/g> { <http://x/s> <http://x/p> 1 } }"))
    assert b"true" in pool.run(select("ASK { <http://x/s> <http://x/p> 1 }")).body


WORKER_OWNER = textwrap.dedent(
    """
    import sys, threading, time
    from coopgraph.server.query_workers import Job, WorkerPool
    pool = WorkerPool(sys.argv[1], size=2, timeout=600)
    runaway = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"
    pool.run(Job("query", "ASK {}", tabular_format="json"))
    job = Job("query", runaway, tabular_format="json")
    threading.Thread(target=pool.run, args=(job,), daemon=True).start()
    time.sleep(0.5)
    print(" ".join(str(w.process.pid) for w in pool._all), flush=True)
    time.sleep(600)
    """
)


def test_workers_die_with_their_server(store_path):
    """Killing the server (SIGKILL: no atexit, no cleanup) must not leave a query burning CPU."""
    owner = subprocess.Popen([sys.executable, "-c", WORKER_OWNER, str(store_path)], stdout=subprocess.PIPE,
                             text=True)  # fmt: skip
    try:
        pids = [int(p) for p in owner.stdout.readline().split()]
        assert len(pids) == 2 and all(alive(p) for p in pids)
        os.kill(owner.pid, signal.SIGKILL)
        owner.wait()
        deadline = time.monotonic() + 5
        while any(alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(alive(p) for p in pids), "a worker outlived its server"
    finally:
        owner.kill()
        owner.wait()
        owner.stdout.close()
