"""Scale-out: two stateless `coopgraph serve` processes over one `oxigraph serve`.

Both endpoints answer from the same server engine, agree on the generation, and see a write
made through a third client at once; neither keeps a local copy of the data."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from oxigraph_server import free_port, running_oxigraph
from rdflib import Graph, Literal, URIRef

from coopgraph.store.remote import RemoteStore

BASE = "https://coopgraph.example.org/"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def report_graph(*names: str) -> Graph:
    g = Graph()
    for i, name in enumerate(names):
        g.add(
            (URIRef(f"{BASE}id/event/scale-{i}"), URIRef("http://schema.org/name"), Literal(name, lang="ru"))
        )
    return g


def get(url: str, accept: str = "application/json") -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read()


def start_endpoint(store_url: str, workdir: Path) -> tuple[str, subprocess.Popen]:
    """`coopgraph serve` as a real process; run in `workdir` so nothing lands in the repo."""
    port = free_port()
    command = [
        sys.executable, "-m", "coopgraph.cli", "--store", store_url, "--base-iri", BASE,
        "serve", "--host", "127.0.0.1", "--port", str(port), "--query-workers", "1",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"coopgraph serve exited with {process.returncode}")
        try:
            if get(url + "/healthz")[0] == 200:
                return url, process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("coopgraph serve did not answer /healthz within 30 s")


@pytest.fixture
def engine(tmp_path) -> Iterator[str]:
    with running_oxigraph(tmp_path / "oxigraph") as url:
        yield url


@pytest.fixture
def endpoints(engine, tmp_path) -> Iterator[list[str]]:
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    started = [start_endpoint(engine, workdir) for _ in range(2)]
    yield [url for url, _ in started]
    for _, process in started:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    # An endpoint that mistook the URL for a folder would have made an empty local store here.
    assert list(workdir.iterdir()) == []


def sparql_count(endpoint: str) -> int:
    _, body = get(endpoint + "/sparql?" + urllib.parse.urlencode({"query": COUNT}), JSON)
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def generation(endpoint: str) -> int:
    return json.loads(get(endpoint + "/healthz")[1])["generation"]


JSON = "application/sparql-results+json"


def test_two_endpoints_share_one_server_engine(engine, endpoints):
    with RemoteStore(engine) as writer:
        writer.replace_graph(BASE + "graph/smolensk-2021-h1", report_graph("Гомель", "Витебск", "Минск"))
        assert [sparql_count(e) for e in endpoints] == [3, 3]
        assert [generation(e) for e in endpoints] == [writer.generation()] * 2

        writer.replace_graph(BASE + "graph/bryansk-2021-h2", report_graph("Брест", "Могилёв"))
        assert [sparql_count(e) for e in endpoints] == [5, 5]
        assert [generation(e) for e in endpoints] == [writer.generation()] * 2


def test_endpoints_answer_concurrently(engine, endpoints):
    from concurrent.futures import ThreadPoolExecutor

    with RemoteStore(engine) as writer:
        writer.replace_graph(
            BASE + "graph/smolensk-2022-h1", report_graph(*[f"событие {i}" for i in range(50)])
        )
    targets = endpoints * 10
    with ThreadPoolExecutor(max_workers=8) as pool:
        counts = list(pool.map(sparql_count, targets))
    assert counts == [50] * len(targets)
