"""The outbound check costs little on any body and answers with one short message (issue 15 §4).

The old token-stream check was quadratic: eight 24 KB bodies of `'\\` pairs took ~29 s each in
the request thread (outside the killable timeout) and /healthz waited 26-28 s; `"LOAD\\n" * 52000`
got a 6.1 MB refusal after 3-4 s. Deep unbracketed nesting (a 20,000-step path, 100,000 `+`
terms, 50,000 `&&`) killed a query worker (500), because the nesting guard counted only brackets.
Figures for the check alone: bench/checker_bench.py.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Iterator

import pytest

from coopgraph.server.query_safety import UnsafeOperation, check

from .conftest import UPDATE_TOKEN, LiveServer, assert_no_leak, call, start_server, stop

QUOTE_PAIRS = "'\\" * 12288  # 24 KB
LOADS = "LOAD\n" * 52000  # 253 KB
DEEP = {
    "path": "PREFIX : <http://x/> SELECT * { ?s " + "/".join([":p"] * 20000) + " ?o }",
    "plus": "SELECT (" + "+".join(["1"] * 100000) + " AS ?x) {}",
    "and": "SELECT * { FILTER(" + "&&".join(["true"] * 50000) + ") }",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[LiveServer]:
    from .conftest import ingest_bundled

    store = ingest_bundled(tmp_path_factory.mktemp("checker-cost") / "store")
    live = start_server(store, env={"COOPGRAPH_UPDATE_TOKEN": UPDATE_TOKEN})
    yield live
    stop(live)


def timed(text: str, *, update: bool = False) -> tuple[str, float]:
    start = time.perf_counter()
    try:
        check(text, update=update)
        outcome = "passed"
    except UnsafeOperation as exc:
        outcome = str(exc)
    return outcome, time.perf_counter() - start


BLANKS = " \t\n" * 100000 + "x"  # a nested quantifier over blanks would backtrack exponentially
COMMENTS = "# c\n" * 50000 + "x"


@pytest.mark.parametrize(
    "text",
    [QUOTE_PAIRS, LOADS, BLANKS, COMMENTS, *DEEP.values()],
    ids=["quotes", "loads", "blanks", "comments", *DEEP],
)
def test_the_check_is_cheap_on_hostile_bodies(text):
    # Medians on this machine are 1-60 ms (bench/checker_bench.py); the bound leaves room for noise.
    for update in (False, True):
        outcome, seconds = timed(text, update=update)
        assert seconds < 1.0, seconds
        assert len(outcome) < 400 and outcome.count("refused") <= 1


def test_many_loads_get_one_short_refusal():
    outcome, _ = timed(LOADS, update=True)
    assert outcome.startswith("refused: the text mentions LOAD (at line 1, column 1)")


def test_deep_chains_are_refused_before_any_parser_recurses():
    for text in DEEP.values():
        with pytest.raises(UnsafeOperation, match="at most"):
            check(text)
        # Just under the limits the same shapes pass the check.
        short = text.replace("/".join([":p"] * 20000), "/".join([":p"] * 200))
        short = short.replace("+".join(["1"] * 100000), "+".join(["1"] * 1000))
        short = short.replace("&&".join(["true"] * 50000), "&&".join(["true"] * 1000))
        check(short)


def post(server: LiveServer, body: str, kind: str = "query", token: bool = False) -> tuple[int, bytes, float]:
    headers = {"Content-Type": f"application/sparql-{kind}"}
    if token:
        headers["Authorization"] = f"Bearer {UPDATE_TOKEN}"
    start = time.perf_counter()
    answer = call(server, "POST", "/sparql", body, headers)
    assert_no_leak(answer)
    return answer.status, answer.body, time.perf_counter() - start


def test_eight_quote_bodies_leave_healthz_answering(server):
    results: list[tuple[int, bytes, float]] = []
    threads = [threading.Thread(target=lambda: results.append(post(server, QUOTE_PAIRS))) for _ in range(8)]
    for thread in threads:
        thread.start()
    start = time.perf_counter()
    health = call(server, "GET", "/healthz")
    health_seconds = time.perf_counter() - start
    for thread in threads:
        thread.join(timeout=60)
    assert health.status == 200 and health_seconds < 2.0, health_seconds
    assert len(results) == 8
    for status, body, seconds in results:
        assert status == 400 and seconds < 10, (status, seconds)  # the engine's syntax error
        assert len(body) < 2000


def test_many_loads_answer_quickly_with_one_short_message(server):
    for kind, token in (("update", True), ("query", False)):
        status, body, seconds = post(server, LOADS, kind, token)
        assert status == 400 and seconds < 3.0, (status, seconds)
        assert len(body) < 400 and body.count(b"refused") == 1, body[:400]


def test_deep_unbracketed_nesting_is_a_clear_400_and_kills_no_worker(server):
    for name, text in DEEP.items():
        status, body, seconds = post(server, text)
        assert status == 400, (name, status, body[:300])
        assert b"at most" in body and seconds < 3.0
    answer = call(server, "GET", "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
    assert answer.status == 200 and json.loads(answer.body)["boolean"] is True


def test_a_slow_parse_runs_in_the_worker_not_the_request_thread(server):
    """rdflib's parser takes tens of seconds on ~1,500 chained `&&`; a text that mentions SERVICE
    must be parsed, so that parse runs in the killable worker: bounded by query_timeout and off
    the server process (a pure-Python parse in a request thread would hold its GIL)."""
    slow = "# service\nSELECT * { FILTER(" + "&&".join(["true"] * 1500) + ") }"
    results: list[tuple[int, bytes, float]] = []
    thread = threading.Thread(target=lambda: results.append(post(server, slow)))
    thread.start()
    time.sleep(0.5)
    start = time.perf_counter()
    health = call(server, "GET", "/healthz")
    assert health.status == 200 and time.perf_counter() - start < 1.0
    thread.join(timeout=60)
    status, body, seconds = results[0]
    # Under the 10 s query_timeout either the parse finished (a refusal: it mentions no SERVICE
    # operation, so the engine's answer) or the worker was killed (503 naming the setting).
    assert status in (200, 503) and seconds < 14, (status, body[:200], seconds)
    assert status == 200 or b"query_timeout" in body
