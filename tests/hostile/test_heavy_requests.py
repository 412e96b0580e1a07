"""Heavy per-report renders (issue 15 §4): `/review/<id>` (SHACL) and `/graph/<id>.jsonld` are
built once per store generation, and eight anonymous heavy GETs at once do not make `/healthz`
wait: health answers in under a second while they run."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import LiveServer, call, start_server, stop

RID = "smolensk-belarus-2020-h1"
HEAVY = [f"/review/{RID}", f"/graph/{RID}.jsonld"]


@pytest.fixture
def live(writable_store: Path) -> Iterator[LiveServer]:
    server = start_server(writable_store)
    yield server
    stop(server)


def timed(live: LiveServer, path: str) -> tuple[int, float, bytes]:
    started = time.monotonic()
    answer = call(live, "GET", path, timeout=120)
    return answer.status, time.monotonic() - started, answer.body


def test_eight_heavy_gets_do_not_make_healthz_wait(live):
    statuses: list[int] = []
    health: list[float] = []
    heavy = [threading.Thread(target=lambda p=path: statuses.append(timed(live, p)[0])) for path in HEAVY * 4]
    for thread in heavy:
        thread.start()
    time.sleep(0.3)  # the renders are under way
    while any(t.is_alive() for t in heavy):
        status, seconds, _ = timed(live, "/healthz")
        assert status == 200
        health.append(seconds)
        time.sleep(0.1)
    for thread in heavy:
        thread.join()
    assert health, "the heavy requests ended before /healthz was asked"
    assert max(health) < 1.0, health
    assert set(statuses) <= {200, 503} and 200 in statuses, statuses  # 503: no render slot, retry


def test_renders_are_cached_per_generation_and_follow_a_write(live, writable_store):
    for path in HEAVY:
        first = timed(live, path)
        repeats = [timed(live, path) for _ in range(3)]
        assert first[0] == 200 and all(r[0] == 200 and r[2] == first[2] for r in repeats)
        # Uncached, each GET re-ran SHACL or the JSON-LD serializer: 0.4-1 s here; cached, ~0.03 s.
        assert statistics.median(r[1] for r in repeats) < 0.25, (path, first[1], [r[1] for r in repeats])
    from coopgraph.store import Store

    with Store(writable_store) as writer:  # a write: the next GET sees the new generation
        writer.remove_graph(f"https://coopgraph.example.org/graph/{RID}")
    assert timed(live, f"/review/{RID}")[0] == 404
    assert timed(live, f"/graph/{RID}.jsonld")[0] == 404
