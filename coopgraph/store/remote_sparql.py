"""What `RemoteStore` sends and reads besides HTTP: the form of a query and whether it names
its own dataset, updates cut into chunks a server's parser takes, and results parsed into
pyoxigraph's types (so callers get the same objects from either backend)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import pyoxigraph as ox

from coopgraph import formats
from coopgraph.errors import StoreError
from coopgraph.formats import NTRIPLES, SPARQL_JSON, TURTLE, Kind, Media

CHUNK = 1000  # triples per INSERT operation (all operations still go in one request)
JSON_RESULTS = SPARQL_JSON.media_type
GRAPH_ACCEPT = f"{NTRIPLES.media_type}, {Media.PLAIN_TEXT};q=0.8, {TURTLE.media_type};q=0.5"
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_COMMENT_OR_IRI_OR_STRING = re.compile(r'#[^\n]*|<[^>\s]*>|"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'')
_OWN_DATASET = re.compile(r"\bFROM\s+(NAMED\s+)?<", re.IGNORECASE)


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword outside IRIs, strings, comments."""
    bare = _COMMENT_OR_IRI_OR_STRING.sub(" ", sparql)
    match = _FORM.search(bare)
    return match[1].upper() if match else "SELECT"


def has_own_dataset(sparql: str) -> bool:
    """True when the query names its dataset with FROM / FROM NAMED (then the protocol must not)."""
    bare = _COMMENT_OR_IRI_OR_STRING.sub(lambda m: m[0] if m[0].startswith("<") else " ", sparql)
    return bool(_OWN_DATASET.search(bare))


def insert_chunks(triples: Sequence[ox.Triple], size: int = CHUNK) -> Iterator[tuple[list[ox.Triple], bool]]:
    """Split triples into chunks of about `size` (Virtuoso's parser gives up near 5,000 per
    operation); triples linked by a blank node stay in one chunk, as a blank node's label is
    scoped to one operation. Yields (chunk, has_blank_nodes)."""
    plain, components = _blank_node_components(triples)
    for start in range(0, len(plain), size):
        yield plain[start : start + size], False
    chunk: list[ox.Triple] = []
    for component in components:
        if chunk and len(chunk) + len(component) > size:
            yield chunk, True
            chunk = []
        chunk.extend(component)
    if chunk:
        yield chunk, True


def _blank_node_components(
    triples: Iterable[ox.Triple],
) -> tuple[list[ox.Triple], list[list[ox.Triple]]]:
    """The triples without blank nodes, and the others grouped so that triples sharing a blank
    node, directly or through others, are in one group (a union-find over the blank nodes)."""
    plain: list[ox.Triple] = []
    parent: dict[ox.BlankNode, ox.BlankNode] = {}

    def root(node: ox.BlankNode) -> ox.BlankNode:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    linked: list[tuple[ox.Triple, list[ox.BlankNode]]] = []
    for t in triples:
        blanks = [x for x in (t.subject, t.object) if isinstance(x, ox.BlankNode)]
        if not blanks:
            plain.append(t)
            continue
        linked.append((t, blanks))
        first = root(blanks[0])
        for other in blanks[1:]:
            parent[root(other)] = first
    components: dict[ox.BlankNode, list[ox.Triple]] = {}
    for t, blanks in linked:
        components.setdefault(root(blanks[0]), []).append(t)
    return plain, list(components.values())


def iri_text(g: ox.NamedNode | str) -> str:
    return g.value if isinstance(g, ox.NamedNode) else str(g)


_VALID_BNODE = re.compile(r"[A-Za-z0-9_]+")


def _fix_blank_nodes(data: bytes) -> bytes:
    """Give blank nodes ids pyoxigraph accepts (Virtuoso writes ``nodeID://b10006``)."""
    doc = json.loads(data)
    ids: dict[str, str] = {}
    for row in doc.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("type") == "bnode" and not _VALID_BNODE.fullmatch(term["value"]):
                term["value"] = ids.setdefault(term["value"], f"r{len(ids)}")
    return json.dumps(doc).encode()


def parse_results(headers: dict[str, str], data: bytes) -> Any:
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    fmt = formats.by_media_type(content_type)  # application/json: SPARQL JSON results (registry order)
    if fmt is not None and fmt.results is not None:
        if fmt is SPARQL_JSON and b"bnode" in data:
            data = _fix_blank_nodes(data)
        return ox.parse_query_results(data, format=fmt.results)
    if fmt is not None and fmt.rdf is not None and fmt.serves(Kind.GRAPH):
        return (q.triple for q in ox.parse(data, format=fmt.rdf))
    raise StoreError(f"SPARQL server answered with an unexpected media type {content_type!r}")
