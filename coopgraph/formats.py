"""The one registry of the RDF and SPARQL-results formats: adding a format is one row here.

Each `Format` row gives the canonical name (the endpoint's ``format=``, the CLI's ``--format``,
the store's ``dump``), other names it answers to, its media types (first preferred, then the
synonyms clients send), file extensions (first preferred; the linked-data documents use it as
their URL suffix), the kinds of result it can hold, its W3C formats IRI (the service
description) and EU file-type code (the DCAT catalogue), and how it is written: pyoxigraph's
serializer, or the Python writer for compact JSON-LD (`jsonld_bytes`, the only one in the
package). The store, the CLI, the endpoint, the linked-data routes, the downloads and the
catalogue all look formats up here, and content negotiation is fed with `offers`
(server.conneg), so none keeps a table of its own.

A media type or a name may mean two formats only for different kinds: ``application/json`` is
SPARQL JSON results for SELECT/ASK and JSON-LD for a graph; ``xml`` is SPARQL XML results or
RDF/XML. Lookups therefore take the kind wanted; without it the first row in registry order wins.

This module imports no part of coopgraph (the store, publish, cli and server all import it).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import IO, TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:
    from rdflib import Graph


class Kind(StrEnum):
    """What a format can hold: an RDF graph, a dataset of quads, SELECT solutions, an ASK answer."""

    GRAPH = "graph"
    DATASET = "dataset"
    SOLUTIONS = "solutions"
    BOOLEAN = "boolean"


class Media:
    """Media types that are not formats of the registry but that pages, tables, APIs and errors
    answer with; named here so that every media-type string of the package has one home."""

    HTML = "text/html"
    XHTML = "application/xhtml+xml"
    PLAIN_TEXT = "text/plain"
    JSON = "application/json"
    CSV = "text/csv"
    GZIP = "application/gzip"


W3C = "http://www.w3.org/ns/formats/"

# A writer for formats pyoxigraph cannot write as we want them: the triples and the prefixes.
Writer = Callable[[Iterable[ox.Triple], Mapping[str, str]], bytes]


def jsonld_bytes(triples: Iterable[ox.Triple], context: Mapping[str, str]) -> bytes:
    """Compact JSON-LD whose @context is `context` (our prefixes): a local context, so a reader
    never fetches a remote one; UTF-8 with readable Cyrillic."""
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return jsonld_from_ntriples(data or b"", context)


def jsonld_from_ntriples(ntriples: bytes, context: Mapping[str, str]) -> bytes:
    """`jsonld_bytes` of N-Triples text (what a store dump gives)."""
    from rdflib import Graph  # rdflib is slow to import; only JSON-LD needs it

    graph = Graph()
    graph.parse(data=ntriples, format="nt")
    return jsonld_from_graph(graph, context)


def jsonld_from_graph(graph: Graph, context: Mapping[str, str]) -> bytes:
    """`jsonld_bytes` of an rdflib Graph (the catalogue and VoID are built as rdflib graphs)."""
    text = graph.serialize(format="json-ld", context=dict(context), auto_compact=True)
    # Through json again: valid UTF-8 JSON with the Cyrillic readable, one indent style.
    return json.dumps(json.loads(text), ensure_ascii=False, indent=1).encode("utf-8")


@dataclass(frozen=True)
class Format:
    name: str  # canonical name
    label: str  # what people call it
    media_types: tuple[str, ...]  # first the preferred one, then synonyms clients send
    extensions: tuple[str, ...]  # without the dot; first the preferred one
    kinds: frozenset[Kind]
    w3c_iri: str  # http://www.w3.org/ns/formats/…
    aliases: tuple[str, ...] = ()  # other names accepted for it
    rdf: ox.RdfFormat | None = None  # pyoxigraph's RDF parser and serializer
    results: ox.QueryResultsFormat | None = None  # pyoxigraph's results parser and serializer
    prefixes: bool = False  # declares prefixes (N-Triples and N-Quads do not)
    eu_file_type: str | None = None  # code of the EU file-type table, for the DCAT catalogue
    writer: Writer | None = field(default=None, compare=False)  # replaces pyoxigraph's serializer

    @property
    def media_type(self) -> str:
        return self.media_types[0]

    @property
    def extension(self) -> str:
        return self.extensions[0]

    def serves(self, kind: Kind) -> bool:
        return kind in self.kinds


_TABULAR = frozenset({Kind.SOLUTIONS, Kind.BOOLEAN})
_GRAPH = frozenset({Kind.GRAPH})
_DATASET = frozenset({Kind.DATASET})

# In the server's order of preference within each kind (the first is the default answer).
REGISTRY: tuple[Format, ...] = (
    Format("json", "SPARQL JSON", ("application/sparql-results+json", Media.JSON, "text/json"), ("srj",),
           _TABULAR, W3C + "SPARQL_Results_JSON", aliases=("srj",), results=ox.QueryResultsFormat.JSON),
    Format("xml", "SPARQL XML", ("application/sparql-results+xml",), ("srx",),
           _TABULAR, W3C + "SPARQL_Results_XML", aliases=("srx",), results=ox.QueryResultsFormat.XML),
    Format("csv", "CSV", (Media.CSV,), ("csv",), frozenset({Kind.SOLUTIONS}), W3C + "SPARQL_Results_CSV",
           results=ox.QueryResultsFormat.CSV),
    Format("tsv", "TSV", ("text/tab-separated-values",), ("tsv",), frozenset({Kind.SOLUTIONS}),
           W3C + "SPARQL_Results_TSV", results=ox.QueryResultsFormat.TSV),
    # SPARQLWrapper names RDF formats by the result names: format=n3, json, xml for a graph.
    Format("ttl", "Turtle", ("text/turtle", "application/x-turtle", "text/n3"), ("ttl",), _GRAPH,
           W3C + "Turtle", aliases=("turtle", "n3"), rdf=ox.RdfFormat.TURTLE, prefixes=True,
           eu_file_type="RDF_TURTLE"),
    Format("nt", "N-Triples", ("application/n-triples", Media.PLAIN_TEXT, "text/ntriples"), ("nt",), _GRAPH,
           W3C + "N-Triples", aliases=("ntriples", "n-triples"), rdf=ox.RdfFormat.N_TRIPLES,
           eu_file_type="RDF_N_TRIPLES"),
    Format("jsonld", "JSON-LD", ("application/ld+json", Media.JSON, "application/json+ld"), ("jsonld",),
           _GRAPH, W3C + "JSON-LD", aliases=("json-ld", "json"), rdf=ox.RdfFormat.JSON_LD, prefixes=True,
           writer=jsonld_bytes, eu_file_type="JSON_LD"),
    Format("rdfxml", "RDF/XML", ("application/rdf+xml",), ("rdf",), _GRAPH, W3C + "RDF_XML",
           aliases=("rdf", "rdf+xml", "xml"), rdf=ox.RdfFormat.RDF_XML, prefixes=True,
           eu_file_type="RDF_XML"),
    Format("trig", "TriG", ("application/trig",), ("trig",), _DATASET, W3C + "TriG",
           rdf=ox.RdfFormat.TRIG, prefixes=True, eu_file_type="RDF_TRIG"),
    Format("nq", "N-Quads", ("application/n-quads",), ("nq",), _DATASET, W3C + "N-Quads",
           aliases=("nquads", "n-quads"), rdf=ox.RdfFormat.N_QUADS, eu_file_type="RDF_N_QUADS"),
)  # fmt: skip

FORMATS: dict[str, Format] = {f.name: f for f in REGISTRY}
TURTLE, NTRIPLES, JSONLD, RDFXML = FORMATS["ttl"], FORMATS["nt"], FORMATS["jsonld"], FORMATS["rdfxml"]
TRIG, NQUADS = FORMATS["trig"], FORMATS["nq"]
SPARQL_JSON, SPARQL_XML, SPARQL_CSV, SPARQL_TSV = (FORMATS[n] for n in ("json", "xml", "csv", "tsv"))


def serving(*kinds: Kind) -> tuple[Format, ...]:
    """The formats that hold any of `kinds`, in registry order."""
    return tuple(f for f in REGISTRY if f.kinds & set(kinds))


def _among(kind: Kind | None) -> tuple[Format, ...]:
    return REGISTRY if kind is None else serving(kind)


def by_name(name: str, kind: Kind | None = None) -> Format | None:
    """The format a name or alias means (case and spaces ignored), for `kind` when given; a
    canonical name wins over an alias."""
    key = name.strip().lower()
    among = _among(kind)
    return next((f for f in among if f.name == key), None) or next(
        (f for f in among if key in f.aliases), None
    )


def by_media_type(media_type: str, kind: Kind | None = None) -> Format | None:
    """The format a media type (parameters ignored) means, for `kind` when given."""
    key = media_type.split(";", 1)[0].strip().lower()
    return next((f for f in _among(kind) if key in f.media_types), None)


def by_extension(extension: str) -> Format | None:
    """The format of a file extension (with or without its dot)."""
    key = extension.lower().lstrip(".")
    return next((f for f in REGISTRY if key in f.extensions), None)


def names(fmts: Iterable[Format]) -> tuple[str, ...]:
    return tuple(f.name for f in fmts)


def offers(fmts: Iterable[Format]) -> list[str]:
    """The media types to negotiate among for `fmts`: each one's preferred type in their order,
    then the synonyms (so that among equal q-values a preferred type is chosen)."""
    fmts = list(fmts)
    preferred = [f.media_type for f in fmts]
    return preferred + [m for f in fmts for m in f.media_types[1:] if m not in preferred]


def chosen(media_type: str, fmts: Iterable[Format]) -> Format:
    """Which of `fmts` a media type that `offers(fmts)` gave stands for."""
    return next(f for f in fmts if media_type in f.media_types)


def write(
    output: IO[bytes],
    statements: Iterable[ox.Triple] | Iterable[ox.Quad],
    fmt: Format,
    *,
    prefixes: Mapping[str, str] | None = None,
) -> None:
    """Write triples (or, for a dataset format, quads) in `fmt` to `output`."""
    if fmt.writer is not None:
        output.write(fmt.writer(statements, prefixes or {}))  # type: ignore[arg-type]
        return
    if fmt.rdf is None:
        raise ValueError(f"{fmt.name} is not an RDF format")
    declared = dict(prefixes) if prefixes and fmt.prefixes else None
    ox.serialize(statements, output, format=fmt.rdf, prefixes=declared)


def serialize(
    statements: Iterable[ox.Triple] | Iterable[ox.Quad],
    fmt: Format,
    *,
    prefixes: Mapping[str, str] | None = None,
) -> bytes:
    """`write` into bytes."""
    out = io.BytesIO()
    write(out, statements, fmt, prefixes=prefixes)
    return out.getvalue()


def known(fmts: Iterable[Format]) -> str:
    """The names of `fmts` for an error message: "ttl, nt, jsonld"."""
    return ", ".join(names(fmts))
