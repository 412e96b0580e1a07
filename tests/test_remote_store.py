"""RemoteStore's own behaviour: the HTTP edge (errors, redirects, timeouts, credentials, server
kinds), the result parsing, chunking, and dataset handling against a real `oxigraph serve`.

Misbehaving servers are small real HTTP servers on loopback (http.server), not mocks."""

import contextlib
import json
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox
import pytest
from oxigraph_server import running_oxigraph
from rdflib import Graph, Literal, URIRef

from coopgraph.errors import StoreError
from coopgraph.store.remote import (
    NO_GRAPH,
    Endpoints,
    RemoteStore,
    has_own_dataset,
    insert_chunks,
    query_form,
)
from coopgraph.store.remote import (
    parse_results as _parse_results,
)

EMPTY_GENERATION = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [{}]}}).encode()


class FakeServer:
    """A loopback HTTP server answering with canned responses; it records requests.

    `status` and `body` may be lists: the n-th request gets the n-th item (the last one repeats)."""

    def __init__(self, status=200, headers=None, body=EMPTY_GENERATION, delay=0.0):
        statuses = status if isinstance(status, list) else [status]
        bodies = body if isinstance(body, list) else [body]
        self.requests: list[dict] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                owner.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": self.rfile.read(length).decode(),
                    }
                )
                n = len(owner.requests) - 1
                answer_status, answer = statuses[min(n, len(statuses) - 1)], bodies[min(n, len(bodies) - 1)]
                time.sleep(delay)
                self.send_response(answer_status)
                for k, v in {"Content-Type": "application/sparql-results+json", **(headers or {})}.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError):  # the client gave up (the timeout test)
                    self.wfile.write(answer)

            do_GET = do_POST = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


# ---------------------------------------------------------------------------- query text


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("PREFIX ask: <http://ex.org/select#>\n# CONSTRUCT in a comment\nask { ?s ?p 'describe' }", "ASK"),
        ("BASE <http://ex.org/>\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("describe <http://ex.org/x>", "DESCRIBE"),
    ],
)
def test_query_form_ignores_iris_strings_and_comments(text, form):
    assert query_form(text) == form


def test_own_dataset_is_seen_only_in_the_query_proper():
    assert has_own_dataset("SELECT * FROM <http://ex.org/g> WHERE { ?s ?p ?o }")
    assert has_own_dataset("SELECT * FROM NAMED <http://ex.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert not has_own_dataset('SELECT * WHERE { ?s ?p "FROM <x>" } # FROM <y>')


# ---------------------------------------------------------------------------- URL and server kind


@pytest.mark.parametrize(
    ("url", "flavour", "query", "update"),
    [
        ("http://127.0.0.1:7878", "oxigraph", "/query", "/update"),
        ("http://127.0.0.1:8890/sparql", "virtuoso", "/sparql", "/sparql"),
        ("http://fuseki.example.org:3030/coop/", "fuseki", "/coop/query", "/coop/update"),
        (
            "https://gdb.example.org/repositories/coop",
            "graphdb",
            "/repositories/coop",
            "/repositories/coop/statements",
        ),
    ],
)
def test_endpoints_follow_each_server_layout(url, flavour, query, update):
    e = Endpoints(url, flavour)
    assert (e.query, e.update) == (query, update)


def test_credentials_in_the_url_become_basic_auth_and_stay_out_of_messages():
    with FakeServer() as fake:
        host = fake.url.removeprefix("http://")
        store = RemoteStore(f"http://ann:s%40cret@{host}/sparql#generic")
        store.close()
    assert fake.requests[-1]["headers"]["Authorization"] == "Basic YW5uOnNAY3JldA=="  # ann:s@cret
    assert "cret" not in repr(store)


def test_unknown_scheme_or_kind_is_a_clear_error():
    with pytest.raises(StoreError, match="must be http"):
        RemoteStore("ftp://127.0.0.1/sparql")
    with pytest.raises(StoreError, match="unknown SPARQL server kind #stardog"):
        RemoteStore("http://127.0.0.1:1/sparql#stardog")


def test_server_kind_is_read_from_the_server_header():
    with FakeServer(headers={"Server": "Virtuoso/07.20.3229 (Linux)"}) as fake:
        store = RemoteStore(fake.url + "/sparql")
        store.close()
    assert store.flavour == "virtuoso"
    assert store.dataset_mode
    # In dataset mode the generation is read from the meta graph at the /sparql endpoint.
    assert fake.requests[-1]["path"] == "/sparql"
    assert "urn%3Acoopgraph%3Ameta" in fake.requests[-1]["body"]


# ---------------------------------------------------------------------------- HTTP failures


def test_unreachable_server_is_a_clear_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket closes
    with pytest.raises(StoreError, match="cannot be reached"):
        RemoteStore(f"http://127.0.0.1:{port}/sparql#virtuoso")


def test_redirects_are_not_followed():
    with (
        FakeServer(status=302, headers={"Location": "http://elsewhere.example.org/sparql"}) as fake,
        pytest.raises(StoreError, match=re.escape("redirects to http://elsewhere.example.org/sparql")),
    ):
        RemoteStore(fake.url + "/sparql#virtuoso")
    assert len(fake.requests) == 1


def test_a_silent_server_times_out():
    with FakeServer(delay=3) as fake:
        started = time.monotonic()
        with pytest.raises(StoreError, match=r"did not answer within 0\.5 s"):
            RemoteStore(fake.url + "/sparql#virtuoso", timeout=0.5)
    assert time.monotonic() - started < 2.5


def test_a_truncated_virtuoso_result_is_an_error_not_a_short_answer():
    with (
        FakeServer(headers={"X-SPARQL-MaxRows": "10000"}) as fake,
        pytest.raises(StoreError, match="10000 rows"),
    ):
        RemoteStore(fake.url + "/sparql#virtuoso")


def test_refused_update_names_the_permission_to_grant():
    # What Virtuoso 7.2 answers when the anonymous SPARQL user may not write.
    refusal = b"Virtuoso 42000 Error SR186:SECURITY: No permission to execute procedure DB.DBA.SPARQL_INSERT"
    with FakeServer(status=[200, 500], body=[EMPTY_GENERATION, refusal]) as fake:
        store = RemoteStore(fake.url + "/sparql#virtuoso")
        with pytest.raises(StoreError, match="SPARQL_UPDATE"):
            store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
        store.close()
    assert fake.requests[-1]["body"].startswith("update=")


# ---------------------------------------------------------------------------- parsing and chunking


def test_virtuoso_blank_node_ids_are_made_acceptable():
    body = json.dumps(
        {
            "head": {"vars": ["s", "o"]},
            "results": {
                "bindings": [
                    {
                        "s": {"type": "bnode", "value": "nodeID://b10006"},
                        "o": {
                            "type": "typed-literal",
                            "datatype": "http://www.w3.org/2001/XMLSchema#integer",
                            "value": "5",
                        },
                    },
                    {
                        "s": {"type": "bnode", "value": "nodeID://b10006"},
                        "o": {"type": "bnode", "value": "nodeID://b7"},
                    },
                ]
            },
        }
    ).encode()
    rows = list(_parse_results({"content-type": "application/sparql-results+json; charset=UTF-8"}, body))
    assert rows[0]["s"] == rows[1]["s"]  # the same node keeps one id
    assert rows[0]["s"] != rows[1]["o"]
    assert rows[0]["o"] == ox.Literal(5)


def test_chunks_keep_blank_node_groups_together():
    a, b = ox.BlankNode(), ox.BlankNode()
    p = ox.NamedNode("http://ex.org/p")
    triples = [ox.Triple(ox.NamedNode(f"http://ex.org/{i}"), p, ox.Literal(str(i))) for i in range(25)]
    triples += [
        ox.Triple(ox.NamedNode("http://ex.org/x"), p, a),
        ox.Triple(a, p, b),
        ox.Triple(b, p, ox.Literal("z")),
    ]
    chunks = list(insert_chunks(triples, size=10))
    assert [len(c) for c, blank in chunks if not blank] == [10, 10, 5]
    blank_chunks = [c for c, blank in chunks if blank]
    assert len(blank_chunks) == 1 and len(blank_chunks[0]) == 3  # a and b are linked: one operation


# ---------------------------------------------------------------------------- against oxigraph serve


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


@pytest.fixture
def remote(server_url):
    with RemoteStore(server_url) as store:
        store.update("DROP ALL")
        yield store


def names(rows):
    return sorted(r["o"].value for r in rows)


def report_graph(*values):
    g = Graph()
    for i, v in enumerate(values):
        g.add(
            (
                URIRef(f"https://coopgraph.example.org/id/event/x-{i}"),
                URIRef("http://schema.org/name"),
                Literal(v),
            )
        )
    return g


def test_oxigraph_server_is_recognised(remote):
    assert remote.flavour == "oxigraph"
    assert not remote.dataset_mode


def test_a_big_graph_goes_in_one_request_in_chunks(remote):
    g = report_graph(*[f"мероприятие {i}" for i in range(4321)])
    remote.replace_graph("https://coopgraph.example.org/graph/big", g)
    assert remote.count("https://coopgraph.example.org/graph/big") == 4321


def test_explicit_dataset_and_from_are_honoured(remote):
    g1, g2 = "https://coopgraph.example.org/graph/a", "https://coopgraph.example.org/graph/b"
    remote.replace_graph(g1, report_graph("a"))
    remote.replace_graph(g2, report_graph("b"))
    assert names(remote.query("SELECT ?o WHERE { ?s ?p ?o }", default_graph=[g1])) == ["a"]
    assert names(remote.query(f"SELECT ?o FROM <{g2}> WHERE {{ ?s ?p ?o }}")) == ["b"]
    assert names(remote.query("SELECT ?o WHERE { ?s ?p ?o }", use_default_graph_as_union=False)) == []
    assert names(remote.query("SELECT ?o WHERE { ?s ?p ?o }", default_graph=[], named_graphs=[])) == []
    assert NO_GRAPH not in remote.named_graphs()


def test_update_moves_the_generation_in_the_same_request(remote):
    before = remote.generation()
    remote.update(  # its own prologue, a relative IRI and a trailing comment
        "PREFIX schema: <http://schema.org/>\n"
        "INSERT DATA { GRAPH <https://coopgraph.example.org/graph/u> { <x> schema:name 'u' } } # done",
        base_iri="https://coopgraph.example.org/id/",
    )
    assert remote.generation() == before + 1
    rows = list(remote.query("SELECT ?s WHERE { ?s ?p 'u' }"))
    assert rows[0]["s"] == ox.NamedNode("https://coopgraph.example.org/id/x")


def test_a_syntax_error_is_a_syntax_error(remote):
    with pytest.raises(SyntaxError, match="rejected"):
        remote.query("SELECT WHERE {")


def test_a_second_store_object_sees_the_counter_of_the_first(server_url, remote):
    with RemoteStore(server_url, read_only=True) as other:
        seen = other.generation()
        remote.replace_graph("https://coopgraph.example.org/graph/a", report_graph("a"))
        assert other.generation() == seen + 1
        remote.replace_graph("https://coopgraph.example.org/graph/a", report_graph("b"))
        remote.remove_graph("https://coopgraph.example.org/graph/a")
        assert other.generation() == seen + 3


def test_concurrent_writers_all_land_and_move_the_generation(server_url, remote):
    """Four writers at once: every write lands, none fails, and the counter moves.

    (It moves once per write except when two writers' transactions overlap inside the
    server: Oxigraph does not serialise them, so both may claim the same next value.)"""
    before = remote.generation()
    errors = []

    def write(worker: int) -> None:
        try:
            with RemoteStore(server_url) as store:
                for i in range(5):
                    store.replace_graph(
                        f"https://coopgraph.example.org/graph/w{worker}", report_graph(f"{worker}-{i}")
                    )
        except Exception as exc:  # collected: an assertion in a thread would go unseen
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert before + 5 <= remote.generation() <= before + 20
    assert names(remote.query("SELECT ?o WHERE { ?s ?p ?o }")) == ["0-4", "1-4", "2-4", "3-4"]


def test_a_writer_that_read_an_old_generation_does_not_reuse_it(server_url, remote):
    """The next counter value is claimed with CREATE GRAPH: a stale writer fails, rolls back, retries."""
    with RemoteStore(server_url) as stale:
        seen = stale.generation()
        remote.replace_graph("https://coopgraph.example.org/graph/a", report_graph("a"))
        reads = [seen]  # its first read is stale, as if made just before the other write committed
        fresh = stale.generation
        stale.generation = lambda: reads.pop() if reads else fresh()
        stale.replace_graph("https://coopgraph.example.org/graph/b", report_graph("b"))
        assert reads == []
    assert remote.generation() == seen + 2
    assert names(remote.query("SELECT ?o WHERE { ?s ?p ?o }")) == ["a", "b"]


def test_a_failed_write_changes_nothing(remote):
    remote.replace_graph("https://coopgraph.example.org/graph/a", report_graph("a"))
    before = remote.generation()
    with pytest.raises(SyntaxError):
        remote.update("INSERT DATA { GRAPH <https://coopgraph.example.org/graph/a> { <x> <y> } }")
    assert remote.generation() == before
    assert names(remote.query("SELECT ?o WHERE { ?s ?p ?o }")) == ["a"]
