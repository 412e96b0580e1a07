"""The store contract: both backends offer every `GraphStore` member with the same parameters,
`open_store` is the one way to open either, and `StoreReader` follows each completed write."""

import inspect

import pytest
from oxigraph_server import running_oxigraph
from rdflib import Graph, Literal, URIRef

from coopgraph.store import GraphStore, RemoteStore, Store, open_store
from coopgraph.store.reader import StoreReader

G = "https://coopgraph.example.org/graph/r1"


def members() -> list[str]:
    return sorted(
        name
        for name, value in vars(GraphStore).items()
        if (callable(value) or isinstance(value, property))
        and (not name.startswith("_") or name in {"__enter__", "__exit__"})
    )


def test_the_protocol_names_the_store_api():
    assert {"query", "replace_graph", "generation", "dump", "close", "location", "path"} <= set(members())


@pytest.mark.parametrize("backend", [Store, RemoteStore])
@pytest.mark.parametrize("name", members())
def test_each_backend_has_the_member_with_the_same_parameters(backend, name):
    expected = getattr(GraphStore, name)
    if isinstance(expected, property):  # an attribute on the backends, set in __init__
        assert name in inspect.signature(backend.__init__).parameters or name in inspect.getsource(backend)
        return
    found = getattr(backend, name)
    wanted = [(p.name, p.kind, p.default) for p in inspect.signature(expected).parameters.values()]
    given = [(p.name, p.kind, p.default) for p in inspect.signature(found).parameters.values()]
    assert given == wanted


def one_triple(text: str) -> Graph:
    g = Graph()
    g.add((URIRef("https://coopgraph.example.org/id/x"), URIRef("http://schema.org/name"), Literal(text)))
    return g


def test_open_store_gives_an_embedded_store_for_a_folder(tmp_path):
    with open_store(tmp_path / "store") as store:
        assert isinstance(store, Store) and isinstance(store, GraphStore)
        assert store.location == str(tmp_path / "store") and store.path == tmp_path / "store"


def test_open_store_gives_a_remote_store_for_a_url(tmp_path):
    with running_oxigraph(tmp_path / "oxigraph") as url, open_store(url) as store:
        assert isinstance(store, RemoteStore) and isinstance(store, GraphStore)
        assert store.location == url and store.path is None  # nothing is kept beside a server
        store.replace_graph(G, one_triple("a"))
        assert store.named_graphs() == [G] and store.generation() == 1


def test_the_reader_moves_to_the_next_generation_and_the_old_store_keeps_answering(tmp_path):
    path = tmp_path / "store"
    reader = StoreReader(path)  # an empty store is created, so the server can start first
    first = reader.get()
    assert first.read_only and first.named_graphs() == []
    assert reader.get() is first  # nothing written: the same store
    with open_store(path) as writer:
        writer.replace_graph(G, one_triple("a"))
    second = reader.get()
    assert second is not first and second.generation() == reader.generation() > first.generation()
    assert second.named_graphs() == [G]
    assert first.named_graphs() == []  # a request still holding the old one reads its generation
    first.close()
    reader.close()
