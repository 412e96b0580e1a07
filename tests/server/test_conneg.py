"""Content negotiation: the Accept parser and the choice of result format, table-driven —
first on the parser alone, then against a real server for every kind of query."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from coopgraph.server.conneg import negotiate, parse_accept, quality

from .conftest import LiveServer, start_server
from .test_sparql_protocol import call, demo_store, stop  # noqa: F401 - demo_store is a fixture

SELECT_OFFERS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                 "text/tab-separated-values"]  # fmt: skip

NEGOTIATION = [
    # (Accept header, offers, expected choice)
    (None, SELECT_OFFERS, "application/sparql-results+json"),
    ("", SELECT_OFFERS, "application/sparql-results+json"),
    ("*/*", SELECT_OFFERS, "application/sparql-results+json"),
    ("text/csv", SELECT_OFFERS, "text/csv"),
    ("TEXT/CSV", SELECT_OFFERS, "text/csv"),
    ("text/*", SELECT_OFFERS, "text/csv"),  # server order among equals
    ("text/*;q=0.5, text/tab-separated-values", SELECT_OFFERS, "text/tab-separated-values"),
    # q-values rank, whatever the order in the header
    ("application/sparql-results+json;q=0.5, application/sparql-results+xml", SELECT_OFFERS,
     "application/sparql-results+xml"),
    ("application/sparql-results+xml;q=0.9,application/sparql-results+json;q=0.95", SELECT_OFFERS,
     "application/sparql-results+json"),
    # the most specific range decides an offer's q: */* at 1 does not lift CSV's explicit 0.1
    ("*/*, text/csv;q=0.1", ["text/csv", "application/sparql-results+xml"], "application/sparql-results+xml"),
    ("*/*;q=0.1, text/csv", SELECT_OFFERS, "text/csv"),
    # q=0 excludes
    ("application/sparql-results+json;q=0, */*", SELECT_OFFERS, "application/sparql-results+xml"),
    ("text/csv;q=0", ["text/csv"], None),
    ("*/*;q=0", SELECT_OFFERS, None),
    # nothing matching
    ("image/png", SELECT_OFFERS, None),
    ("text/html, application/xhtml+xml", SELECT_OFFERS, None),
    # parameters and whitespace
    ("application/sparql-results+json; charset=utf-8", SELECT_OFFERS, "application/sparql-results+json"),
    (' text/csv ; q="0.7" , text/tab-separated-values;q=0.6', SELECT_OFFERS, "text/csv"),
    # malformed ranges and q-values are skipped, not fatal
    ("garbage, text/csv", SELECT_OFFERS, "text/csv"),
    ("text/csv;q=high, application/sparql-results+xml", SELECT_OFFERS, "application/sparql-results+xml"),
    ("text/csv;q=2, application/sparql-results+xml;q=0.2", SELECT_OFFERS, "application/sparql-results+xml"),
    ("*/csv", SELECT_OFFERS, "application/sparql-results+json"),  # invalid range: as if absent
    # a browser
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ["text/turtle", "text/html"],
     "text/html"),
    # SPARQLWrapper's JSON header
    ("application/sparql-results+json,application/json,text/javascript,application/javascript", SELECT_OFFERS,
     "application/sparql-results+json"),
]  # fmt: skip


@pytest.mark.parametrize(("accept", "offers", "expected"), NEGOTIATION)
def test_negotiate(accept, offers, expected):
    assert negotiate(accept, offers) == expected


def test_parse_accept_reads_q_values_and_parameters():
    ranges = parse_accept('text/turtle;q=0.3;charset="utf-8", application/*;q=0.5, */*;q=0.01')
    assert [(r.type, r.subtype, r.q) for r in ranges] == [
        ("text", "turtle", 0.3), ("application", "*", 0.5), ("*", "*", 0.01)]  # fmt: skip
    assert ranges[0].params == (("charset", "utf-8"),)
    assert quality(ranges, "text/turtle") == 0.3
    assert quality(ranges, "application/n-triples") == 0.5
    assert quality(ranges, "image/png") == 0.01


# ---------------------------------------------------------------------------- against the server

SELECT = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2"
ASK = "ASK { ?s ?p ?o }"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2"
DESCRIBE = "DESCRIBE <http://kasei.us/2009/09/sparql/data/data1.rdf>"

SERVED = [
    # (query, Accept, format=, expected status, expected media type)
    (SELECT, None, None, 200, "application/sparql-results+json"),
    (SELECT, "application/sparql-results+xml", None, 200, "application/sparql-results+xml"),
    (SELECT, "application/json", None, 200, "application/sparql-results+json"),
    (SELECT, "text/csv;q=0.9, text/tab-separated-values", None, 200, "text/tab-separated-values"),
    (SELECT, "text/turtle, */*;q=0.1", None, 200, "application/sparql-results+json"),
    (SELECT, "text/turtle", None, 406, "text/plain"),
    (SELECT, "text/turtle", "csv", 200, "text/csv"),  # format= wins over Accept
    (SELECT, None, "tsv", 200, "text/tab-separated-values"),
    (ASK, None, None, 200, "application/sparql-results+json"),
    (ASK, "text/csv, application/sparql-results+xml;q=0.5", None, 200, "application/sparql-results+xml"),
    (ASK, "text/csv", None, 406, "text/plain"),
    (CONSTRUCT, None, None, 200, "text/turtle"),
    (CONSTRUCT, "application/sparql-results+json, */*;q=0.1", None, 200, "text/turtle"),
    (CONSTRUCT, "application/rdf+xml;q=0.5, application/n-triples;q=0.6", None, 200, "application/n-triples"),
    (CONSTRUCT, "application/ld+json", None, 200, "application/ld+json"),
    (CONSTRUCT, "text/plain", None, 200, "application/n-triples"),
    (CONSTRUCT, None, "rdfxml", 200, "application/rdf+xml"),
    (CONSTRUCT, None, "jsonld", 200, "application/ld+json"),
    (CONSTRUCT, None, "json", 200, "application/ld+json"),  # SPARQLWrapper's names for RDF formats
    (CONSTRUCT, None, "xml", 200, "application/rdf+xml"),
    (CONSTRUCT, None, "n3", 200, "text/turtle"),
    (CONSTRUCT, None, "csv", 406, "text/plain"),
    (SELECT, None, "n3", 406, "text/plain"),
    (DESCRIBE, "text/turtle;q=0.1, application/n-triples", None, 200, "application/n-triples"),
    (DESCRIBE, "application/sparql-results+json", None, 406, "text/plain"),
]  # fmt: skip


@pytest.fixture(scope="module")
def server(demo_store: Path) -> Iterator[LiveServer]:  # noqa: F811
    live = start_server(demo_store)
    yield live
    stop(live)


@pytest.mark.parametrize(("query", "accept", "fmt", "status", "media_type"), SERVED)
def test_server_negotiates_each_query_form(server, query, accept, fmt, status, media_type):
    params = {"query": query, **({"format": fmt} if fmt else {})}
    answer = call(server, "GET", "/sparql?" + urllib.parse.urlencode(params),
                  headers={"Accept": accept} if accept is not None else {})  # fmt: skip
    assert (answer.status, answer.media_type) == (status, media_type), answer.text[:300]
    assert "Accept" in answer.headers.get("vary", "") or status != 200
