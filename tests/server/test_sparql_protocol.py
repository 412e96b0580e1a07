"""The /sparql endpoint, driven over HTTP against a real `coopgraph serve` process.

The demo store is the hand-built tiny store (150 events, the real ontology) plus the W3C
protocol data graphs and a graph of awkward literals, so every answer can be compared with the
same query run locally through pyoxigraph. Every served format is parsed back by an
independent parser: pyoxigraph for results and RDF, pyld for JSON-LD, the csv module for CSV,
xml.etree for XML.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import re
import shutil
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from tiny_store import BASE, build_tiny_store, jsonld_quads

from coopgraph.ontology.vocab import PREFIXES
from coopgraph.publish.queries import canned_queries
from coopgraph.store import Store

from .conftest import LiveServer, start_server, stop_server

EX = "http://example.org/odd/"
ODD_GRAPH = "http://example.org/graph/odd"
CONTROL_GRAPH = "http://example.org/graph/control"
KASEI = "http://kasei.us/2009/09/sparql/data/"
CONFORMANCE_DATA = Path(__file__).parent / "conformance"
EVENTS = 150
MAX_ROWS = 100
MAX_BODY = 20000

ODD_TURTLE = f"""
@prefix ex: <{EX}> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:value "tab\\there", "line\\nbreak", "quote \\" and, comma", "less < & more >"@en ,
     "Смоленск"@ru , "42"^^xsd:integer , "2020-03-01"^^xsd:date , "1.5"^^xsd:decimal ,
     "SERVICE <http://127.0.0.1:1/> {{}}" , ex:b .
ex:b ex:value "plain" .
"""


def stop(live: LiveServer) -> None:
    stop_server(live)
    if live.process.stdout is not None:
        live.process.stdout.close()  # conftest's stop_server leaves the pipe open (ResourceWarning)


def build_demo_store(path: Path) -> Path:
    """The tiny store with 150 events, the W3C protocol graphs and the odd-literals graph."""
    build_tiny_store(path, events=EVENTS)
    with Store(path) as store:
        for i in (1, 2, 3):
            data = (CONFORMANCE_DATA / f"data{i}.nt").read_bytes()
            store.ox.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(f"{KASEI}data{i}.rdf"))
        store.ox.load(ODD_TURTLE.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ODD_GRAPH))
        bell = ox.Literal("bell\x07 and\x01")
        store.ox.add(
            ox.Quad(ox.NamedNode(EX + "c"), ox.NamedNode(EX + "control"), bell, ox.NamedNode(CONTROL_GRAPH))
        )
        store.rebuild_union()  # raw loads above bypass the store's union bookkeeping
    return path


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_store(tmp_path_factory.mktemp("demo") / "store")


@pytest.fixture(scope="module")
def server(demo_store: Path) -> Iterator[LiveServer]:
    live = start_server(demo_store, "--max-rows", str(MAX_ROWS), "--max-body", str(MAX_BODY))
    yield live
    stop(live)


@pytest.fixture(scope="module")
def local(demo_store: Path) -> Iterator[ox.Store]:
    """The same store opened read-only in the test process: the reference answers."""
    store = ox.Store.read_only(str(demo_store))
    yield store
    del store


class Answer:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip()

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def call(server: LiveServer, method: str, path: str, body: bytes | str | None = None,
         headers: dict[str, str] | None = None, timeout: float = 30) -> Answer:  # fmt: skip
    host, port = urllib.parse.urlsplit(server.url).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        connection.request(method, path, body=body.encode() if isinstance(body, str) else body,
                           headers=headers or {})  # fmt: skip
        response = connection.getresponse()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        connection.close()


def get(server: LiveServer, query: str, accept: str | None = None, **params: str) -> Answer:
    path = "/sparql?" + urllib.parse.urlencode({"query": query, **params})
    return call(server, "GET", path, headers={"Accept": accept} if accept else {})


def solutions(answer: Answer, fmt: ox.QueryResultsFormat) -> list[dict[str, object]]:
    parsed = ox.parse_query_results(answer.body, format=fmt)
    names = [v.value for v in parsed.variables]
    return [{n: s[n] for n in names if s[n] is not None} for s in parsed]


def reference(local: ox.Store, query: str) -> list[dict[str, object]]:
    result = local.query(query)  # the store keeps its default graph = the union
    names = [v.value for v in result.variables]
    return [{n: s[n] for n in names if s[n] is not None} for s in result]


ODD_SELECT = f"SELECT ?s ?o WHERE {{ GRAPH <{ODD_GRAPH}> {{ ?s <{EX}value> ?o }} }} ORDER BY ?s STR(?o)"
CONSTRUCT = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ODD_GRAPH}> {{ ?s ?p ?o }} }}"


# ---------------------------------------------------------------------------- the three ways in


def test_get_form_post_and_direct_post_give_the_same_answer(server):
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    by_get = get(server, query)
    by_form = call(server, "POST", "/sparql", urllib.parse.urlencode({"query": query}),
                   {"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    by_body = call(server, "POST", "/sparql", query, {"Content-Type": "application/sparql-query"})
    assert by_get.status == by_form.status == by_body.status == 200
    assert by_get.body == by_form.body == by_body.body
    rows = json.loads(by_get.body)["results"]["bindings"]
    assert {r["g"]["value"] for r in rows} >= {f"{KASEI}data1.rdf", ODD_GRAPH, BASE + "graph/ontology"}


# ---------------------------------------------------------------------------- result formats


@pytest.mark.parametrize(
    ("accept", "fmt", "parser"),
    [
        ("application/sparql-results+json", None, ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", None, ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", None, ox.QueryResultsFormat.TSV),
        (None, "json", ox.QueryResultsFormat.JSON),
        (None, "xml", ox.QueryResultsFormat.XML),
        (None, "tsv", ox.QueryResultsFormat.TSV),
    ],
)
def test_select_results_parse_back_to_the_same_terms(server, local, accept, fmt, parser):
    answer = get(server, ODD_SELECT, accept, **({"format": fmt} if fmt else {}))
    assert answer.status == 200, answer.text
    assert answer.media_type == parser.media_type.split(";")[0]
    assert solutions(answer, parser) == reference(local, ODD_SELECT)
    assert len(reference(local, ODD_SELECT)) == 11


def test_select_xml_is_well_formed_sparql_results(server):
    answer = get(server, ODD_SELECT, "application/sparql-results+xml")
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(answer.body)
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["s", "o"]
    literals = root.findall(".//r:binding[@name='o']/r:literal", ns)
    assert "less < & more >" in [lit.text for lit in literals]
    ru = next(lit for lit in literals if lit.text == "Смоленск")
    assert ru.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"


def test_xml_results_stay_well_formed_with_control_characters(server):
    query = f"SELECT ?o WHERE {{ <{EX}c> <{EX}control> ?o }}"
    answer = get(server, query, "application/sparql-results+xml")
    literal = ET.fromstring(answer.body).find(".//{http://www.w3.org/2005/sparql-results#}literal")
    assert literal.text == "bell\ufffd and\ufffd"  # XML 1.0 cannot carry U+0007 or U+0001
    as_json = json.loads(get(server, query).body)  # JSON can: the value is exact there
    assert as_json["results"]["bindings"][0]["o"]["value"] == "bell\x07 and\x01"
    tsv = get(server, query, "text/tab-separated-values")
    (row,) = solutions(tsv, ox.QueryResultsFormat.TSV)
    assert row["o"] == ox.Literal("bell\x07 and\x01")


def test_select_csv_parses_with_the_csv_module(server, local):
    answer = get(server, ODD_SELECT, "text/csv")
    assert answer.media_type == "text/csv"
    rows = list(csv.reader(io.StringIO(answer.text, newline="")))
    assert rows[0] == ["s", "o"]
    expected = [[r["s"].value, r["o"].value] for r in reference(local, ODD_SELECT)]
    assert rows[1:] == expected
    assert ["http://example.org/odd/a", 'quote " and, comma'] in rows
    assert ["http://example.org/odd/a", "line\nbreak"] in rows


@pytest.mark.parametrize(
    ("query", "expected"), [("ASK { ?s a ?t }", True), ("ASK { ?s <urn:none> ?o }", False)]
)
@pytest.mark.parametrize("fmt", [ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML])
def test_ask_results_in_json_and_xml(server, query, expected, fmt):
    answer = get(server, query, fmt.media_type)
    assert answer.status == 200 and answer.media_type == fmt.media_type.split(";")[0]
    assert bool(ox.parse_query_results(answer.body, format=fmt)) is expected


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_construct_parses_back_to_the_same_graph(server, local, accept, fmt):
    answer = get(server, CONSTRUCT, accept)
    assert answer.status == 200 and answer.media_type == fmt.media_type.split(";")[0]
    served = {q.triple for q in ox.parse(answer.body, format=fmt)}
    assert served == set(local.query(CONSTRUCT))
    assert len(served) == 11


def test_construct_as_json_ld_expands_with_pyld_to_the_same_graph(server, local):
    answer = get(server, CONSTRUCT, "application/ld+json")
    assert answer.status == 200 and answer.media_type == "application/ld+json"
    document = json.loads(answer.body)
    assert isinstance(document["@context"], dict)  # a local context, nothing to fetch
    served = {ox.Triple(q.subject, q.predicate, q.object) for q in jsonld_quads(answer.body)}
    assert served == set(local.query(CONSTRUCT))


def test_describe_answers_rdf_about_the_resource(server):
    answer = get(server, f"DESCRIBE <{EX}b>", "text/turtle")
    assert answer.status == 200 and answer.media_type == "text/turtle"
    triples = [q.triple for q in ox.parse(answer.body, format=ox.RdfFormat.TURTLE)]
    assert ox.Triple(ox.NamedNode(EX + "b"), ox.NamedNode(EX + "value"), ox.Literal("plain")) in triples


def test_relative_iris_resolve_against_the_endpoint(server):
    answer = get(server, "CONSTRUCT { <s> <p> 1 } WHERE {}", "application/n-triples")
    triples = [q.triple for q in ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES)]
    assert triples[0].subject == ox.NamedNode(server.url + "/s")


# ---------------------------------------------------------------------------- the dataset


def count(server: LiveServer, query: str, **params: str) -> int:
    answer = get(server, query, "application/sparql-results+json", **params)
    assert answer.status == 200, answer.text
    return int(json.loads(answer.body)["results"]["bindings"][0]["n"]["value"])


DOCS = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://xmlns.com/foaf/0.1/Document> }"
NAMED_DOCS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a <http://xmlns.com/foaf/0.1/Document> } }"


def test_default_graph_is_the_union_of_the_named_graphs(server):
    assert count(server, DOCS) == 3
    assert (
        count(
            server, "SELECT (COUNT(*) AS ?n) WHERE { ?e a <https://w3id.org/coopgraph/ns#CooperationEvent> }"
        )
        == EVENTS
    )


def test_default_graph_uri_and_named_graph_uri_set_the_dataset(server):
    d1, d2 = f"{KASEI}data1.rdf", f"{KASEI}data2.rdf"
    query = "/sparql?" + urllib.parse.urlencode(
        [("query", DOCS), ("default-graph-uri", d1), ("default-graph-uri", d2)]
    )
    answer = call(server, "GET", query)
    assert int(json.loads(answer.body)["results"]["bindings"][0]["n"]["value"]) == 2
    assert count(server, NAMED_DOCS, **{"named-graph-uri": d1}) == 1
    # Only named graphs given: the default graph is empty (the protocol dataset replaces all).
    assert count(server, DOCS, **{"named-graph-uri": d1}) == 0
    assert count(server, DOCS, **{"default-graph-uri": "http://example.org/no-such-graph"}) == 0


def test_from_in_the_query_is_honoured(server):
    assert count(server, f"SELECT (COUNT(*) AS ?n) FROM <{KASEI}data1.rdf> WHERE {{ ?s ?p ?o }}") == 1
    assert count(server, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{KASEI}data2.rdf> WHERE "
                         "{ GRAPH ?g { ?s ?p ?o } }") == 1  # fmt: skip


# ---------------------------------------------------------------------------- errors


# The table of malformed requests (wrong methods, media types, UTF-8, 406, 413...) lives in
# tests/hostile/test_malformed_requests.py, with the other hostile inputs.


def test_a_syntax_error_points_at_the_place(server):
    answer = get(server, "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o = }")
    assert answer.status == 400 and answer.media_type == "text/plain"
    lines = answer.text.splitlines()
    match = re.match(r"SPARQL syntax error at line 3, column (\d+): expected ", lines[0])
    assert match, lines[0]
    assert lines[-2] == "    FILTER(?o = }"
    assert lines[-1] == " " * (2 + int(match[1]) - 1) + "^"  # the caret under Oxigraph's column


def test_the_server_survives_the_errors(server):
    assert get(server, "ASK {}").status == 200


# ---------------------------------------------------------------------------- row cap


def test_row_cap_truncates_and_says_so(server):
    query = "SELECT ?e WHERE { ?e a <https://w3id.org/coopgraph/ns#CooperationEvent> } ORDER BY ?e"
    answer = get(server, query, "application/sparql-results+json")
    assert answer.headers["x-coopgraph-truncated"] == "true"
    assert answer.headers["x-coopgraph-max-rows"] == str(MAX_ROWS)
    document = json.loads(answer.body)
    assert len(document["results"]["bindings"]) == MAX_ROWS
    assert document["head"]["link"] == [f"urn:coopgraph:truncated?max_rows={MAX_ROWS}"]
    xml = get(server, query, "application/sparql-results+xml")
    assert len(list(ox.parse_query_results(xml.body, format=ox.QueryResultsFormat.XML))) == MAX_ROWS
    assert f'href="urn:coopgraph:truncated?max_rows={MAX_ROWS}"' in xml.text
    rows = list(csv.reader(io.StringIO(get(server, query, "text/csv").text, newline="")))
    assert len(rows) == MAX_ROWS + 1
    small = get(server, query + " LIMIT 5")
    assert "x-coopgraph-truncated" not in small.headers
    assert "link" not in json.loads(small.body)["head"]


def test_row_cap_applies_to_constructed_triples(server):
    query = (
        "PREFIX cg: <https://w3id.org/coopgraph/ns#>\n"
        "CONSTRUCT { ?e a cg:CooperationEvent } WHERE { ?e a cg:CooperationEvent }"
    )
    for accept, fmt in (
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ):
        answer = get(server, query, accept)
        assert answer.headers["x-coopgraph-truncated"] == "true"
        assert answer.text.startswith(f"# urn:coopgraph:truncated?max_rows={MAX_ROWS}")
        assert len(list(ox.parse(answer.body, format=fmt))) == MAX_ROWS


# ---------------------------------------------------------------------------- GET without a query


def test_service_description_for_rdf_clients(server, demo_store):
    answer = call(server, "GET", "/sparql", headers={"Accept": "text/turtle"})
    assert answer.status == 200 and answer.media_type == "text/turtle"
    graph = [q.triple for q in ox.parse(answer.body, format=ox.RdfFormat.TURTLE)]
    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = ox.NamedNode(server.url + "/sparql")
    assert ox.Triple(service, ox.NamedNode(sd + "endpoint"), service) in graph
    languages = {t.object.value for t in graph if t.predicate.value == sd + "supportedLanguage"}
    assert languages == {sd + "SPARQL11Query"}  # no update token: no Update
    names = {t.object.value for t in graph if t.predicate.value == sd + "name"}
    assert names == set(Store(demo_store, read_only=True).named_graphs())
    formats = {t.object.value for t in graph if t.predicate.value == sd + "resultFormat"}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [("application/n-triples", ox.RdfFormat.N_TRIPLES), ("application/rdf+xml", ox.RdfFormat.RDF_XML)],
)
def test_service_description_in_other_rdf_formats(server, accept, fmt):
    answer = call(server, "GET", "/sparql", headers={"Accept": accept})
    assert answer.media_type == accept
    assert len(list(ox.parse(answer.body, format=fmt))) > 10


def test_service_description_as_json_ld(server):
    answer = call(server, "GET", "/sparql?format=jsonld")
    assert answer.media_type == "application/ld+json"
    assert len(jsonld_quads(answer.body)) > 10


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


def test_browsers_get_the_query_editor(server):
    answer = call(server, "GET", "/sparql", headers={"Accept": BROWSER_ACCEPT})
    assert answer.status == 200 and answer.media_type == "text/html"
    page = answer.text
    assert "/static/vendor/yasgui/yasgui.min.js" in page and "/static/vendor/yasgui/yasgui.min.css" in page
    start = page.index('<script type="application/json" id="coopgraph-editor-config">')
    block = page[page.index(">", start) + 1 : page.index("</script>", start)]
    assert "<" not in block and ">" not in block
    config = json.loads(block)
    assert config["endpoint"] == server.url + "/sparql"
    assert config["prefixes"] == PREFIXES
    assert [e["name"] for e in config["examples"]] == list(canned_queries())
    assert all(e["query"].startswith("PREFIX ") for e in config["examples"])
    for href in ("/static/vendor/yasgui/yasgui.min.js", "/static/vendor/yasgui/yasgui.min.css"):
        asset = call(server, "GET", href)
        assert asset.status == 200 and b"sourceMappingURL" not in asset.body


def test_curl_without_accept_gets_turtle(server):
    answer = call(server, "GET", "/sparql", headers={"Accept": "*/*"})
    assert answer.media_type == "text/turtle"


def test_editor_config_json_cannot_break_out_of_its_script_element():
    from coopgraph.server.editor import script_json

    hostile = {"q": "</script><script>alert(1)</script><!-- & \u2028"}
    text = str(script_json(hostile))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == hostile


# ---------------------------------------------------------------------------- CORS


def test_cors_allows_any_origin_without_credentials(server):
    answer = get(server, "ASK {}")
    answer = call(server, "GET", "/sparql?query=ASK%7B%7D", headers={"Origin": "https://elsewhere.example"})
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in answer.headers
    assert "X-Coopgraph-Truncated" in answer.headers["access-control-expose-headers"]


def test_cors_preflight_is_answered(server):
    answer = call(server, "OPTIONS", "/sparql", headers={
        "Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})  # fmt: skip
    assert answer.status in (200, 204)
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "POST" in answer.headers["access-control-allow-methods"]
    assert "content-type" in answer.headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in answer.headers


def test_cors_can_be_limited_to_listed_origins(tmp_path):
    from coopgraph.server.security_headers import allowed_origin

    assert allowed_origin("*", "https://a.example") == "*"
    assert allowed_origin("https://a.example, https://b.example", "https://b.example") == "https://b.example"
    assert allowed_origin("https://a.example", "https://evil.example") is None
    assert allowed_origin("", "https://a.example") is None


# ---------------------------------------------------------------------------- update


TOKEN = "s3cret-token-for-tests"
INSERT = (
    "INSERT DATA { GRAPH <http://example.org/graph/new> { <http://example.org/x> <http://example.org/p> 1 } }"
)

ASK_NEW = "ASK { <http://example.org/x> <http://example.org/p> 1 }"


@pytest.fixture(scope="module")
def token_server(demo_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server over a throwaway copy of the demo store, with an update token set."""
    copy = tmp_path_factory.mktemp("writable") / "store"
    shutil.copytree(demo_store, copy)
    live = start_server(copy, "--update-token", TOKEN, "--query-timeout", "5")
    yield live
    stop(live)


def post_update(server: LiveServer, text: str, authorization: str | None, *, form: bool = False) -> Answer:
    headers = {"Content-Type": "application/x-www-form-urlencoded" if form else "application/sparql-update"}
    if authorization is not None:
        headers["Authorization"] = authorization
    body = urllib.parse.urlencode({"update": text}) if form else text
    return call(server, "POST", "/sparql", body, headers)


@pytest.mark.parametrize("form", [False, True], ids=["direct", "form"])
def test_update_is_refused_on_a_read_only_endpoint(server, form):
    for authorization in (None, "Bearer ", "Bearer anything"):
        answer = post_update(server, INSERT, authorization, form=form)
        assert answer.status == 403 and "read-only" in answer.text
    assert get(server, ASK_NEW, "application/sparql-results+json").body.count(b"false") == 1


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Bearer wrong",
        f"Basic {TOKEN}",
        f"Bearer {TOKEN}x",
        f"Bearer {TOKEN[:-1]}",
    ],
)
def test_update_is_refused_without_the_right_token(token_server, authorization):
    answer = post_update(token_server, INSERT, authorization)
    assert answer.status == 403, answer.text
    assert "Authorization: Bearer" in answer.text
    assert json.loads(get(token_server, ASK_NEW).body)["boolean"] is False


def test_update_with_the_right_token_is_applied(token_server):
    answer = post_update(token_server, INSERT, f"Bearer {TOKEN}")
    assert answer.status == 204, answer.text
    assert json.loads(get(token_server, ASK_NEW).body)["boolean"] is True
    form = post_update(
        token_server,
        "DELETE DATA { GRAPH <http://example.org/graph/new> "
        "{ <http://example.org/x> <http://example.org/p> 1 } }",
        f"bearer {TOKEN}",
        form=True,
    )
    assert form.status == 204, form.text
    assert json.loads(get(token_server, ASK_NEW).body)["boolean"] is False
    description = call(token_server, "GET", "/sparql", headers={"Accept": "application/n-triples"}).text
    assert "SPARQL11Update" in description


def test_update_syntax_error_is_a_400(token_server):
    answer = post_update(token_server, "CLEAR XYZ", f"Bearer {TOKEN}")
    assert answer.status == 400 and "syntax error" in answer.text


def test_update_on_a_locked_store_is_a_503(token_server):
    with Store(token_server.store):  # holds the write lock, as `coopgraph ingest` would
        answer = post_update(token_server, INSERT, f"Bearer {TOKEN}")
    assert answer.status == 503 and "locked" in answer.text
    assert get(token_server, "ASK {}").status == 200


# ---------------------------------------------------------------------------- timeout


RUNAWAY = """PREFIX cg: <https://w3id.org/coopgraph/ns#>
SELECT ?a ?b ?c ?d WHERE {
  ?a a cg:CooperationEvent . ?b a cg:CooperationEvent . ?c a cg:CooperationEvent . ?d a cg:CooperationEvent .
} ORDER BY DESC(STR(?a)) ?b ?c ?d LIMIT 1"""


def _descendants(pid: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        children = [p for p, parent in parents.items() if parent == current]
        found += children
        frontier += children
    return found


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


@pytest.fixture(scope="module")
def timeout_server(demo_store: Path) -> Iterator[LiveServer]:
    live = start_server(demo_store, "--query-timeout", "2", "--query-workers", "2")
    yield live
    stop(live)


@pytest.mark.slow
def test_a_runaway_query_is_stopped_at_the_timeout_while_others_are_answered(timeout_server, capsys):
    assert get(timeout_server, "ASK {}").status == 200  # the workers are up
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        outcome["answer"] = get(timeout_server, RUNAWAY)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)
    assert thread.is_alive()
    started = time.monotonic()
    other = get(
        timeout_server,
        "SELECT (COUNT(*) AS ?n) WHERE { ?e a <https://w3id.org/coopgraph/ns#CooperationEvent> }",
    )
    other_seconds = time.monotonic() - started
    assert thread.is_alive(), "the runaway query should still be running"
    assert other.status == 200 and json.loads(other.body)["results"]["bindings"][0]["n"]["value"] == str(
        EVENTS
    )
    assert other_seconds < 0.5
    thread.join(timeout=30)
    answer = outcome["answer"]
    assert answer.status == 503
    assert "exceeded the 2 s limit (setting query_timeout)" in answer.text
    assert 2.0 <= outcome["seconds"] < 3.5
    # The work itself stopped: no process of the server keeps burning CPU.
    processes = _descendants(timeout_server.process.pid)
    before = _cpu_seconds(processes)
    time.sleep(1.0)
    assert _cpu_seconds(_descendants(timeout_server.process.pid)) - before < 0.3
    # ... and the server keeps working, with a fresh worker in place of the killed one.
    for _ in range(4):
        assert get(timeout_server, "ASK { ?s ?p ?o }").status == 200
    with capsys.disabled():
        print(f"\n[timeout] runaway answered 503 after {outcome['seconds']:.2f} s; "
              f"second client answered in {other_seconds * 1000:.0f} ms")  # fmt: skip
