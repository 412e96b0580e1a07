"""Writes: every SPARQL Update form, and every Graph Store Protocol-style write (PUT, POST,
DELETE, PATCH on graph and resource URLs), is refused without the update token, with a wrong
one and with an empty one — and the store is byte-for-byte unchanged afterwards. The token is
compared in constant time (hmac.compare_digest) and only ever read from `Authorization`.
"""

from __future__ import annotations

import inspect
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import UPDATE_TOKEN, LiveServer, assert_no_leak, call, start_server, stop

G = "https://coopgraph.example.org/graph/smolensk-belarus-2020-h1"
UPDATES = [
    "INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> 1 } }",
    "INSERT DATA { <urn:x:s> <urn:x:p> 1 }",
    f"DELETE DATA {{ GRAPH <{G}> {{ <urn:x:s> <urn:x:p> 1 }} }}",
    f"DELETE WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} }}",
    "DELETE { GRAPH ?g { ?s ?p ?o } } INSERT { GRAPH ?g { ?s ?p 'x' } } WHERE { GRAPH ?g { ?s ?p ?o } }",
    f"WITH <{G}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
    "CLEAR ALL",
    "CLEAR SILENT DEFAULT",
    f"CLEAR GRAPH <{G}>",
    "DROP ALL",
    f"DROP SILENT GRAPH <{G}>",
    "CREATE GRAPH <urn:x:new>",
    f"ADD <{G}> TO <urn:x:copy>",
    f"COPY <{G}> TO <urn:x:copy>",
    f"MOVE <{G}> TO <urn:x:moved>",
    "INSERT DATA { <urn:x:s> <urn:x:p> 1 } ; DROP ALL",
]
BAD_AUTHORIZATIONS = [
    None,
    "",
    "Bearer",
    "Bearer ",
    "Bearer    ",
    "Bearer wrong",
    f"Basic {UPDATE_TOKEN}",
    f"Bearer {UPDATE_TOKEN}x",
    f"Bearer {UPDATE_TOKEN[:-1]}",
    f"Bearer {UPDATE_TOKEN.upper()}",
    f"Token {UPDATE_TOKEN}",
    f"Bearer {UPDATE_TOKEN} extra",
    f"{UPDATE_TOKEN}",
]
WRITE_METHODS = ["PUT", "POST", "DELETE", "PATCH"]
WRITE_PATHS = [
    "/sparql?default",
    f"/sparql?graph={urllib.parse.quote(G)}",
    "/graph/smolensk-belarus-2020-h1",
    "/graph/smolensk-belarus-2020-h1.ttl",
    "/id/org/vkp-lt",
    "/doc/org/vkp-lt.ttl",
    "/downloads/coopgraph.nq",
    "/data",
    "/store",
    "/rdf-graph-store?default",
]


def nquads(store: Path) -> bytes:
    from coopgraph.store import Store

    with Store(store, read_only=True) as opened:
        return opened.dump("nq")


@pytest.fixture(scope="module")
def token_server(tmp_path_factory) -> Iterator[LiveServer]:
    from .conftest import ingest_bundled

    store = ingest_bundled(tmp_path_factory.mktemp("writes") / "store")
    live = start_server(store, env={"COOPGRAPH_UPDATE_TOKEN": UPDATE_TOKEN})
    yield live
    stop(live)


@pytest.fixture(scope="module", params=["", "   "], ids=["empty-token", "blank-token"])
def empty_token_server(request, tmp_path_factory) -> Iterator[LiveServer]:
    """update_token set, but empty or blank: the endpoint must stay read-only."""
    from .conftest import ingest_bundled

    store = ingest_bundled(tmp_path_factory.mktemp("writes-empty") / "store")
    live = start_server(store, env={"COOPGRAPH_UPDATE_TOKEN": request.param})
    yield live
    stop(live)


def post_update(server: LiveServer, text: str, authorization: str | None, *, form: bool) -> int:
    headers = {"Content-Type": "application/x-www-form-urlencoded" if form else "application/sparql-update"}
    if authorization is not None:
        headers["Authorization"] = authorization
    body = urllib.parse.urlencode({"update": text}) if form else text
    answer = call(server, "POST", "/sparql", body, headers)
    assert_no_leak(answer)
    return answer.status


def test_no_update_passes_without_the_right_token(token_server):
    before = nquads(token_server.store)
    for update in UPDATES:
        for authorization in BAD_AUTHORIZATIONS:
            for form in (False, True):
                status = post_update(token_server, update, authorization, form=form)
                assert status == 403, (update, authorization, form, status)
    assert nquads(token_server.store) == before


def test_the_token_is_read_from_authorization_only(token_server):
    before = nquads(token_server.store)
    update = "CLEAR ALL"
    attempts = [
        (
            "/sparql?" + urllib.parse.urlencode({"access_token": UPDATE_TOKEN, "token": UPDATE_TOKEN}),
            {"Content-Type": "application/sparql-update"},
            update,
        ),
        (
            "/sparql",
            {"Content-Type": "application/x-www-form-urlencoded"},
            urllib.parse.urlencode({"update": update, "access_token": UPDATE_TOKEN, "token": UPDATE_TOKEN}),
        ),
        (
            "/sparql",
            {
                "Content-Type": "application/sparql-update",
                "Cookie": f"token={UPDATE_TOKEN}",
                "X-Update-Token": UPDATE_TOKEN,
                "Proxy-Authorization": f"Bearer {UPDATE_TOKEN}",
            },
            update,
        ),
    ]
    for path, headers, body in attempts:
        assert call(token_server, "POST", path, body, headers).status == 403
    assert nquads(token_server.store) == before


def test_non_ascii_and_huge_tokens_are_refused_cleanly(token_server):
    host, port = token_server.url.removeprefix("http://").split(":")
    import socket

    for value in ("Bearer токен".encode(), b"Bearer \xff\xfe", b"Bearer " + b"A" * 60000):
        request = (
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-update\r\n"
            b"Authorization: " + value + b"\r\nContent-Length: 9\r\nConnection: close\r\n\r\nCLEAR ALL"
        )
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(request)
            reply = b""
            while chunk := sock.recv(65536):
                reply += chunk
        status = int(reply.split(b" ", 2)[1])
        assert status in (400, 403, 431), reply[:200]
        assert b"Traceback" not in reply


def test_graph_store_writes_are_refused(token_server):
    before = nquads(token_server.store)
    for path in WRITE_PATHS:
        for method in WRITE_METHODS:
            for authorization in (None, "Bearer wrong"):
                headers = {"Content-Type": "text/turtle"}
                if authorization:
                    headers["Authorization"] = authorization
                answer = call(token_server, method, path, "<urn:x:s> <urn:x:p> <urn:x:o> .", headers)
                if method == "POST" and path.startswith("/sparql"):
                    assert answer.status == 415, (method, path, answer.status)  # not a query or update
                else:
                    assert answer.status in (403, 404, 405), (method, path, answer.status)
                assert_no_leak(answer)
    assert nquads(token_server.store) == before


REVIEW_WRITES = [
    (
        "/review/smolensk-belarus-2020-h1/corrections",
        {"row": "2", "field": "title", "action": "set", "value": "defaced", "author": "x"},
    ),
    ("/entities/corrections", {"kind": "organisation", "key": "vkp-lt", "action": "merge", "value": "egger"}),
]


def test_review_corrections_need_the_token(token_server):
    """The review pages' correction forms write (and re-ingest): same rule, token or nothing."""
    before = nquads(token_server.store)
    for path, fields in REVIEW_WRITES:
        for token_field in (None, "", "   ", "wrong", UPDATE_TOKEN[:-1], UPDATE_TOKEN + " x"):
            for authorization in (None, "Bearer ", "Bearer wrong"):
                form = dict(fields) if token_field is None else {**fields, "token": token_field}
                headers = {"Content-Type": "application/x-www-form-urlencoded"}
                if authorization:
                    headers["Authorization"] = authorization
                answer = call(token_server, "POST", path, urllib.parse.urlencode(form), headers)
                assert answer.status == 403, (path, token_field, authorization, answer.status)
                assert_no_leak(answer)
    assert nquads(token_server.store) == before


def test_an_empty_or_blank_token_setting_keeps_the_endpoint_read_only(empty_token_server):
    before = nquads(empty_token_server.store)
    for update in UPDATES[:8]:
        for authorization in (None, "", "Bearer ", "Bearer    ", "Bearer  x"):
            assert post_update(empty_token_server, update, authorization, form=False) == 403
    for path, fields in REVIEW_WRITES:
        for token_field in ("", "   "):
            form = urllib.parse.urlencode({**fields, "token": token_field})
            answer = call(
                empty_token_server,
                "POST",
                path,
                form,
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Authorization": "Bearer " + token_field,
                },
            )
            assert answer.status == 403, (path, answer.status)
    assert nquads(empty_token_server.store) == before
    description = call(empty_token_server, "GET", "/sparql", headers={"Accept": "application/n-triples"})
    assert "SPARQL11Update" not in description.text


def test_the_right_token_does_write(token_server):
    """The control: the same requests with the right token do change the store."""
    before = nquads(token_server.store)
    insert = "INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> 1 } }"
    assert post_update(token_server, insert, f"Bearer {UPDATE_TOKEN}", form=False) == 204
    assert nquads(token_server.store) != before
    assert post_update(token_server, "DROP GRAPH <urn:x:g>", f"bearer {UPDATE_TOKEN}", form=True) == 204
    assert nquads(token_server.store) == before


def test_the_token_comparison_is_constant_time():
    from coopgraph.server import sparql

    source = inspect.getsource(sparql._authorised)
    assert "hmac.compare_digest(" in source
    assert "== token" not in source and "token ==" not in source and ".startswith(" not in source
