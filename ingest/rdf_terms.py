"""How ingest writes RDF terms: literals (Russian text, plain strings, dates, counts), a graph
with the project's prefixes, other spellings as skos:altLabel and the schema.org class of a
place. Shared by the report graph and the gazetteer graph (``to_rdf``) so both say a thing the
same way; kept apart so that ``to_rdf`` stays one module under 500 lines."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS, XSD

from coopgraph.ontology.vocab import SDO, bind_prefixes

# schema.org classes added to schema:Place by place kind ("г." settlements only are cities).
PLACE_CLASSES: dict[str, URIRef] = {
    "country": SDO.Country,
    "region": SDO.AdministrativeArea,
    "district": SDO.AdministrativeArea,
}
CITY_TYPES = frozenset({"г."})
FIRST_LEVEL = frozenset({"country", "region"})


def ru(text: str) -> Literal:
    return Literal(text, lang="ru")


def plain(text: str) -> Literal:
    return Literal(text)


def xsd_date(day: date) -> Literal:
    return Literal(day.isoformat(), datatype=XSD.date)


def positive(n: int) -> Literal:
    # xsd:integer, not xsd:positiveInteger: Oxigraph (like most stores) keeps derived integer
    # types as xsd:integer, and the graph validated here must be the graph that is published.
    # The shapes keep the meaning with sh:minInclusive.
    return Literal(n, datatype=XSD.integer)


def new_graph(identifier: str | None = None) -> Graph:
    graph = Graph(identifier=URIRef(identifier)) if identifier else Graph()
    bind_prefixes(graph)
    return graph


def alt_labels(graph: Graph, node: URIRef, name: str, spellings: Iterable[str]) -> None:
    """Each other spelling once, as skos:altLabel (the name itself is the label)."""
    seen = {name}
    for text in spellings:
        text = " ".join(text.split())
        if text and text not in seen:
            seen.add(text)
            graph.add((node, SKOS.altLabel, ru(text)))


def place_class(kind: str, settlement_type: str | None) -> URIRef | None:
    """The schema.org class a place of this kind has besides schema:Place, if any."""
    if kind == "settlement":
        return SDO.City if settlement_type in CITY_TYPES else None
    return PLACE_CLASSES.get(kind)
