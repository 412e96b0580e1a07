"""Smoke test of the remote store against OpenLink Virtuoso (Debian's virtuoso-opensource).

Debian's packaged service does not start here, so the test starts `virtuoso-t` by hand, in the
foreground, with its own ini and database in a temp folder, listening on loopback only.
`.ci/install-virtuoso.sh` installs it; without it the test is skipped, saying so.
"""

import shutil
import subprocess
import time

import pyoxigraph as ox
import pytest
from oxigraph_server import free_port, wait_until_answering
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from coopgraph.errors import StoreError
from coopgraph.store.factory import open_store
from coopgraph.store.remote import RemoteStore

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt")
pytestmark = pytest.mark.skipif(
    VIRTUOSO is None or ISQL is None,
    reason="virtuoso-t not installed (Debian package virtuoso-opensource; .ci/install-virtuoso.sh)",
)

MAX_ROWS = 2000  # small on purpose: the store must refuse a silently truncated answer
BASE = "https://coopgraph.example.org/"
NAME = URIRef("http://schema.org/name")

INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 60
"""


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory):
    """(SPARQL URL, isql port) of a Virtuoso started by hand, its SPARQL user allowed to write."""
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(d=folder, sql_port=sql_port, http_port=http_port, max_rows=MAX_ROWS))
    process = subprocess.Popen(
        [VIRTUOSO, "+foreground", "+configfile", str(ini)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        try:
            wait_until_answering("127.0.0.1", http_port, "/sparql", time.monotonic() + 90)
        except OSError:
            log = (folder / "virtuoso.log").read_text(errors="replace")[-2000:]
            pytest.fail(f"virtuoso-t did not start on 127.0.0.1:{http_port}:\n{log}")
        # The anonymous SPARQL user may read only; coopgraph writes through SPARQL Update.
        isql(sql_port, 'GRANT SPARQL_UPDATE TO "SPARQL";')
        yield f"http://127.0.0.1:{http_port}/sparql", sql_port
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def isql(sql_port: int, statement: str) -> None:
    subprocess.run(
        [ISQL, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={statement}"],
        check=True,
        capture_output=True,
        timeout=60,
    )


@pytest.fixture
def virtuoso_url(virtuoso_server):
    return virtuoso_server[0]


@pytest.fixture
def virtuoso(virtuoso_url):
    with open_store(virtuoso_url) as store:
        for g in store.named_graphs():
            store.remove_graph(g)
        yield store


def report_graph(n: int, prefix: str = "мероприятие") -> Graph:
    g = Graph()
    for i in range(n):
        g.add((URIRef(f"{BASE}id/event/v-{i}"), NAME, Literal(f"{prefix} {i}", lang="ru")))
    return g


def test_virtuoso_is_recognised_and_uses_an_explicit_dataset(virtuoso):
    assert isinstance(virtuoso, RemoteStore)
    assert virtuoso.flavour == "virtuoso"
    assert virtuoso.dataset_mode


def test_replace_query_remove(virtuoso):
    g1, g2 = BASE + "graph/smolensk-2021-h2", BASE + "graph/bryansk-2022-h1"
    before = virtuoso.generation()
    virtuoso.replace_graph(g1, report_graph(3, "Гомель"))
    virtuoso.replace_graph(g2, report_graph(2, "Витебск"))
    virtuoso.replace_graph(g1, report_graph(1, "Могилёв"))
    assert virtuoso.generation() == before + 3
    assert virtuoso.named_graphs() == sorted([g1, g2])
    # Only coopgraph's graphs: none of Virtuoso's system graphs, none of its bookkeeping.
    rows = list(virtuoso.query("SELECT ?o WHERE { ?s ?p ?o }"))
    assert sorted(r["o"].value for r in rows) == ["Витебск 0", "Витебск 1", "Могилёв 0"]
    assert virtuoso.count() == 3
    assert bool(virtuoso.query('ASK { ?s ?p "Могилёв 0"@ru }'))
    assert virtuoso.remove_graph(g1) is True
    assert virtuoso.remove_graph(g1) is False
    assert virtuoso.named_graphs() == [g2]
    assert virtuoso.generation() == before + 4


def test_blank_nodes_and_awkward_literals_round_trip(virtuoso):
    g = Graph()
    node = BNode()
    g.add((URIRef(BASE + "id/a"), NAME, Literal('кавычки " и \\ и\nперевод строки', lang="ru")))
    g.add((URIRef(BASE + "id/a"), URIRef("http://ex.org/part"), node))
    g.add((node, NAME, Literal("часть")))
    virtuoso.replace_graph(BASE + "graph/b", g)
    assert isomorphic(virtuoso.graph(BASE + "graph/b"), g)
    quads = list(ox.parse(virtuoso.dump("nq"), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == 3


def test_large_graph_is_chunked_and_truncation_is_refused(virtuoso):
    """5,000 triples in one request (Virtuoso's parser gives up near 5,000 per operation), and a
    dump larger than ResultSetMaxRows is an error rather than a quietly short file."""
    virtuoso.replace_graph(BASE + "graph/big", report_graph(5000))
    assert virtuoso.count(BASE + "graph/big") == 5000
    with pytest.raises(StoreError, match="ResultSetMaxRows"):
        virtuoso.dump("nq")


def test_missing_write_permission_names_the_grant(virtuoso_server):
    url, sql_port = virtuoso_server
    isql(sql_port, 'REVOKE SPARQL_UPDATE FROM "SPARQL";')
    try:
        with open_store(url) as store, pytest.raises(StoreError, match="GRANT SPARQL_UPDATE"):
            store.replace_graph(BASE + "graph/refused", report_graph(1))
    finally:
        isql(sql_port, 'GRANT SPARQL_UPDATE TO "SPARQL";')
