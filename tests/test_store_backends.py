"""The store contract, run against both backends: the embedded Oxigraph folder and a real
`oxigraph serve` process on loopback reached over HTTP (`coopgraph.store.remote.RemoteStore`)."""

import http.client
import subprocess
import sys
import threading
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox
import pytest
from oxigraph_server import running_oxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from coopgraph.errors import StoreError
from coopgraph.store import Store
from coopgraph.store.backup import backup, restore
from coopgraph.store.factory import is_remote, open_store
from coopgraph.store.remote import RemoteStore

BASE = "https://coopgraph.example.org/"
G1 = BASE + "graph/r1"
G2 = BASE + "graph/r2"
NAME = URIRef("http://schema.org/name")


def graph_of(*objects: str) -> Graph:
    g = Graph()
    for i, o in enumerate(objects):
        g.add((URIRef(f"{BASE}id/x/{i}"), NAME, Literal(o)))
    return g


def drop_all(url: str) -> None:
    """Empty the server between tests (generation back to 0), as a fresh folder would be."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.request(
        "POST",
        "/update",
        urlencode({"update": "DROP ALL"}),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert conn.getresponse().status == 204
    conn.close()


@pytest.fixture(scope="session")
def oxigraph_url(tmp_path_factory):
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph-serve")) as url:
        yield url


@pytest.fixture(params=["embedded", "oxigraph-serve"])
def location(request, tmp_path):
    """Where a fresh, empty store lives: a folder or the URL of an emptied `oxigraph serve`."""
    if request.param == "embedded":
        return str(tmp_path / "store")
    url = request.getfixturevalue("oxigraph_url")
    drop_all(url)
    return url


@pytest.fixture
def any_store(location):
    with open_store(location) as store:
        yield store


def test_factory_picks_the_backend_from_the_location(location):
    with open_store(location) as store:
        assert isinstance(store, RemoteStore if is_remote(location) else Store)
    assert is_remote("HTTPS://sparql.example.org/ds")
    assert not is_remote("data/store")


def test_replace_graph_swaps_content_and_leaves_other_graphs(any_store):
    any_store.replace_graph(G1, graph_of("a", "b"))
    any_store.replace_graph(G2, graph_of("z"))
    assert any_store.replace_graph(G1, graph_of("c")) == 1
    assert any_store.count(G1) == 1
    assert any_store.count(G2) == 1
    assert any_store.count() == 2
    names = {s["o"].value for s in any_store.query(f"SELECT ?o WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")}
    assert names == {"c"}
    assert any_store.named_graphs() == [G1, G2]
    assert any_store.has_graph(G1)
    assert not any_store.has_graph(BASE + "graph/never")


def test_replace_with_an_empty_graph_empties_it(any_store):
    any_store.replace_graph(G1, graph_of("a", "b", "c"))
    any_store.replace_graph(G1, Graph())
    assert any_store.count(G1) == 0


def test_generation_moves_on_every_write(any_store):
    before = any_store.generation()
    any_store.replace_graph(G1, graph_of("a"))
    any_store.replace_graph(G2, graph_of("b"))
    any_store.remove_graph(G1)
    assert any_store.generation() == before + 3
    assert any_store.remove_graph(G1) is False
    assert any_store.generation() == before + 3
    assert any_store.named_graphs() == [G2]


def test_bookkeeping_never_shows_in_queries(any_store):
    """The generation counter lives in the remote store, but not in the analysts' data."""
    any_store.replace_graph(G1, graph_of("a"))
    any_store.replace_graph(G1, graph_of("b"))
    assert [r["o"].value for r in any_store.query("SELECT ?o WHERE { ?s ?p ?o }")] == ["b"]
    graphs = {r["g"].value for r in any_store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert graphs == {G1}
    assert any_store.count() == 1


def test_union_default_graph_in_queries(any_store):
    any_store.replace_graph(G1, graph_of("a"))
    any_store.replace_graph(G2, graph_of("b"))
    rows = list(any_store.query("SELECT ?o WHERE { ?s ?p ?o }"))
    assert {r["o"].value for r in rows} == {"a", "b"}


def test_query_result_kinds_match_the_embedded_store(any_store):
    any_store.replace_graph(G1, graph_of("Смоленск", "Гомель"))
    solutions = any_store.query("SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o")
    assert [v.value for v in solutions.variables] == ["s", "o"]
    rows = list(solutions)
    assert isinstance(rows[0]["s"], ox.NamedNode)
    assert rows[0]["o"] == ox.Literal("Гомель")
    assert bool(any_store.query('ASK { ?s ?p "Гомель" }')) is True
    assert bool(any_store.query('ASK { ?s ?p "Минск" }')) is False
    triples = list(any_store.query("CONSTRUCT { ?s <http://ex.org/q> ?o } WHERE { ?s ?p ?o }"))
    assert all(isinstance(t, ox.Triple) for t in triples)
    assert {t.object.value for t in triples} == {"Смоленск", "Гомель"}


def test_awkward_literals_and_blank_nodes_round_trip(any_store):
    g = Graph()
    tricky = 'кавычки " и \\ обратная\nчерта\tтаб \x01 и текст \\u0022 буквально'
    g.add((URIRef(BASE + "id/a"), NAME, Literal(tricky, lang="ru")))
    g.add(
        (
            URIRef(BASE + "id/a"),
            URIRef("http://ex.org/n"),
            Literal("0042", datatype=URIRef("http://ex.org/dt")),
        )
    )
    node = BNode()
    g.add((URIRef(BASE + "id/a"), URIRef("http://ex.org/part"), node))
    g.add((node, NAME, Literal("часть")))
    any_store.replace_graph(G1, g)
    assert isomorphic(any_store.graph(G1), g)


def test_read_only_store_refuses_writes_and_sees_data(location):
    with open_store(location) as writer:
        writer.replace_graph(G1, graph_of("a"))
    reader = open_store(location, read_only=True)
    try:
        assert reader.count() == 1
        with pytest.raises(StoreError, match="read-only"):
            reader.replace_graph(G1, graph_of("b"))
        with pytest.raises(StoreError, match="read-only"):
            reader.remove_graph(G1)
    finally:
        reader.close()


def test_dump_formats_parse_back(any_store):
    any_store.replace_graph(G1, graph_of("Смоленск", "a"))
    any_store.replace_graph(G2, graph_of("Смоленск"))  # same triple in two graphs
    nt = any_store.dump("nt")
    assert len(list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))) == 2  # the union, without duplicates
    quads = list(ox.parse(any_store.dump("nq"), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == 3
    assert {q.graph_name.value for q in quads} == {G1, G2}
    ttl = any_store.dump("ttl", graph_iri=G1, prefixes={"schema": "http://schema.org/"})
    assert b"@prefix schema:" in ttl or b"PREFIX schema:" in ttl
    assert len(list(ox.parse(ttl, format=ox.RdfFormat.TURTLE))) == 2
    assert len(list(any_store.quads(G2))) == 1


def test_replace_is_atomic_for_a_concurrent_reader(location):
    """A reader polling while a writer swaps 200-triple versions sees one version whole, never a mix."""
    old, new = graph_of(*[f"old {i}" for i in range(200)]), graph_of(*[f"new {i}" for i in range(200)])
    seen: list[set[str]] = []
    done = threading.Event()
    with open_store(location) as writer:
        writer.replace_graph(G1, old)
        reader = open_store(location, read_only=True) if is_remote(location) else writer

        def poll():
            while not done.is_set():
                rows = reader.query(f"SELECT ?o WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")
                values = [r["o"].value for r in rows]
                seen.append({v.split()[0] for v in values} | {f"rows={len(values)}"})

        thread = threading.Thread(target=poll)
        thread.start()
        try:
            for i in range(20):
                writer.replace_graph(G1, new if i % 2 == 0 else old)
        finally:
            done.set()
            thread.join(timeout=60)
            if reader is not writer:
                reader.close()
    assert seen
    assert all(s in ({"old", "rows=200"}, {"new", "rows=200"}) for s in seen), [
        s for s in seen if len(s) != 2
    ]


READER = """
import sys
from coopgraph.store.factory import open_store
with open_store(sys.argv[1], read_only=True) as store:
    print(store.count(), store.generation())
"""


def test_several_processes_read_one_store_while_a_writer_has_it_open(location):
    """Endpoint processes scale out as readers: each opens the store read-only on its own."""
    with open_store(location) as writer:
        writer.replace_graph(G1, graph_of("a", "b", "c"))
        expected = f"3 {writer.generation()}"
        readers = [
            subprocess.Popen([sys.executable, "-c", READER, location], stdout=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        outputs = [r.communicate(timeout=60)[0].strip() for r in readers]
    assert outputs == [expected, expected]


def test_backup_and_restore_work_on_either_backend(any_store, tmp_path):
    any_store.replace_graph(G1, graph_of("Смоленск", "Рославль"))
    any_store.replace_graph(G2, graph_of("Гомель"))
    backup(any_store, tmp_path / "backup")
    any_store.replace_graph(G1, graph_of("испорчено"))
    any_store.remove_graph(G2)
    any_store.replace_graph(BASE + "graph/later", graph_of("позже"))
    restore(any_store, tmp_path / "backup")
    assert any_store.named_graphs() == [G1, G2]
    assert isomorphic(any_store.graph(G1), graph_of("Смоленск", "Рославль"))


def test_both_backends_dump_the_same_bytes(oxigraph_url, tmp_path):
    drop_all(oxigraph_url)
    dumps = []
    for location in (str(tmp_path / "store"), oxigraph_url):
        with open_store(location) as store:
            store.replace_graph(G1, graph_of("Смоленск", "Вязьма"))
            store.replace_graph(G2, graph_of("Смоленск"))
            dumps.append({fmt: store.dump(fmt) for fmt in ("nq", "nt", "ttl")})
    assert dumps[0] == dumps[1]
