"""The answer cache of the query workers and the SPARQL ETag: a repeated query (or canned
query) is answered without a worker, the generation names the answer, and a write moves both.

"Without a worker" is proven by killing every worker after the first answer: a cached answer
still comes back, and the dead workers are still in the pool (a run that reached the pool would
have found them dead and replaced them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tiny_store import build_tiny_store, tiny_client

from coopgraph.server.query_workers import Job, WorkerPool

TOKEN = "cache-test-token"
JSON = "application/sparql-results+json"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/cache/p> ?o }"
INSERT = (
    "INSERT DATA { GRAPH <http://example.org/cache/g> "
    "{ <http://example.org/cache/s> <http://example.org/cache/p> %d } }"
)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return build_tiny_store(tmp_path / "store", events=20)


@pytest.fixture
def client(store_path: Path):
    client = tiny_client(store_path, update_token=TOKEN, query_timeout=20.0)
    yield client
    pool(client).close()


def pool(client) -> WorkerPool:
    return client.application.extensions["coopgraph.query_workers"]


def kill_workers(workers: WorkerPool) -> set:
    dead = set(workers._all)
    for worker in dead:
        worker.process.kill()
        worker.process.join(timeout=10)
    return dead


def count(response) -> int:
    return int(json.loads(response.data)["results"]["bindings"][0]["n"]["value"])


def ask(client, **headers: str):
    return client.get("/sparql", query_string={"query": COUNT}, headers={"Accept": JSON, **headers})


def write(client, value: int) -> None:
    answer = client.post(
        "/sparql",
        data=INSERT % value,
        content_type="application/sparql-update",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert answer.status_code == 204, answer.data


def test_a_repeated_query_is_answered_from_the_cache(client):
    workers = pool(client)
    first = ask(client)
    assert first.status_code == 200 and count(first) == 0
    dead = kill_workers(workers)
    again = ask(client)
    assert again.status_code == 200 and again.data == first.data
    assert workers.cache.hits == 1 and workers._all == dead  # no worker was asked
    posted = client.post("/sparql", data={"query": COUNT}, headers={"Accept": JSON})
    assert posted.data == first.data and workers.cache.hits == 2  # POST and GET share the cache


def test_the_etag_names_the_generation_and_if_none_match_gives_304(client, store_path):
    first = ask(client)
    tag = first.headers["ETag"]
    generation = client.application.extensions["coopgraph.store"].generation()
    assert tag.startswith(f'"g{generation}-')
    xml = client.get(
        "/sparql", query_string={"query": COUNT}, headers={"Accept": "application/sparql-results+xml"}
    )
    assert xml.headers["ETag"] != tag  # another representation, another tag
    dead = kill_workers(pool(client))
    unchanged = ask(client, **{"If-None-Match": tag})
    assert unchanged.status_code == 304 and unchanged.data == b"" and unchanged.headers["ETag"] == tag
    assert pool(client)._all == dead  # the 304 needed no worker


def test_a_write_moves_the_generation_the_etag_and_the_answer(client):
    first = ask(client)
    write(client, 1)
    after = ask(client, **{"If-None-Match": first.headers["ETag"]})
    assert after.status_code == 200 and count(after) == 1  # not the cached 0
    assert after.headers["ETag"] != first.headers["ETag"]
    old, new = (int(t.strip('"').split("-")[0][1:]) for t in (first.headers["ETag"], after.headers["ETag"]))
    assert new > old
    write(client, 2)
    assert count(ask(client)) == 2


def test_a_repeated_canned_query_is_answered_from_the_cache(client):
    first = client.get("/queries/events.json")
    assert first.status_code == 200 and json.loads(first.data)["row_count"] == 20
    dead = kill_workers(pool(client))
    again = client.get("/queries/events.json")
    assert again.data == first.data and pool(client)._all == dead
    # The written body is kept per generation, so the pool is not even asked.
    assert client.application.extensions["coopgraph.canned_bodies"].hits >= 1


def test_the_pool_keys_answers_by_generation(store_path):
    """Asked with an older generation after a write, the pool finds nothing and asks a worker."""
    workers = WorkerPool(store_path, size=1, timeout=20)
    try:
        job = Job("query", COUNT, tabular_format="json")
        first = workers.run(job, generation=0)
        assert workers.run(job, generation=first.generation) is first
        workers.run(Job("update", INSERT % 7))
        fresh = workers.run(job, generation=first.generation + 1)
        assert fresh.generation > first.generation and b'"1"' in fresh.body
        assert workers.run(job, generation=first.generation) is not first  # the old answer is gone
    finally:
        workers.close()


def test_a_zero_budget_turns_the_cache_off(store_path):
    workers = WorkerPool(store_path, size=1, timeout=20, cache_bytes=0)
    try:
        job = Job("query", COUNT, tabular_format="json")
        first = workers.run(job)
        assert workers.run(job, generation=first.generation) is not first and workers.cache.hits == 0
    finally:
        workers.close()


def test_the_cache_keeps_within_its_budget(store_path):
    workers = WorkerPool(store_path, size=1, timeout=20, cache_bytes=4096)
    try:
        answers = [
            workers.run(Job("query", f"SELECT ({i} AS ?i) WHERE {{}}", tabular_format="json"))
            for i in range(60)
        ]
        assert workers.cache._size <= 4096 < sum(len(a.body) for a in answers)
        last = Job("query", "SELECT (59 AS ?i) WHERE {}", tabular_format="json")
        assert workers.run(last, generation=answers[-1].generation) is answers[-1]  # the newest is kept
    finally:
        workers.close()
