"""The SELECT writer: answers under the row cap are pyoxigraph's own bytes, answers over it are
cut by ours and marked; both parsed back by independent parsers."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from coopgraph.server.results import (
    TRUNCATION_LINK,
    ResultTooLarge,
    serialize_boolean,
    write_solutions,
)

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
ROWS = 40
QUERY = (
    f"SELECT ?s ?label ?n ?b ?missing WHERE {{ ?s <{EX}label> ?label ; <{EX}n> ?n ; <{EX}b> ?b }} ORDER BY ?n"
)
OX_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


@pytest.fixture(scope="module")
def store() -> ox.Store:
    """Rows with the awkward terms: tabs, newlines, quotes, languages, datatypes, blank nodes."""
    store = ox.Store()
    for i in range(ROWS):
        s = ox.NamedNode(f"{EX}s{i}")
        label = (
            ox.Literal(f'name\t{i}\n"quoted", Смоленск', language="ru") if i % 2 else ox.Literal(f"plain {i}")
        )
        store.add(ox.Quad(s, ox.NamedNode(EX + "label"), label))
        store.add(
            ox.Quad(s, ox.NamedNode(EX + "n"), ox.Literal(str(i), datatype=ox.NamedNode(XSD + "integer")))
        )
        store.add(ox.Quad(s, ox.NamedNode(EX + "b"), ox.BlankNode(f"node{i}")))
    return store


def written(store: ox.Store, fmt: str, max_rows: int, max_bytes: int = 10**7) -> tuple[bytes, bool]:
    return write_solutions(store.query(QUERY), fmt, max_rows=max_rows, max_bytes=max_bytes)


@pytest.mark.parametrize("fmt", list(OX_FORMATS))
@pytest.mark.parametrize("max_rows", [ROWS, ROWS + 1, 10**6])
def test_an_answer_under_the_cap_is_what_pyoxigraph_writes(store, fmt, max_rows):
    body, truncated = written(store, fmt, max_rows)
    assert not truncated
    assert body == store.query(QUERY).serialize(format=OX_FORMATS[fmt])


@pytest.mark.parametrize("fmt", list(OX_FORMATS))
def test_an_answer_over_the_cap_is_pyoxigraph_s_writing_of_its_first_rows_with_the_link(store, fmt):
    max_rows = 3
    body, truncated = written(store, fmt, max_rows)
    first = ox.Store()
    for quad in store.quads_for_pattern(None, None, None):  # the same data, cut to the kept subjects
        if int(quad.subject.value.rsplit("s", 1)[1]) < max_rows:
            first.add(quad)
    expected = first.query(QUERY).serialize(format=OX_FORMATS[fmt])
    link = TRUNCATION_LINK.format(max_rows)
    if fmt == "json":
        expected = expected.replace(b"]}", b'],"link":["' + link.encode() + b'"]}', 1)
    elif fmt == "xml":
        expected = expected.replace(b"</head>", b'<link href="' + link.encode() + b'"/></head>', 1)
    assert truncated and body == expected


@pytest.mark.parametrize("max_rows", [2, 7, ROWS - 1])
def test_an_answer_over_the_cap_is_cut_and_marked(store, max_rows):
    body, truncated = written(store, "json", max_rows)
    document = json.loads(body)
    assert truncated and document["head"]["link"] == [TRUNCATION_LINK.format(max_rows)]
    bindings = document["results"]["bindings"]
    assert [int(b["n"]["value"]) for b in bindings] == list(range(max_rows))  # the first rows, in order
    assert bindings[1]["label"] == {
        "type": "literal",
        "value": 'name\t1\n"quoted", Смоленск',
        "xml:lang": "ru",
    }
    assert bindings[0]["b"] == {"type": "bnode", "value": "node0"}

    xml, _ = written(store, "xml", max_rows)
    root = ET.fromstring(xml)
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert len(root.findall("r:results/r:result", ns)) == max_rows
    assert root.find("r:head/r:link", ns).get("href") == TRUNCATION_LINK.format(max_rows)

    text, _ = written(store, "csv", max_rows)
    rows = list(csv.reader(io.StringIO(text.decode("utf-8"), newline="")))
    assert rows[0] == ["s", "label", "n", "b", "missing"] and len(rows) == max_rows + 1

    tsv, _ = written(store, "tsv", max_rows)
    parsed = list(ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV))
    assert [s["n"].value for s in parsed] == [str(i) for i in range(max_rows)]


def test_the_byte_cap_holds_for_both_writers(store):
    with pytest.raises(ResultTooLarge):
        written(store, "json", 10**6, max_bytes=500)  # fits the row cap: pyoxigraph's writer
    with pytest.raises(ResultTooLarge):
        written(store, "json", 20, max_bytes=500)  # over the row cap: ours


def test_xml_never_carries_characters_xml_forbids():
    """pyoxigraph writes a control character as it is; the answer then comes from our writer."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode(EX + "c"), ox.NamedNode(EX + "p"), ox.Literal("bell\x07 and\x01")))
    body, truncated = write_solutions(
        store.query("SELECT ?o WHERE { ?s ?p ?o }"), "xml", max_rows=10, max_bytes=10**6
    )
    text = ET.fromstring(body).find(".//{http://www.w3.org/2005/sparql-results#}literal").text
    assert not truncated and text == "bell\ufffd and\ufffd"


def test_an_empty_answer_and_an_answer_without_variables():
    store = ox.Store()
    none, _ = write_solutions(
        store.query("SELECT ?x WHERE { FILTER(false) }"), "json", max_rows=5, max_bytes=10**6
    )
    assert json.loads(none) == {"head": {"vars": ["x"]}, "results": {"bindings": []}}
    one, _ = write_solutions(store.query("SELECT * WHERE {}"), "json", max_rows=5, max_bytes=10**6)
    assert json.loads(one)["results"]["bindings"] == [{}]


def test_ask_answers_are_pyoxigraphs():
    store = ox.Store()
    for value, query in ((True, "ASK {}"), (False, "ASK { FILTER(false) }")):
        for fmt in ("json", "xml"):
            assert serialize_boolean(value, fmt) == store.query(query).serialize(format=OX_FORMATS[fmt])
