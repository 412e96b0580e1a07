"""The pages' SELECT answers kept per store generation: a repeated page is built from kept
answers, a write moves the generation and the next page reads the new data, the budget holds."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from tiny_store import BASE, REPORT, build_tiny_store, tiny_client

from coopgraph.server.query_memo import QueryMemo, RememberingStore, Solutions
from coopgraph.store import Store


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return build_tiny_store(tmp_path / "store", events=30)


@pytest.fixture
def clients(store_path: Path):
    """Test clients over `store_path` (settings as given); their query workers end with the test."""
    made = []

    def make(**settings: object):
        made.append(tiny_client(store_path, **settings))
        return made[-1]

    yield make
    for client in made:
        client.application.extensions["coopgraph.query_workers"].close()


def memo_of(client) -> QueryMemo:
    return client.application.extensions["coopgraph.query_memo"]


def test_a_repeated_page_is_built_from_kept_answers_and_is_the_same_page(clients) -> None:
    client = clients()
    first = client.get("/events?lang=en")
    assert first.status_code == 200
    memo = memo_of(client)
    misses, hits = memo.misses, memo.hits
    assert misses > 0
    second = client.get("/events?lang=en")
    assert second.status_code == 200 and second.data == first.data
    assert memo.misses == misses and memo.hits > hits  # every query of the page was a look-up


def test_the_home_page_s_triple_count_is_kept_too(clients) -> None:
    client = clients()
    first = client.get("/?lang=en")
    misses = memo_of(client).misses
    assert client.get("/?lang=en").data == first.data and memo_of(client).misses == misses


def test_a_write_moves_the_generation_and_the_page_shows_the_new_data(clients, store_path: Path) -> None:
    client = clients()
    assert b"30" in client.get("/reports?lang=en").data
    with Store(store_path) as store:
        assert store.remove_graph(BASE + "graph/" + REPORT)
    page = client.get("/reports?lang=en")
    assert page.status_code == 200 and REPORT.encode() not in page.data


def test_a_canned_answer_is_written_once_per_generation(clients, store_path: Path) -> None:
    client = clients()
    workers = client.application.extensions["coopgraph.query_workers"]
    first = client.get("/queries/events.json")
    assert first.status_code == 200 and first.get_json()["row_count"] == 30
    asked = workers.cache.hits + workers.cache.misses
    again = client.get("/queries/events.json")
    assert again.data == first.data
    assert workers.cache.hits + workers.cache.misses == asked  # the pool was not even asked
    as_csv = client.get("/queries/events.csv")
    assert as_csv.status_code == 200 and as_csv.headers["X-Coopgraph-Truncated"] == "false"
    with Store(store_path) as store:
        assert store.remove_graph(BASE + "graph/" + REPORT)
    assert client.get("/queries/events.json").get_json()["row_count"] == 0


def test_the_memo_off_keeps_nothing(clients) -> None:
    client = clients(query_cache_mb=0)
    client.get("/events?lang=en")
    client.get("/events?lang=en")
    assert memo_of(client).hits == 0


def _solutions(n: int) -> Solutions:
    store = ox.Store()
    rows = list(store.query(f"SELECT ?i WHERE {{ VALUES ?i {{ {' '.join(map(str, range(n)))} }} }}"))
    return Solutions([ox.Variable("i")], rows)


def test_the_budget_drops_the_least_recently_used_and_refuses_one_answer_over_a_quarter() -> None:
    memo = QueryMemo(42)  # an answer of n rows takes n + 1; a quarter of the budget is 10
    memo.put(1, ("a",), _solutions(9))
    memo.put(1, ("b",), _solutions(9))
    assert memo.get(1, ("a",)) is not None  # a is now the most recently used
    memo.put(1, ("c",), _solutions(9))
    memo.put(1, ("d",), _solutions(9))
    assert memo.get(1, ("b",)) is not None and memo.get(1, ("a",)) is not None  # 40 of 42
    memo.put(1, ("e",), _solutions(9))  # 50: c, the least recently used, goes
    assert memo.get(1, ("c",)) is None
    assert all(memo.get(1, (k,)) is not None for k in "abde")
    memo.put(1, ("big",), _solutions(10))
    assert memo.get(1, ("big",)) is None
    memo.put(2, ("f",), _solutions(1))  # a new generation drops the old one's answers
    assert memo.get(1, ("a",)) is None and memo.get(2, ("f",)) is not None
    memo.put(1, ("late",), _solutions(1))  # read from a replaced checkpoint: not kept
    assert memo.get(1, ("late",)) is None and memo.get(2, ("late",)) is None


def test_a_kept_answer_reads_like_the_store_s_own_and_other_results_pass_through(store_path: Path) -> None:
    with Store(store_path, read_only=True) as store:
        remembering = RememberingStore(store, QueryMemo(1000))
        query = "SELECT ?e WHERE { ?e a <https://w3id.org/coopgraph/ns#CooperationEvent> } ORDER BY ?e"
        fresh = [row["e"] for row in store.query(query)]
        first, again = remembering.query(query), remembering.query(query)
        assert again is first and [v.value for v in again.variables] == ["e"]
        assert [row["e"] for row in again] == [row["e"] for row in again] == fresh
        assert remembering.query("ASK { ?s ?p ?o }")  # booleans are not kept, only passed on
        assert remembering.generation() == store.generation()  # everything else is the store's
