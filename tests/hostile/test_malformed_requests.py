"""Malformed requests on every route: bad syntax, wrong content types, invalid UTF-8, oversized
bodies (413), unsupported Accept (406), wrong methods (405), junk parameters and junk HTTP.
Each gets the right status and a short message — never a traceback, never a file path — and the
server keeps answering afterwards.
"""

from __future__ import annotations

import socket
import urllib.parse
from collections.abc import Iterator

import pytest

from .conftest import LiveServer, assert_no_leak, call, start_server, stop

MAX_BODY = 20000

# Moved here from tests/server/test_sparql_protocol.py (the /sparql protocol errors).
BAD_SPARQL_REQUESTS = [
    # (why, method, path, headers, body, status (None: 200 or 406), fragment of the message)
    (
        "syntax error",
        "GET",
        "/sparql?query=" + urllib.parse.quote("SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o = }"),
        {},
        None,
        400,
        "line 3, column",
    ),
    ("wrong method", "PUT", "/sparql?query=ASK%7B%7D", {}, None, 405, ""),
    ("wrong method", "DELETE", "/sparql", {}, None, 405, ""),
    ("wrong method", "PATCH", "/sparql", {"Content-Type": "application/sparql-update"}, "CLEAR ALL", 405, ""),
    ("wrong media type", "POST", "/sparql", {"Content-Type": "text/plain"}, "ASK {}", 415, "Content-Type"),
    (
        "JSON body",
        "POST",
        "/sparql",
        {"Content-Type": "application/json"},
        '{"query": "ASK {}"}',
        415,
        "Content-Type",
    ),
    (
        "multipart body",
        "POST",
        "/sparql",
        {"Content-Type": "multipart/form-data; boundary=x"},
        '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\nASK {}\r\n--x--\r\n',
        415,
        "Content-Type",
    ),
    ("no media type", "POST", "/sparql", {}, "query=ASK%7B%7D", 415, "no Content-Type"),
    (
        "declared UTF-16",
        "POST",
        "/sparql",
        {"Content-Type": "application/sparql-query; charset=UTF-16"},
        "ASK {}".encode("utf-16"),
        400,
        "UTF-8",
    ),
    (
        "declared latin-1",
        "POST",
        "/sparql",
        {"Content-Type": "application/sparql-query; charset=latin-1"},
        "ASK {}",
        400,
        "UTF-8",
    ),
    (
        "invalid UTF-8",
        "POST",
        "/sparql",
        {"Content-Type": "application/sparql-query"},
        b'ASK { ?s ?p "\xff\xfe" }',
        400,
        "UTF-8",
    ),
    (
        "overlong UTF-8",
        "POST",
        "/sparql",
        {"Content-Type": "application/sparql-query"},
        b'ASK { ?s ?p "\xc0\xbc" }',
        400,
        "UTF-8",
    ),
    (
        "UTF-8 surrogate",
        "POST",
        "/sparql",
        {"Content-Type": "application/sparql-query"},
        b'ASK { ?s ?p "\xed\xa0\x80" }',
        400,
        "UTF-8",
    ),
    (
        "invalid UTF-8 in a form",
        "POST",
        "/sparql",
        {"Content-Type": "application/x-www-form-urlencoded"},
        b"query=ASK%20%7B%20%3Fs%20%3Fp%20%22%FF%22%20%7D",
        400,
        "UTF-8",
    ),
    (
        "invalid UTF-8 in the URL",
        "GET",
        "/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%22%FF%22%20%7D",
        {},
        None,
        400,
        "",
    ),
    ("NUL in the query", "GET", "/sparql?query=ASK%20%7B%00%7D", {}, None, 400, ""),
    ("two queries", "GET", "/sparql?query=ASK%7B%7D&query=SELECT%20*%7B%7D", {}, None, 400, "one query"),
    (
        "two queries, URL and body",
        "POST",
        "/sparql?query=ASK%7B%7D",
        {"Content-Type": "application/sparql-query"},
        "ASK {}",
        400,
        "URL",
    ),
    (
        "query and update",
        "POST",
        "/sparql",
        {"Content-Type": "application/x-www-form-urlencoded"},
        "query=ASK%7B%7D&update=CLEAR%20ALL",
        400,
        "not both",
    ),
    ("update by GET", "GET", "/sparql?update=CLEAR%20ALL", {}, None, 400, "POST"),
    (
        "empty form",
        "POST",
        "/sparql",
        {"Content-Type": "application/x-www-form-urlencoded"},
        "x=1",
        400,
        "no `query`",
    ),
    ("empty query", "GET", "/sparql?query=", {}, None, 400, "syntax"),
    ("update as a query", "GET", "/sparql?query=" + urllib.parse.quote("CLEAR ALL"), {}, None, 400, "syntax"),
    ("unknown format", "GET", "/sparql?query=ASK%7B%7D&format=pdf", {}, None, 400, "unknown"),
    ("format unfit for SELECT", "GET", "/sparql?query=SELECT%20*%7B%7D&format=ttl", {}, None, 406, "SELECT"),
    ("CSV for ASK", "GET", "/sparql?query=ASK%7B%7D", {"Accept": "text/csv"}, None, 406, "ASK"),
    (
        "nothing acceptable",
        "GET",
        "/sparql?query=SELECT%20*%7B%7D",
        {"Accept": "image/png"},
        None,
        406,
        "application/sparql-results+json",
    ),
    (
        "garbage Accept",
        "GET",
        "/sparql?query=SELECT%20*%7B%7D",
        {"Accept": ";;;q=abc,,*/*;q=-1"},
        None,
        None,
        "",
    ),
    ("description as PNG", "GET", "/sparql", {"Accept": "image/png"}, None, 406, "text/html"),
    (
        "bad graph IRI",
        "GET",
        "/sparql?query=ASK%7B%7D&default-graph-uri=not%20an%20iri",
        {},
        None,
        400,
        "default-graph-uri",
    ),
    (
        "body too large",
        "POST",
        "/sparql",
        {"Content-Type": "application/sparql-query"},
        "ASK {}" + " " * (MAX_BODY + 10),
        413,
        "max_body",
    ),
    (
        "form too large",
        "POST",
        "/sparql",
        {"Content-Type": "application/x-www-form-urlencoded"},
        "query=" + "A" * (MAX_BODY + 10),
        413,
        "max_body",
    ),
]

# The other routes: (why, method, path, headers, body, acceptable statuses)
BAD_PAGE_REQUESTS = [
    ("POST to a page", "POST", "/events", {"Content-Type": "text/plain"}, "x", (405,)),
    ("PUT a download", "PUT", "/downloads/coopgraph.ttl", {}, "@prefix x: <y> .", (405,)),
    ("DELETE a query", "DELETE", "/queries/events", {}, None, (405,)),
    ("POST to healthz", "POST", "/healthz", {}, "", (405,)),
    ("PUT a thing", "PUT", "/id/org/vkp-lt", {"Content-Type": "text/turtle"}, "<a> <b> <c> .", (405,)),
    ("page not a number", "GET", "/events?page=abc", {}, None, (200, 400)),
    ("negative page", "GET", "/events?page=-5", {}, None, (200, 400)),
    ("huge page", "GET", "/events?page=99999999999999999999999", {}, None, (200, 400, 404)),
    ("huge per_page", "GET", "/events?per_page=1000000000", {}, None, (200, 400)),
    ("bad date filter", "GET", "/events?from=2020-13-45&to=yesterday", {}, None, (200, 400)),
    ("bad sort", "GET", "/events?sort=%27%3BDROP", {}, None, (200, 400)),
    ("injected sector", "GET", "/events?sector=%3E%20%7D%20%3Fs%20%3Fp%20%3Fo%20%7B", {}, None, (200, 400)),
    ("unknown language", "GET", "/?lang=xx", {}, None, (200, 400)),
    ("invalid UTF-8 in search", "GET", "/search?q=%FF%FE%C0", {}, None, (200, 400)),
    ("NUL in search", "GET", "/search?q=a%00b", {}, None, (200, 400)),
    ("long search", "GET", "/search?q=" + urllib.parse.quote("я" * 3000), {}, None, (200, 400)),
    ("regex in search", "GET", "/search?q=" + urllib.parse.quote("(a+)+$["), {}, None, (200, 400)),
    ("unknown canned query", "GET", "/queries/no-such-query", {}, None, (404,)),
    ("unknown canned query as JSON", "GET", "/queries/no-such-query.json", {}, None, (404,)),
    ("canned: bad IRI", "GET", "/queries/agreements.json?report=not%20an%20iri%3E", {}, None, (400,)),
    ("canned: bad date", "GET", "/queries/events.json?from=2020-02-31", {}, None, (400,)),
    ("canned: unknown parameter", "GET", "/queries/agreements.json?evil=1", {}, None, (200, 400)),
    (
        "canned: injection",
        "GET",
        "/queries/event-organisations.json?country=" + urllib.parse.quote('BY" } ; DROP ALL ; #'),
        {},
        None,
        (200, 400),
    ),
    ("canned: two values", "GET", "/queries/agreements.json?report=urn:a&report=urn:b", {}, None, (200, 400)),
    ("canned: bad extension", "GET", "/queries/events.exe", {}, None, (404, 406)),
    ("thing: not an IRI", "GET", "/id/a%20b%3E%22", {}, None, (400, 404)),
    ("thing: nothing acceptable", "GET", "/id/org/vkp-lt", {"Accept": "image/png"}, None, (406,)),
    ("doc: not an IRI", "GET", "/doc/%3Cx%3E.html", {}, None, (400, 404)),
    ("doc: unknown extension", "GET", "/doc/org/vkp-lt.exe", {}, None, (404, 406)),
    ("doc: nothing acceptable", "GET", "/doc/org/vkp-lt", {"Accept": "image/png"}, None, (406,)),
    ("graph: not an IRI", "GET", "/graph/%3C%3E%20%7B", {}, None, (400, 404)),
    ("graph: unknown", "GET", "/graph/no-such-graph.ttl", {}, None, (404,)),
    ("download: unknown", "GET", "/downloads/nothing.zip", {}, None, (404,)),
    ("network: unknown format", "GET", "/network/download.exe", {}, None, (400, 404)),
    (
        "network: bad filter",
        "GET",
        "/network/data.json?from=31.02.2020&kind=%3Cscript%3E",
        {},
        None,
        (200, 400),
    ),
    ("catalog: nothing acceptable", "GET", "/catalog", {"Accept": "image/png"}, None, (200, 406)),
    (
        "oversized body to a page",
        "POST",
        "/events",
        {"Content-Type": "application/octet-stream"},
        b"x" * (MAX_BODY * 3),
        (405, 413),
    ),
]


@pytest.fixture(scope="module")
def server(bundled_store) -> Iterator[LiveServer]:
    live = start_server(bundled_store, "--max-body", str(MAX_BODY), "--query-timeout", "5")
    yield live
    stop(live)


@pytest.mark.parametrize(
    ("why", "method", "path", "headers", "body", "status", "fragment"),
    BAD_SPARQL_REQUESTS,
    ids=[b[0] for b in BAD_SPARQL_REQUESTS],
)
def test_bad_sparql_requests_get_the_right_status_and_a_message(
    server, why, method, path, headers, body, status, fragment
):
    answer = call(server, method, path, body, headers)
    if status is None:  # either reading is defensible; a 5xx is not
        assert answer.status in (200, 406), answer.body[:500]
    else:
        assert answer.status == status, answer.body[:500]
    assert fragment in answer.text
    assert_no_leak(answer)
    if status != 405:
        assert answer.text.strip(), "an error needs a message"


@pytest.mark.parametrize(
    ("why", "method", "path", "headers", "body", "statuses"),
    BAD_PAGE_REQUESTS,
    ids=[b[0] for b in BAD_PAGE_REQUESTS],
)
def test_bad_requests_to_other_routes_get_a_clean_answer(server, why, method, path, headers, body, statuses):
    answer = call(server, method, path, body, headers)
    assert answer.status in statuses, (answer.status, answer.text[:500])
    assert_no_leak(answer)


def test_a_five_megabyte_query_is_refused_before_it_is_read(bundled_store):
    live = start_server(bundled_store)  # the default max_body: 1 MiB
    try:
        values = " ".join(f'"{i:08d}"' for i in range(500_000))  # ~5.5 MB
        body = f"SELECT * WHERE {{ VALUES ?x {{ {values} }} }}".encode()
        head = (
            f"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        ).encode()
        reply = send_raw(live, head + body)
        status, _, rest = reply.partition(b"\r\n")
        assert b" 413 " in status, reply[:300]
        assert b"Traceback" not in rest
        assert call(live, "GET", "/healthz").status == 200
    finally:
        stop(live)


RAW_JUNK = [
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64,  # a TLS hello on the plain port
    b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
    b"Transfer-Encoding: chunked\r\n\r\nZZ\r\nASK {}\r\n0\r\n\r\n",
    b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET / HTTP/1.1\r\n" + b"X-Junk: " + b"b" * 70000 + b"\r\n\r\n",
    b"\r\n\r\n\r\n",
    b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
]


def send_raw(server: LiveServer, data: bytes) -> bytes:
    """Send bytes as they are and read the reply (the server may stop reading and answer early)."""
    host, port = server.url.removeprefix("http://").split(":")
    reply = b""
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        try:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
        except (ConnectionResetError, BrokenPipeError):
            pass  # the server closed after answering: read what it said
        try:
            while chunk := sock.recv(65536):
                reply += chunk
        except (ConnectionResetError, TimeoutError):
            pass
    return reply


@pytest.mark.parametrize(
    "junk",
    RAW_JUNK,
    ids=["tls", "negative-length", "bad-chunk", "long-url", "long-header", "blank", "http-9"],
)
def test_junk_on_the_wire_does_not_hurt_the_server(server, junk):
    reply = send_raw(server, junk)
    assert b"Traceback" not in reply and b".py" not in reply
    if reply:
        status = int(reply.split(b" ", 2)[1])
        assert status < 500 or status in (501, 505), reply[:300]
    assert call(server, "GET", "/healthz").status == 200
