import subprocess
import sys
import time

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from coopgraph.errors import StoreError
from coopgraph.store import Store, checkpoints

G1 = "https://coopgraph.example.org/graph/r1"
G2 = "https://coopgraph.example.org/graph/r2"


def graph_of(*objects: str) -> Graph:
    g = Graph()
    for i, o in enumerate(objects):
        g.add(
            (URIRef(f"https://coopgraph.example.org/id/x/{i}"), URIRef("http://schema.org/name"), Literal(o))
        )
    return g


@pytest.fixture
def fresh_store(tmp_path):
    with Store(tmp_path / "store") as store:
        yield store


def test_replace_graph_swaps_content_and_leaves_other_graphs(fresh_store):
    fresh_store.replace_graph(G1, graph_of("a", "b"))
    fresh_store.replace_graph(G2, graph_of("z"))
    fresh_store.replace_graph(G1, graph_of("c"))
    assert fresh_store.count(G1) == 1
    assert fresh_store.count(G2) == 1
    names = {s["o"].value for s in fresh_store.query(f"SELECT ?o WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")}
    assert names == {"c"}
    assert fresh_store.named_graphs() == [G1, G2]


def test_generation_moves_on_every_write(fresh_store):
    before = fresh_store.generation()
    fresh_store.replace_graph(G1, graph_of("a"))
    fresh_store.remove_graph(G1)
    assert fresh_store.generation() == before + 2
    assert fresh_store.remove_graph(G1) is False


def test_publishing_at_most_every_holds_checkpoints_back_until_the_interval_or_the_end(tmp_path):
    path = tmp_path / "store"
    with Store(path) as store:
        start = store.generation()
        with store.publishing_at_most_every(3600):
            store.replace_graph(G1, graph_of("a"))
            store.replace_graph(G2, graph_of("b"))
            store.replace_graph(G1, graph_of("c"))
            assert store.generation() == start  # held back: the store was published on opening
            with Store(path, read_only=True) as reader:
                assert reader.named_graphs() == []
        assert store.generation() == start + 1  # the end of the block publishes them
        with Store(path, read_only=True) as reader:
            assert reader.named_graphs() == [G1, G2]
            assert {r["o"].value for r in reader.query("SELECT ?o WHERE { ?s ?p ?o }")} == {"b", "c"}
        with store.publishing_at_most_every(1.0):
            time.sleep(1.05)
            store.remove_graph(G2)  # the interval has passed: published at once
            assert store.generation() == start + 2
            store.remove_graph(G1)  # within the interval again: held back
            assert store.generation() == start + 2
        assert store.generation() == start + 3


def test_a_new_graph_with_blank_nodes_and_escapes_is_stored_whole_in_its_graph_and_the_union(fresh_store):
    data = (
        b'_:b1 <http://schema.org/name> "line one\\nline two \\" quoted \\u00e9 ." .\n'
        b"<https://coopgraph.example.org/id/x/1> <http://schema.org/about> _:b1 .\n"
        + '<https://coopgraph.example.org/id/x/1> <http://schema.org/name> "Минск"@ru .\n'.encode()
    )
    fresh_store.replace_graph_ntriples(G1, data)
    assert fresh_store.count(G1) == 3
    rows = list(
        fresh_store.query(
            "SELECT ?name WHERE { ?x <http://schema.org/about> ?b . ?b <http://schema.org/name> ?name }"
        )
    )
    assert [r["name"].value for r in rows] == ['line one\nline two " quoted \u00e9 .']
    assert fresh_store.count() == 3 and len(list(fresh_store.query("SELECT * WHERE { ?s ?p ?o }"))) == 3
    # Forms rdflib does not write: no space before the full stop, a comment, a blank line.
    fresh_store.replace_graph_ntriples(G2, b"# a comment\n\n<http://a> <http://b> <http://c>.\n")
    assert fresh_store.count(G2) == 1 and fresh_store.count() == 4
    fresh_store.remove_graph(G2)
    with pytest.raises(StoreError, match="not N-Triples"):
        fresh_store.replace_graph_ntriples(G2, b"<http://a> <http://b> <http://c>\n")
    assert not fresh_store.has_graph(G2)


def test_union_default_graph_in_queries(fresh_store):
    fresh_store.replace_graph(G1, graph_of("a"))
    fresh_store.replace_graph(G2, graph_of("b"))
    rows = list(fresh_store.query("SELECT ?o WHERE { ?s ?p ?o }"))
    assert {r["o"].value for r in rows} == {"a", "b"}


def test_replace_is_one_transaction_readers_see_old_or_new(tmp_path):
    """After each replacement a fresh reader sees exactly the new version, nothing of the old."""
    path = tmp_path / "store"
    with Store(path) as store:
        store.replace_graph(G1, graph_of(*[f"v0-{i}" for i in range(300)]))
        for version in range(1, 15):
            store.replace_graph(G1, graph_of(*[f"v{version}-{i}" for i in range(300)]))
            reader = Store(path, read_only=True)
            rows = reader.query(f"SELECT ?o WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")
            versions = {r["o"].value.split("-")[0] for r in rows}
            assert versions == {f"v{version}"}


def test_second_writer_gets_a_clear_error(tmp_path):
    path = tmp_path / "store"
    with Store(path):
        code = (
            "import sys\nfrom coopgraph.store import Store\n"
            "from coopgraph.errors import StoreError\n"
            f"try:\n    Store({str(path)!r})\nexcept StoreError as e:\n    print(e); sys.exit(3)\n"
        )
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 3, result.stderr
    assert "locked by another process" in result.stdout


def test_read_only_store_refuses_writes_and_sees_data(tmp_path):
    path = tmp_path / "store"
    with Store(path) as store:
        store.replace_graph(G1, graph_of("a"))
    reader = Store(path, read_only=True)
    assert reader.count() == 1
    with pytest.raises(StoreError):
        reader.replace_graph(G1, graph_of("b"))


def test_missing_read_only_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "nowhere", read_only=True)


def test_dump_formats_parse_back(fresh_store):
    fresh_store.replace_graph(G1, graph_of("Смоленск", "a"))
    fresh_store.replace_graph(G2, graph_of("Смоленск"))  # same triple in two graphs
    nt = fresh_store.dump("nt")
    triples = list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))
    assert len(triples) == 2  # the union, without duplicates
    nq = fresh_store.dump("nq")
    quads = list(ox.parse(nq, format=ox.RdfFormat.N_QUADS))
    assert len(quads) == 3
    ttl = fresh_store.dump("ttl", graph_iri=G1, prefixes={"schema": "http://schema.org/"})
    assert b"@prefix schema:" in ttl or b"PREFIX schema:" in ttl
    assert len(list(ox.parse(ttl, format=ox.RdfFormat.TURTLE))) == 2


def test_union_has_no_duplicates_and_follows_replacements(fresh_store):
    shared = graph_of("Смоленск")  # the same triple in two report graphs
    fresh_store.replace_graph(G1, shared + graph_of("x", "y"))
    fresh_store.replace_graph(G2, shared)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(next(iter(fresh_store.query(count)))["n"].value) == 3  # {Смоленск, x→1, y→2} as a set
    fresh_store.replace_graph(G1, graph_of("z"))  # drops x, y; keeps the shared triple (G2 has it)
    values = {r["o"].value for r in fresh_store.query("SELECT ?o WHERE { ?s ?p ?o }")}
    assert values == {"Смоленск", "z"} - {"z"} | {"z"}
    fresh_store.remove_graph(G2)
    values = {r["o"].value for r in fresh_store.query("SELECT ?o WHERE { ?s ?p ?o }")}
    assert values == {"z"}


def test_store_written_before_the_union_layout_is_upgraded_on_open(tmp_path):
    path = tmp_path / "store"
    raw = ox.Store(str(path))
    raw.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://p"), ox.Literal("old"), ox.NamedNode(G1)))
    raw.flush()
    del raw
    with Store(path) as store:
        assert [r["o"].value for r in store.query("SELECT ?o WHERE { ?s ?p ?o }")] == ["old"]


def test_reader_of_a_store_in_the_old_layout_still_sees_the_union(tmp_path):
    path = tmp_path / "store"
    raw = ox.Store(str(path))
    raw.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://p"), ox.Literal("old"), ox.NamedNode(G1)))
    raw.flush()
    del raw
    reader = Store(path, read_only=True)
    assert [r["o"].value for r in reader.query("SELECT ?o WHERE { ?s ?p ?o }")] == ["old"]


def test_a_publishing_block_ends_with_a_compacted_checkpoint(tmp_path):
    # Each publish flushes the writes into new level-0 files; a reader scans them all until
    # they are merged, so the batch's last checkpoint is compacted (fewer, larger files).
    path = tmp_path / "store"

    def sst_files() -> int:
        return len(list(checkpoints.current(path)[1].glob("*.sst")))

    with Store(path) as store:
        with store.publishing_at_most_every(0):
            for n in range(12):
                lines = "".join(f'<https://e.org/{n}/{i}> <https://e.org/p> "{i}" .\n' for i in range(1000))
                store.replace_graph_ntriples(f"https://e.org/g{n}", lines.encode())
            published, before = store.generation(), sst_files()
        assert store.generation() == published + 1
        assert sst_files() < before
    with Store(path, read_only=True) as reader:
        assert len(reader.named_graphs()) == 12
        assert reader.count() >= 12_000
