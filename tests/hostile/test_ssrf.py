"""SSRF: nothing a client sends makes the server connect anywhere. A loopback listener stands
in for the victim (an internal service, a cloud metadata endpoint); SERVICE, FROM / FROM NAMED,
LOAD, USING, the protocol's graph parameters, DESCRIBE of a remote IRI, canned-query parameters
and forged Host headers all name it, through every way into /sparql, on a read-only server and
on one with the update token (given, wrong, or missing). The listener must see no connection.
"""

from __future__ import annotations

import socket
import time
import urllib.parse
from collections.abc import Iterator

import pytest

from .conftest import UPDATE_TOKEN, Listener, LiveServer, assert_no_leak, call, start_server, stop


@pytest.fixture(scope="module")
def read_only_server(bundled_store) -> Iterator[LiveServer]:
    live = start_server(bundled_store)
    yield live
    stop(live)


@pytest.fixture(scope="module")
def token_server(tmp_path_factory) -> Iterator[LiveServer]:
    """A server with updates enabled, over its own copy of the store, token set by environment."""
    from .conftest import ingest_bundled

    store = ingest_bundled(tmp_path_factory.mktemp("ssrf-token") / "store")
    live = start_server(store, env={"COOPGRAPH_UPDATE_TOKEN": UPDATE_TOKEN})
    yield live
    stop(live)


def remote_queries(url: str) -> list[str]:
    host = url.removeprefix("http://").rstrip("/")
    return [
        f"SELECT * WHERE {{ SERVICE <{url}sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ service silent <{url}sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <http://{host.replace('127.0.0.1', '127.1')}/> {{ ?s ?p ?o }} }}",
        f"PREFIX : <{url}> SELECT * WHERE {{ SERVICE:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?a ?b 1SERVICE<{url}>{{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <{url.replace('http', 'https')}> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{url}data> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"BASE <{url}> SELECT * FROM <data.ttl> WHERE {{ ?s ?p ?o }}",
        f"CONSTRUCT {{ ?s ?p ?o }} FROM <{url}> WHERE {{ ?s ?p ?o }}",
    ]


def harmless_but_remote(url: str) -> list[str]:
    """Queries that name the listener without asking to fetch it: answered, never fetched."""
    return [
        f"DESCRIBE <{url}>",
        f"ASK {{ <{url}> ?p ?o }}",
        f'SELECT (IRI("{url}x") AS ?i) (STR(<{url}>) AS ?s) WHERE {{}}',
        f"SELECT * WHERE {{ GRAPH <{url}> {{ ?s ?p ?o }} }}",
    ]


def updates(url: str) -> list[str]:
    return [
        f"LOAD <{url}data.ttl>",
        f"load silent <{url}data.ttl> INTO GRAPH <http://example.org/g>",
        f"CLEAR ALL ; LOAD<{url}data.ttl>",
        f"INSERT {{ ?s ?p ?o }} USING <{url}> WHERE {{ ?s ?p ?o }}",
        f"INSERT {{ GRAPH <urn:g> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"CREATE GRAPH <{url}g> ; LOAD <{url}g>",
    ]


def all_ways(server: LiveServer, query: str, headers: dict[str, str] | None = None) -> list[int]:
    """Send a query by GET, by form POST and by direct POST; the statuses."""
    extra = headers or {}
    encoded = urllib.parse.urlencode({"query": query})
    return [
        call(server, "GET", "/sparql?" + encoded, headers=extra).status,
        call(
            server, "POST", "/sparql", encoded, {"Content-Type": "application/x-www-form-urlencoded", **extra}
        ).status,
        call(server, "POST", "/sparql", query, {"Content-Type": "application/sparql-query", **extra}).status,
    ]


def seen(listener: Listener) -> list[bytes]:
    time.sleep(0.5)  # a connection attempt in flight would land by now
    return listener.connections


@pytest.mark.parametrize("which", ["read_only_server", "token_server"])
def test_remote_queries_are_refused_and_connect_nowhere(request, which, listener):
    server = request.getfixturevalue(which)
    auth = {"Authorization": f"Bearer {UPDATE_TOKEN}"} if which == "token_server" else {}
    for query in remote_queries(listener.url):
        assert all_ways(server, query, auth) == [400, 400, 400], query
        answer = call(server, "GET", "/sparql?" + urllib.parse.urlencode({"query": query}))
        assert "refused" in answer.text
        assert_no_leak(answer)
    assert seen(listener) == []


def test_naming_a_remote_iri_fetches_nothing(read_only_server, listener):
    for query in harmless_but_remote(listener.url):
        assert all_ways(read_only_server, query) == [200, 200, 200], query
    for params in ({"default-graph-uri": listener.url}, {"named-graph-uri": listener.url + "g"}):
        answer = call(
            read_only_server,
            "GET",
            "/sparql?" + urllib.parse.urlencode({"query": "SELECT * { ?s ?p ?o } LIMIT 1", **params}),
        )
        assert answer.status == 200, answer.text
    assert seen(listener) == []


@pytest.mark.parametrize(
    "authorization", [None, "", "Bearer ", "Bearer wrong", f"Bearer {UPDATE_TOKEN}", f"Basic {UPDATE_TOKEN}"]
)
def test_load_and_remote_updates_connect_nowhere(token_server, listener, authorization):
    headers = {"Content-Type": "application/sparql-update"}
    if authorization is not None:
        headers["Authorization"] = authorization
    for update in updates(listener.url):
        answer = call(token_server, "POST", "/sparql", update, headers)
        # The right token: refused as remote (400); anything else: refused as unauthorised (403).
        expected = 400 if authorization == f"Bearer {UPDATE_TOKEN}" else 403
        assert answer.status == expected, (update, answer.status, answer.text)
        form = call(
            token_server,
            "POST",
            "/sparql",
            urllib.parse.urlencode({"update": update}),
            {**headers, "Content-Type": "application/x-www-form-urlencoded"},
        )
        assert form.status == expected
    assert seen(listener) == []


def test_load_on_a_read_only_server_connects_nowhere(read_only_server, listener):
    for update in updates(listener.url):
        answer = call(
            read_only_server,
            "POST",
            "/sparql",
            update,
            {"Content-Type": "application/sparql-update", "Authorization": "Bearer x"},
        )
        assert answer.status == 403
    assert seen(listener) == []


def test_pages_and_canned_queries_never_fetch(read_only_server, listener):
    url = listener.url
    quoted = urllib.parse.quote(url, safe="")
    for path in (
        f"/queries/agreements.json?report={quoted}",
        f"/queries/agreements?report={quoted}",
        f"/events?report={quoted}",
        f"/search?q={quoted}",
        "/id/" + quoted,
        "/doc/" + quoted + ".html",
        f"/graph/{quoted}",
        "/sparql?query=ASK%7B%7D",
    ):
        for headers in (
            {},
            {"Host": f"127.0.0.1:{listener.port}"},
            {"X-Forwarded-Host": f"127.0.0.1:{listener.port}"},
        ):
            answer = call(read_only_server, "GET", path, headers=headers)
            assert answer.status < 500, (path, answer.status, answer.text[:300])
    assert seen(listener) == []


def test_the_listener_does_see_a_real_connection(listener):
    """The control: the listener notices when something does connect."""
    with socket.create_connection(("127.0.0.1", listener.port), timeout=2) as sock:
        sock.sendall(b"GET / HTTP/1.0\r\n\r\n")
    assert seen(listener) == [b"GET / HTTP/1.0\r\n\r\n"]
