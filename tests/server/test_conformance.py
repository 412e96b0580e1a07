"""The W3C SPARQL 1.1 Protocol tests (tests/server/conformance/manifest.ttl) against a real server.

The manifest is read with rdflib; each test is a list of HTTP requests with the expected
status class and, for 2xx answers, the expected result shape ("boolean", "tabular", "RDF") and
boolean value. The 21 tests a read-only endpoint can run are every query_* and bad_query_*
test plus bad_multiple_queries and bad_update_get; the update_* ones need write access. The
ut:graphData of the dataset tests (data1.nt...) is loaded into named graphs of a fresh store,
named by the rdfs:label the manifest gives them.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from oxigraph_server import running_oxigraph
from rdflib import RDF, RDFS, Graph, Namespace
from rdflib.collection import Collection
from rdflib.term import Node

from coopgraph.store.factory import open_store

from .conftest import LiveServer, start_server
from .test_sparql_protocol import call, stop

HERE = Path(__file__).parent / "conformance"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")

READ_ONLY = {"bad_multiple_queries", "bad_update_get"}


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]  # "2xx", "3xx", "4xx"
    result_format: str | None
    boolean: bool | None


@dataclass
class ProtocolTest:
    name: str
    title: str
    requests: list[Request]
    graph_data: list[tuple[Path, str]]


def _list(graph: Graph, head: Node) -> list[Node]:
    return list(Collection(graph, head))


def load_manifest() -> list[ProtocolTest]:
    graph = Graph()
    graph.parse(HERE / "manifest.ttl", format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in _list(graph, graph.value(manifest, MF.entries)):
        name = str(entry).rsplit("#", 1)[1]
        action = graph.value(entry, MF.action)
        requests = []
        for req in _list(graph, graph.value(action, HT.requests)):
            headers = {}
            for header in _list(graph, graph.value(req, HT.headers)) if graph.value(req, HT.headers) else []:
                headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
            body = graph.value(req, HT.body)
            data = None
            if body is not None:
                encoding = str(graph.value(body, CNT.characterEncoding) or "UTF-8")
                data = str(graph.value(body, CNT.chars)).encode(encoding)
            response = graph.value(req, HT.resp)
            statuses = {str(s).rsplit("StatusCode", 1)[1] for s in graph.objects(response, MF.expectedStatus)}
            expected_format = graph.value(response, MF.expectedFormat)
            expected_boolean = graph.value(response, MF.expectedBoolean)
            path = str(graph.value(req, HT.absolutePath))
            assert path.startswith("/sparql/")
            requests.append(Request(
                method=str(graph.value(req, HT.methodName)),
                path="/sparql" + path[len("/sparql/"):],  # the manifest's prefix -> our endpoint's path
                headers=headers, body=data, statuses=statuses,
                result_format=str(expected_format) if expected_format is not None else None,
                boolean=expected_boolean.toPython() if expected_boolean is not None else None,
            ))  # fmt: skip
        graph_data = [
            (HERE / str(graph.value(g, UT.graph)).rsplit("/", 1)[1], str(graph.value(g, RDFS.label)))
            for g in graph.objects(entry, UT.graphData)
        ]
        tests.append(ProtocolTest(name, str(graph.value(entry, MF.name)), requests, graph_data))
    return tests


ALL_TESTS = load_manifest()
RUNNABLE = [
    t for t in ALL_TESTS
    if t.name.startswith(("query_", "bad_query_")) or t.name in READ_ONLY
]  # fmt: skip


def test_the_manifest_has_the_21_read_only_tests():
    assert len(ALL_TESTS) == 34
    assert len(RUNNABLE) == 21
    skipped = {t.name for t in ALL_TESTS} - {t.name for t in RUNNABLE}
    assert all(name.startswith(("update_", "bad_update_", "bad_multiple_updates")) for name in skipped)


@pytest.fixture(scope="module", params=["embedded", "oxigraph-serve"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A fresh store holding every graph the tests need, under the names the manifest gives:
    the embedded store, or a real `oxigraph serve` behind the same endpoint."""
    root = tmp_path_factory.mktemp("conformance")
    graphs = {label: data for t in RUNNABLE for data, label in t.graph_data}
    assert len(graphs) == 3
    with contextlib.ExitStack() as stack:
        if request.param == "embedded":
            location: str | Path = root / "store"
        else:
            location = stack.enter_context(running_oxigraph(root / "oxigraph"))
        with open_store(str(location)) as store:
            for label, data in graphs.items():
                store.replace_graph_ntriples(label, data.read_bytes())
        live = start_server(location)
        yield live
        stop(live)


BOOLEAN_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR_TYPES = BOOLEAN_TYPES | {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}


def _check_result(request: Request, media_type: str, body: bytes) -> None:
    if request.result_format == "boolean":
        assert media_type in BOOLEAN_TYPES
        fmt = ox.QueryResultsFormat.from_media_type(media_type)
        value = ox.parse_query_results(body, format=fmt)
        assert isinstance(value, ox.QueryBoolean)
        if request.boolean is not None:
            assert bool(value) is request.boolean
    elif request.result_format == "tabular":
        assert media_type in TABULAR_TYPES
        if media_type == "text/csv":
            assert next(iter(csv.reader(io.StringIO(body.decode(), newline=""))))
        else:
            fmt = ox.QueryResultsFormat.from_media_type(media_type)
            assert isinstance(ox.parse_query_results(body, format=fmt), ox.QuerySolutions)
    elif request.result_format == "RDF":
        assert media_type in RDF_TYPES
        list(ox.parse(body, format=RDF_TYPES[media_type]))


@pytest.mark.parametrize("test", RUNNABLE, ids=[t.name for t in RUNNABLE])
def test_w3c_protocol(server, test):
    for request in test.requests:
        answer = call(server, request.method, request.path, request.body, request.headers)
        status_class = f"{answer.status // 100}xx"
        assert status_class in request.statuses, (test.title, answer.status, answer.body[:400])
        if answer.status // 100 == 2:
            _check_result(request, answer.media_type, answer.body)
        elif answer.status // 100 == 4:
            assert answer.body  # every refusal says why


def test_the_json_boolean_is_what_the_manifest_expects(server):
    """A cross-check of the boolean reading above with the json module, on one test."""
    test = next(t for t in RUNNABLE if t.name == "query_dataset_full")
    request = test.requests[0]
    answer = call(server, request.method, request.path, request.body, request.headers)
    assert json.loads(answer.body) == {"head": {}, "boolean": True}
