"""Queries that could reach outside the store are refused before Oxigraph sees them.

First the check on its own (a table of queries that must pass and must be refused, including
the tricks: keywords in strings, IRIs and comments, lower case, keywords glued to the next
token). Against a real server with a loopback listener standing in for the remote endpoint
(it must never see a connection): tests/hostile/test_ssrf.py.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from coopgraph.server.query_safety import UnsafeOperation, check, code_view, inspect

from .conftest import LiveServer, start_server
from .test_sparql_protocol import TOKEN, call, demo_store, stop  # noqa: F401 - demo_store is a fixture

STORE_GRAPHS = {"http://example.org/g1", "https://coopgraph.example.org/graph/r1"}

ALLOWED = [
    "SELECT * WHERE { ?s ?p ?o }",
    'SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1:1/> { ?x ?y ?z }" }',
    "SELECT * WHERE { ?s ?p '''multi\nline SERVICE <http://x/> {} '''}",
    'SELECT * WHERE { ?s ?p "escaped \\" SERVICE <http://x/> {} \\"" }',
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
    "SELECT * WHERE { ?s <http://example.org/load#LOAD> ?o }",
    "# SERVICE <http://x/> { }\nSELECT * WHERE { ?s ?p ?o } # LOAD <http://x/>",
    "SELECT ?service ?load WHERE { ?service ?p ?load }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:hasService ex:loadBalancer }",
    'SELECT * WHERE { ?s ?p "x"@service }',
    "SELECT * WHERE { _:service ?p ?o }",
    "SELECT * FROM <http://example.org/g1> WHERE { ?s ?p ?o }",
    "PREFIX g: <https://coopgraph.example.org/graph/>\n"
    "SELECT * FROM NAMED g:r1 WHERE { GRAPH ?g { ?s ?p ?o } }",
    "BASE <http://example.org/> SELECT * FROM <g1> WHERE { ?s ?p ?o }",
    "select * from <http://example.org/g1> where { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o < 3 && ?o > 1) }",
]

REFUSED = [
    # (query, fragment of the reason)
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }", "SERVICE"),
    ("select * where { service <http://127.0.0.1:1/> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { SeRvIcE SILENT <http://127.0.0.1:1/> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE {SERVICE<http://127.0.0.1:1/>{?s ?p ?o}}", "SERVICE"),
    ("PREFIX : <http://127.0.0.1:1/> SELECT * WHERE { SERVICE:x { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { ?a ?b 1SERVICE<http://127.0.0.1:1/>{ ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { ?a ?b trueSERVICE<http://127.0.0.1:1/>{ ?s ?p ?o } }", "SERVICE"),
    ('SELECT * WHERE { ?a ?b "x" .SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }', "SERVICE"),
    ("SELECT * WHERE { ?a ?b ?c FILTER(?a<?b) SERVICE<http://127.0.0.1:1/>{ ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { ?s ?p 'unclosed\n SERVICE <http://127.0.0.1:1/> { } }", "SERVICE"),
    ("SELECT * WHERE { # a comment\n SERVICE <http://127.0.0.1:1/#frag> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * FROM <http://127.0.0.1:1/> WHERE { ?s ?p ?o }", "FROM <http://127.0.0.1:1/>"),
    ("SELECT * FROM NAMED <http://127.0.0.1:1/> WHERE { ?s ?p ?o }", "FROM NAMED"),
    ("PREFIX : <http://127.0.0.1:1/> SELECT * FROM:x WHERE { ?s ?p ?o }", "FROM <http://127.0.0.1:1/x>"),
    ("SELECT * FROM <relative> WHERE { ?s ?p ?o }", "FROM <relative>"),
]

REFUSED_UPDATES = [
    ("LOAD <http://127.0.0.1:1/data.ttl>", "LOAD"),
    ("load silent <http://127.0.0.1:1/data.ttl> into graph <http://example.org/g1>", "LOAD"),
    ("CLEAR ALL ; LOAD<http://127.0.0.1:1/data.ttl>", "LOAD"),
    ("INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }", "SERVICE"),
    ("INSERT { ?s ?p ?o } USING <http://127.0.0.1:1/> WHERE { ?s ?p ?o }", "USING <http://127.0.0.1:1/>"),
]


@pytest.mark.parametrize("query", ALLOWED)
def test_harmless_queries_pass(query):
    check(query, known_graphs=STORE_GRAPHS)


@pytest.mark.parametrize(("query", "reason"), REFUSED)
def test_queries_reaching_outside_are_refused(query, reason):
    with pytest.raises(UnsafeOperation, match="refused") as refused:
        check(query, known_graphs=STORE_GRAPHS)
    assert reason in str(refused.value)


@pytest.mark.parametrize(("update", "reason"), REFUSED_UPDATES)
def test_updates_reaching_outside_are_refused(update, reason):
    with pytest.raises(UnsafeOperation) as refused:
        check(update, update=True, known_graphs=STORE_GRAPHS)
    assert reason in str(refused.value)


def test_oxigraph_really_would_have_run_the_glued_service():
    """Why glued `SERVICE:x` must be refused: Oxigraph's parser reads it as SERVICE + `:x`."""
    store = ox.Store()
    with pytest.raises(OSError, match="port 9"):  # port 9 is refused by Oxigraph's HTTP client itself
        list(store.query("PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { SERVICE:x { ?s ?p ?o } }"))


def test_the_refusal_says_where_and_what_to_do():
    with pytest.raises(UnsafeOperation) as refused:
        check("SELECT * WHERE {\n  ?s ?p ?o .\n  SERVICE <http://127.0.0.1:1/> { ?s ?p ?o }\n}")
    message = str(refused.value)
    assert "line 3, column 3" in message and "federated queries are disabled" in message
    with pytest.raises(UnsafeOperation) as refused:
        check("SELECT * FROM <http://elsewhere.example/g> { ?s ?p ?o }", known_graphs=STORE_GRAPHS)
    assert "<http://example.org/g1>" in str(refused.value)  # lists the graphs one may use


def test_the_code_view_blanks_strings_iris_and_comments_in_place():
    text = 'SELECT ?x WHERE { ?x <http://a/b#c> "s\\"t" . } # done\nLIMIT 1'
    view = code_view(text)
    assert len(view) == len(text) and view.index("\n") == text.index("\n")
    assert view.split() == ["SELECT", "?x", "WHERE", "{", "?x", ".", "}", "LIMIT", "1"]


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("PREFIX ex: <http://x/> SELECT * { ?s ?p ?o }", "SELECT"),
        ("# SELECT\nask { }", "ASK"),
        ("BASE <http://x/> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://x/>", "DESCRIBE"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { { SELECT ?s ?p ?o { ?s ?p ?o } } }", "CONSTRUCT"),
        ("nonsense", None),
    ],
)
def test_the_query_form_is_found_for_negotiation(query, form):
    assert inspect(query)[0].form == form


# ---------------------------------------------------------------------------- against the server


@pytest.fixture(scope="module")
def server(demo_store: Path) -> Iterator[LiveServer]:  # noqa: F811
    live = start_server(demo_store, "--update-token", TOKEN)
    yield live
    stop(live)


# The server-level SSRF tests (SERVICE, FROM, LOAD against a loopback listener, with and without
# the update token) live in tests/hostile/test_ssrf.py.


def test_strings_mentioning_service_are_answered(server):
    query = 'SELECT ?o WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), "SERVICE <http")) }'
    answer = call(server, "GET", "/sparql?" + urllib.parse.urlencode({"query": query}))
    assert answer.status == 200
    assert b"SERVICE <http://127.0.0.1:1/>" in answer.body  # the odd-literals graph holds this text
