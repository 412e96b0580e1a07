"""A coopgraph store on a remote SPARQL 1.1 server (Oxigraph server, Virtuoso, Fuseki, GraphDB).

It satisfies `coopgraph.store.GraphStore`, like the embedded `coopgraph.store.Store`, and
returns the same kinds of results (pyoxigraph terms, solutions with ``sol["var"]`` and
``.variables``, triples), so ingest, validation, export, stats, backup and the server work on
either. HTTP is in `remote_http`, request building and result parsing in `remote_sparql`.

How it maps the embedded store's guarantees onto plain SPARQL 1.1 (standard library HTTP only,
`http.client`, one keep-alive connection per process and thread, a timeout on every request,
redirects never followed):

- Atomic replace: one SPARQL Update request ``DROP SILENT GRAPH <g> ; INSERT ... ; <bump the
  generation>``. One update request is one transaction in Oxigraph and in Virtuoso, so readers
  see the old graph or the new one, never a mix, and the generation moves with the data. A Graph
  Store Protocol PUT is atomic in Oxigraph too but cannot carry the generation bump, so it is
  not used. Triples go in an ``INSERT {...} WHERE {}`` template when they hold blank nodes
  (Virtuoso refuses blank nodes in ``INSERT DATA``), else in ``INSERT DATA``.
- Generation: an integer kept in the remote store itself and moved in the same update request
  as every write, so several endpoint processes on several machines see the same counter.
- Union default graph: the embedded store answers queries over the union of the graphs. On
  the Oxigraph server that is its ``union-default-graph`` parameter (the fast path: naming a
  few hundred graphs as the dataset instead is ~30x slower there). That union takes in every
  graph, so the counter cannot be a triple: it is the name of an empty graph,
  ``urn:coopgraph:generation:<n>``; a write claims the next name with ``CREATE GRAPH``, which
  fails, and rolls the whole request back, when a concurrent writer claimed it first (the
  write then retries). Other servers ("dataset" mode: Virtuoso, Fuseki,
  GraphDB, any SPARQL 1.1 server) see every graph by default, Virtuoso its system graphs too:
  there the counter is a triple in the named graph ``urn:coopgraph:meta``, computed by the
  update itself, next to a registry of the graphs coopgraph wrote, and each query names those
  graphs as its dataset (``default-graph-uri`` and ``named-graph-uri``) unless it has its own
  ``FROM``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from rdflib import Graph

from coopgraph import formats
from coopgraph.errors import StoreError
from coopgraph.formats import NQUADS, NTRIPLES, Kind
from coopgraph.store.embedded import dump_format, quads_dump, rdflib_graph, serialized
from coopgraph.store.remote_http import (
    DEFAULT_TIMEOUT,
    FLAVOURS,
    Endpoints,
    Http,
    detect_flavour,
    error_text,
    flavour_from_url,
)
from coopgraph.store.remote_sparql import (
    GRAPH_ACCEPT,
    JSON_RESULTS,
    has_own_dataset,
    insert_chunks,
    iri_text,
    parse_results,
    query_form,
)

__all__ = [  # the request helpers too: the tests reach them through the store's module
    "NO_GRAPH",
    "Endpoints",
    "RemoteStore",
    "has_own_dataset",
    "insert_chunks",
    "parse_results",
    "query_form",
]

RESERVED_PREFIX = "urn:coopgraph:"  # coopgraph's own bookkeeping graphs, never report data
META = "urn:coopgraph:meta"
GENERATION_GRAPH = "urn:coopgraph:generation:"  # + n: an empty graph whose name is the counter
GENERATION = "urn:coopgraph:generation"
REGISTERED = "urn:coopgraph:Graph"  # class of the graphs coopgraph wrote (dataset mode)
NO_GRAPH = "urn:coopgraph:no-graph"  # an empty dataset still has to name a graph
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

JOIN = "\n;\n"  # between update operations: on its own line, so a trailing # comment cannot eat it
WRITE_ATTEMPTS = 20  # a write that races other writers for the next generation retries


class RemoteStore:
    """A coopgraph store on a SPARQL 1.1 server given by URL (see the module docstring).

    ``url`` is the server's base: ``http://127.0.0.1:7878`` for ``oxigraph serve``,
    ``http://127.0.0.1:8890/sparql`` for Virtuoso, ``http://host:3030/ds`` for Fuseki,
    ``http://host:7200/repositories/coop`` for GraphDB. The kind of server is read from its
    ``Server`` header or the URL; a ``#fuseki``-style fragment names it explicitly.
    """

    def __init__(
        self,
        url: str,
        *,
        read_only: bool = False,
        timeout: float = DEFAULT_TIMEOUT,
        flavour: str | None = None,
    ) -> None:
        base, explicit = flavour_from_url(url)
        self.url = self.location = base
        self.path: Path | None = None  # nothing is kept beside a server's store
        self.read_only = read_only
        self.timeout = timeout
        kind = flavour or explicit or detect_flavour(base, timeout)
        if kind not in FLAVOURS:
            raise StoreError(f"unknown SPARQL server kind {kind!r}; use one of {', '.join(FLAVOURS)}")
        self.flavour = kind
        self.endpoints = Endpoints(base, kind)
        self._http = Http(self.endpoints, timeout)
        # Oxigraph has a native union of the named graphs; elsewhere we name our graphs per query.
        self.dataset_mode = kind != "oxigraph"
        self._known_generation: int | None = None
        self.generation()  # fail now, with a clear message, when the server is not there

    def _dataset_fields(
        self, *, union: bool, default_graph: Iterable[str] | None, named_graphs: Iterable[str] | None
    ) -> list[tuple[str, str]]:
        if default_graph is not None or named_graphs is not None:
            defaults, named = list(default_graph or []) or [NO_GRAPH], list(named_graphs or []) or [NO_GRAPH]
        elif not self.dataset_mode:
            if union:
                return [("union-default-graph", "")]
            defaults, named = [NO_GRAPH], self.named_graphs() or [NO_GRAPH]
        else:
            ours = self.named_graphs() or [NO_GRAPH]
            defaults, named = (ours if union else [NO_GRAPH]), ours
        return [("default-graph-uri", g) for g in defaults] + [("named-graph-uri", g) for g in named]

    def _select(self, sparql: str, fields: Sequence[tuple[str, str]] = ()) -> Any:
        headers, data = self._http.post_form(self.endpoints.query, [("query", sparql), *fields], JSON_RESULTS)
        return parse_results(headers, data)

    def _meta(self, pattern: str) -> str:
        """A pattern over the meta graph (dataset mode)."""
        return f"GRAPH <{META}> {{ {pattern} }}"

    def _bump(self) -> str:
        """Dataset mode: operations that add one to the counter triple, computed by the server."""
        m = f"<{META}> <{GENERATION}>"
        return (
            f"INSERT {{ {self._meta(f'{m} ?new')} }} WHERE {{ {{ SELECT (MAX(?x) AS ?top) WHERE "
            f"{{ {self._meta(f'{m} ?x')} }} }} BIND(COALESCE(?top, 0) + 1 AS ?new) }} ;\n"
            f"DELETE {{ {self._meta(f'{m} ?old')} }} WHERE {{ {self._meta(f'{m} ?old')} "
            f"{{ SELECT (MAX(?y) AS ?top) WHERE {{ {self._meta(f'{m} ?y')} }} }} FILTER(?old < ?top) }}"
        )

    def _write(self, operations: Sequence[str]) -> None:
        """Run write operations and move the generation, in one update request (one transaction)."""
        self._writable()
        if self.dataset_mode:
            self._http.post_form(
                self.endpoints.update, [("update", JOIN.join([*operations, self._bump()]))], "*/*"
            )
            return
        # Oxigraph: the counter is the name of an empty graph. The request claims the next name
        # with a CREATE GRAPH that fails if it exists, and a failed operation rolls the whole
        # request back: a writer that read the counter before another write committed retries
        # with the new value. (Two transactions overlapping inside the server can still both
        # claim the same name: Oxigraph does not serialise them. The data is right either way;
        # the counter then moves once for the two writes.)
        for attempt in range(WRITE_ATTEMPTS):
            current = self.generation()
            claim = f"CREATE GRAPH <{GENERATION_GRAPH}{current + 1}>"
            release = f"DROP SILENT GRAPH <{GENERATION_GRAPH}{current}>"
            # The claim goes after the writes: an update's own PREFIX/BASE must open the request.
            request = JOIN.join([*operations, claim, release])
            try:
                self._http.post_form(self.endpoints.update, [("update", request)], "*/*")
            except StoreError as exc:
                if "already exists" not in str(exc) or GENERATION_GRAPH not in str(exc):
                    raise
                self._known_generation = None
                time.sleep(random.uniform(0, 0.01 * (attempt + 1)))
                continue
            self._known_generation = current + 1
            return
        raise StoreError(
            f"SPARQL server {self.endpoints.display}: {WRITE_ATTEMPTS} attempts to write lost the race "
            "to other writers; try again"
        )

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.url} is open read-only")

    # ------------------------------------------------------------------ writing

    def replace_graph(self, graph_iri: str, graph: Graph) -> int:
        """Make `graph_iri` hold exactly `graph`, atomically; returns the triple count."""
        self.replace_graph_ntriples(graph_iri, graph.serialize(format="nt", encoding="utf-8"))
        return len(graph)

    def replace_graph_ntriples(self, graph_iri: str, data: bytes) -> None:
        """Make `graph_iri` hold exactly the N-Triples `data`, atomically (one update request)."""
        g = ox.NamedNode(graph_iri)
        try:
            triples = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as exc:
            raise StoreError(f"replacing {graph_iri}: the data is not N-Triples: {exc}") from None
        inserts = []
        for chunk, blank in insert_chunks(triples):
            body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in chunk)
            # Blank nodes: a template makes them fresh per operation (INSERT DATA is refused by Virtuoso).
            inserts.append(
                f"INSERT {{ GRAPH {g} {{\n{body}\n}} }} WHERE {{}}"
                if blank
                else f"INSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}"
            )
        operations = [f"DROP SILENT GRAPH {g}", *inserts]
        if self.dataset_mode:
            operations.append(f"INSERT DATA {{ GRAPH <{META}> {{ {g} <{RDF_TYPE}> <{REGISTERED}> }} }}")
        self._write(operations)

    def remove_graph(self, graph_iri: str) -> bool:
        """Delete a named graph; False when there was none."""
        self._writable()
        if not self.has_graph(graph_iri):
            return False
        g = ox.NamedNode(graph_iri)
        operations = [f"DROP SILENT GRAPH {g}"]
        if self.dataset_mode:
            operations.append(f"DELETE DATA {{ GRAPH <{META}> {{ {g} <{RDF_TYPE}> <{REGISTERED}> }} }}")
        self._write(operations)
        return True

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL Update and move the generation, in one request (one transaction).

        In dataset mode, graphs the update creates are registered only if coopgraph wrote them
        before; write new graphs with `replace_graph` so queries see them.
        """
        prologue = f"BASE <{base_iri}>\n" if base_iri else ""
        self._write([prologue + sparql.rstrip().rstrip(";")])  # its prologue opens the request

    # ------------------------------------------------------------------ reading

    def generation(self) -> int:
        """A counter that moves on every write; it lives in the remote store itself."""
        if not self.dataset_mode:
            known = self._known_generation
            # A write drops <...:n> when it creates <...:n+1>, so if the last seen one is still
            # there it is current: one cheap ASK (0.3 ms) instead of listing the graphs.
            if known and bool(self._select(f"ASK {{ GRAPH <{GENERATION_GRAPH}{known}> {{ }} }}")):
                return known
            q = f'SELECT ?g WHERE {{ GRAPH ?g {{ }} FILTER(STRSTARTS(STR(?g), "{GENERATION_GRAPH}")) }}'
            found = [s["g"].value[len(GENERATION_GRAPH) :] for s in self._select(q)]
            self._known_generation = max((int(n) for n in found if n.isdigit()), default=0)
            return self._known_generation
        rows = list(
            self._select(f"SELECT (MAX(?x) AS ?n) WHERE {{ {self._meta(f'<{META}> <{GENERATION}> ?x')} }}")
        )
        value = rows[0]["n"] if rows else None
        return int(value.value) if value is not None else 0

    def named_graphs(self) -> list[str]:
        if self.dataset_mode:
            q = f"SELECT ?g WHERE {{ GRAPH <{META}> {{ ?g <{RDF_TYPE}> <{REGISTERED}> }} }}"
        else:
            q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
        return sorted(
            s["g"].value
            for s in self._select(q)
            if isinstance(s["g"], ox.NamedNode) and not s["g"].value.startswith(RESERVED_PREFIX)
        )

    def has_graph(self, graph_iri: str) -> bool:
        if self.dataset_mode:
            return graph_iri in self.named_graphs()
        return bool(self._select(f"ASK {{ GRAPH {ox.NamedNode(graph_iri)} {{ ?s ?p ?o }} }}"))

    def query(
        self,
        sparql: str,
        *,
        use_default_graph_as_union: bool = True,
        default_graph: Iterable[ox.NamedNode | str] | None = None,
        named_graphs: Iterable[ox.NamedNode | str] | None = None,
        base_iri: str | None = None,
    ) -> Any:
        """Run a query over the union of the named graphs (unless told otherwise).

        SELECT gives solutions (``sol["x"]``, ``.variables``), ASK a boolean, CONSTRUCT and
        DESCRIBE an iterator of `pyoxigraph.Triple`, as the embedded store does.
        """
        if base_iri:
            sparql = f"BASE <{base_iri}>\n{sparql}"
        if has_own_dataset(sparql) and default_graph is None and named_graphs is None:
            fields: list[tuple[str, str]] = []
        else:
            fields = self._dataset_fields(
                union=use_default_graph_as_union,
                default_graph=None if default_graph is None else [iri_text(g) for g in default_graph],
                named_graphs=None if named_graphs is None else [iri_text(g) for g in named_graphs],
            )
        form = query_form(sparql)
        accept = GRAPH_ACCEPT if form in {"CONSTRUCT", "DESCRIBE"} else JSON_RESULTS
        headers, data = self._http.post_form(self.endpoints.query, [("query", sparql), *fields], accept)
        return parse_results(headers, data)

    def count(self, graph_iri: str | None = None) -> int:
        if graph_iri is None:
            q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        else:
            q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {ox.NamedNode(graph_iri)} {{ ?s ?p ?o }} }}"
        return int(next(iter(self.query(q)))["n"].value)

    def _graph_store_get(self, graph_iri: str | None) -> Iterator[ox.Quad]:
        """Oxigraph's Graph Store Protocol: a graph as N-Triples, or every graph as N-Quads."""
        path = self.endpoints.query.rsplit("/", 1)[0] + "/store"
        if graph_iri is None:
            status, _, data = self._http.request("GET", path, None, {"Accept": NQUADS.media_type})
        else:
            path += "?" + urlencode({"graph": graph_iri})
            status, _, data = self._http.request("GET", path, None, {"Accept": NTRIPLES.media_type})
        if status == 404:
            return iter(())
        if status != 200:
            raise StoreError(f"SPARQL server {self.endpoints.display} answered {status}: {error_text(data)}")
        if graph_iri is None:
            return (
                q
                for q in ox.parse(data, format=NQUADS.rdf)
                if isinstance(q.graph_name, ox.NamedNode)
                and not q.graph_name.value.startswith(RESERVED_PREFIX)
            )
        g = ox.NamedNode(graph_iri)
        return (ox.Quad(q.subject, q.predicate, q.object, g) for q in ox.parse(data, format=NTRIPLES.rdf))

    def quads(self, graph_iri: str | None = None) -> Iterator[ox.Quad]:
        if not self.dataset_mode:
            yield from self._graph_store_get(graph_iri)  # a snapshot read, 2-4x faster than a query
            return
        if graph_iri is not None:
            # CONSTRUCT as N-Triples: about 4x faster to produce and parse than SELECT as JSON.
            g = ox.NamedNode(graph_iri)
            for t in self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}"):
                yield ox.Quad(t.subject, t.predicate, t.object, g)
            return
        # One request for every graph, so a backup is one consistent snapshot.
        for s in self.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"):
            yield ox.Quad(s["s"], s["p"], s["o"], s["g"])

    def graph(self, graph_iri: str) -> Graph:
        """One named graph as an rdflib Graph (for validation context and tests)."""
        return rdflib_graph(
            serialized(ox.serialize((q.triple for q in self.quads(graph_iri)), format=ox.RdfFormat.N_TRIPLES))
        )

    def dump(
        self, fmt: str, *, graph_iri: str | None = None, prefixes: dict[str, str] | None = None
    ) -> bytes:
        """Serialize the whole store (dataset formats) or one graph / the union (graph formats)."""
        chosen = dump_format(fmt)
        if chosen.serves(Kind.DATASET):
            return quads_dump(self.quads(graph_iri), chosen, prefixes)
        if graph_iri is not None:
            triples: Iterable[ox.Triple] = (q.triple for q in self.quads(graph_iri))
        else:
            # An entity described by several reports has the same triples in each report graph.
            triples = self.query(
                "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
            )
        return formats.serialize(triples, chosen, prefixes=prefixes)

    @contextmanager
    def publishing_at_most_every(self, seconds: float) -> Iterator[None]:
        """The embedded store's checkpoint pacing (see ``Store``): a server has no checkpoints,
        its writes are visible at once."""
        yield

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"RemoteStore({self.endpoints.display!r}, flavour={self.flavour!r}, read_only={self.read_only})"
        )
