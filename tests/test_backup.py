import json

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from coopgraph.store import Store
from coopgraph.store.backup import BackupError, backup, restore

G1 = "https://coopgraph.example.org/graph/r1"
G2 = "https://coopgraph.example.org/graph/r2"


def sample(n: int, text: str) -> Graph:
    g = Graph()
    for i in range(n):
        g.add(
            (
                URIRef(f"https://coopgraph.example.org/id/x/{i}"),
                URIRef("http://schema.org/name"),
                Literal(f"{text} «{i}»", lang="ru"),
            )
        )
    return g


def as_dataset(store: Store) -> Dataset:
    ds = Dataset()
    ds.parse(data=store.dump("nq"), format="nquads")
    return ds


@pytest.fixture
def filled_store(tmp_path):
    with Store(tmp_path / "store") as store:
        store.replace_graph(G1, sample(5, "Смоленск"))
        store.replace_graph(G2, sample(3, "Гомель"))
        yield store


def test_round_trip_gives_the_same_graphs(filled_store, tmp_path):
    manifest = backup(filled_store, tmp_path / "bk")
    assert manifest["graphs"] == {G1: 5, G2: 3}
    with Store(tmp_path / "other") as other:
        other.replace_graph("https://coopgraph.example.org/graph/stale", sample(1, "x"))
        restore(other, tmp_path / "bk")
        assert other.named_graphs() == [G1, G2]
        for g in (G1, G2):
            assert isomorphic(other.graph(g), filled_store.graph(g))


def test_corrupt_backup_is_refused_and_store_unchanged(filled_store, tmp_path):
    backup(filled_store, tmp_path / "bk")
    data = (tmp_path / "bk" / "store.nq").read_bytes()
    (tmp_path / "bk" / "store.nq").write_bytes(data.replace("Смоленск".encode(), "Смолевск".encode(), 1))
    with Store(tmp_path / "other") as other:
        other.replace_graph(G1, sample(2, "keep"))
        before = other.dump("nq")
        with pytest.raises(BackupError, match="checksum mismatch"):
            restore(other, tmp_path / "bk")
        assert other.dump("nq") == before


def test_manifest_counts_are_checked(filled_store, tmp_path):
    backup(filled_store, tmp_path / "bk")
    manifest_path = tmp_path / "bk" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["graphs"][G1] = 99
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(BackupError, match="counts differ"):
        restore(filled_store, tmp_path / "bk")


def test_missing_folder_is_a_clear_error(filled_store, tmp_path):
    with pytest.raises(BackupError, match="not a coopgraph backup"):
        restore(filled_store, tmp_path / "nothing-here")
