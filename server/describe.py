"""What a resource page shows: label, types, every property with readable labels, incoming
links, the source row text, and the triples of its RDF documents.

Sub-resources (an event's participations, periods and counts) have IRIs nested under their
owner's (``…/event/r/5/participation/1``, see coopgraph/iris.py); they are shown inside their
owner's page and included in its RDF documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import url_for

from coopgraph.ontology.vocab import CG_NS, SECTOR_NS
from coopgraph.server.codes import (
    AGREEMENT_KINDS,
    BOUNDS,
    COLUMNS,
    COUNT_KINDS,
    PLACE_KINDS,
    PRECISIONS,
    name_of,
)
from coopgraph.server.labels import bind, bind_many, label_or_name, labels, local_href
from coopgraph.store import GraphStore

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SOURCE_PROPERTIES = tuple(
    CG_NS + name
    for name in (
        "sourceSector",
        "sourceTitle",
        "sourcePlace",
        "sourceDates",
        "sourceContent",
        "sourceParticipants",
    )
)
MAX_INCOMING = 200

OUTGOING = "SELECT DISTINCT ?p ?o ?iri WHERE { #PARAMETERS ?iri ?p ?o }"
NESTED = "SELECT DISTINCT ?s ?p ?o WHERE { #PARAMETERS ?s ?p ?o }"
# A link to a sub-resource counts as a link from its owner (the event, not its participation).
INCOMING = f"""
SELECT DISTINCT ?s ?p ?iri WHERE {{
  #PARAMETERS
  {{ ?s ?p ?iri
     FILTER NOT EXISTS {{ ?owner ?link ?s FILTER(STRSTARTS(STR(?s), CONCAT(STR(?owner), "/"))) }} }}
  UNION
  {{ ?mid ?p ?iri . ?s ?via ?mid . FILTER(STRSTARTS(STR(?mid), CONCAT(STR(?s), "/"))) }}
}} LIMIT {MAX_INCOMING + 1}
"""
DOCUMENT = """
CONSTRUCT { ?iri ?p ?o . ?sub ?sp ?so . ?in ?ip ?iri . }
WHERE {
  #PARAMETERS
  { ?iri ?p ?o }
  UNION { ?iri ?p0 ?sub . FILTER(isIRI(?sub) && STRSTARTS(STR(?sub), CONCAT(STR(?iri), "/"))) ?sub ?sp ?so }
  UNION { ?in ?ip ?iri }
}
"""
EXISTS = "ASK { #PARAMETERS { ?iri ?p ?o } UNION { ?s ?p ?iri } }"


@dataclass
class Value:
    text: str
    href: str | None = None  # a link on this server
    external: str | None = None  # an IRI elsewhere
    lang: str | None = None
    datatype: str | None = None
    nested: list[Row] | None = None  # properties of a sub-resource


@dataclass
class Row:
    property: str
    label: str
    values: list[Value] = field(default_factory=list)


@dataclass
class Description:
    iri: str
    label: str
    types: list[Value]
    properties: list[Row]
    source: list[Row]
    incoming: list[Row]
    incoming_truncated: bool
    links: list[tuple[str, Value]]  # (property label, linked resource) for the picture


def _natural(text: str) -> list:
    """Sort key that puts "номер 2" before "номер 10"."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text)]


def exists(store: GraphStore, iri: str) -> bool:
    return bool(store.query(bind(EXISTS, {"iri": ox.NamedNode(iri)})))


def document_triples(store: GraphStore, iri: str) -> list[ox.Triple]:
    """The triples of the resource's RDF documents (.ttl, .nt, .jsonld)."""
    return list(store.query(bind(DOCUMENT, {"iri": ox.NamedNode(iri)})))


# Properties whose values are codes (plain strings in the data) with names in the catalogues.
CODE_PROPERTIES = {
    CG_NS + "placeKind": PLACE_KINDS,
    CG_NS + "agreementKind": AGREEMENT_KINDS,
    CG_NS + "countKind": COUNT_KINDS,
    CG_NS + "bound": BOUNDS,
    CG_NS + "precision": PRECISIONS,
    CG_NS + "sourceColumn": COLUMNS,
}


Term = ox.NamedNode | ox.BlankNode | ox.Literal  # what a triple's object may be here
_Pairs = list[tuple[ox.NamedNode, Term]]  # (property, value) or, incoming, (subject, property)


def describe(store: GraphStore, iri: str, lang: str) -> Description:
    outgoing, nested, incoming, truncated = _read(store, iri)
    found = labels(store, _mentioned(iri, outgoing, nested, incoming), lang)
    shown = _Shown(found, nested, lang)
    properties = shown.rows(outgoing, skip=(RDF_TYPE, *SOURCE_PROPERTIES))
    source = [r for r in shown.rows(outgoing) if r.property in SOURCE_PROPERTIES]
    source.sort(key=lambda r: SOURCE_PROPERTIES.index(r.property))
    types = [shown.value(o) for p, o in outgoing if p.value == RDF_TYPE]
    incoming_rows = shown.incoming_rows(incoming)
    return Description(
        iri=iri,
        label=found.get(iri) or iri.rsplit("/", 1)[-1],
        types=types,
        properties=properties,
        source=source,
        incoming=incoming_rows,
        incoming_truncated=truncated,
        links=_links(properties, incoming_rows),
    )


def _read(store: GraphStore, iri: str) -> tuple[_Pairs, dict[str, _Pairs], _Pairs, bool]:
    """The resource's (property, value) pairs, those of each of its sub-resources, the first
    ``MAX_INCOMING`` (subject, property) pairs that link to it, and whether there were more."""
    node = ox.NamedNode(iri)
    outgoing = [(s["p"], s["o"]) for s in store.query(bind(OUTGOING, {"iri": node}))]
    subs = sorted(
        {o.value for _, o in outgoing if isinstance(o, ox.NamedNode) and o.value.startswith(iri + "/")}
    )
    nested: dict[str, _Pairs] = {}
    if subs:
        for s in store.query(bind_many(NESTED, "s", [ox.NamedNode(x) for x in subs])):
            nested.setdefault(s["s"].value, []).append((s["p"], s["o"]))
    incoming = [(s["s"], s["p"]) for s in store.query(bind(INCOMING, {"iri": node}))]
    return outgoing, nested, incoming[:MAX_INCOMING], len(incoming) > MAX_INCOMING


def _mentioned(iri: str, outgoing: _Pairs, nested: dict[str, _Pairs], incoming: _Pairs) -> set[str]:
    """Every IRI the page shows, whose labels are looked up in one query."""
    mentioned = {iri}
    for pairs in [outgoing, *nested.values()]:
        for p, o in pairs:
            mentioned.add(p.value)
            if isinstance(o, ox.NamedNode):
                mentioned.add(o.value)
    for subject, link in incoming:
        mentioned.update((subject.value, link.value))
    return mentioned


@dataclass
class _Shown:
    """Turns terms into what the page shows, with the labels found and the sub-resources read."""

    found: dict[str, str]
    nested: dict[str, _Pairs]
    lang: str

    def value(self, term: object) -> Value:
        if isinstance(term, ox.NamedNode):
            v = Value(label_or_name(self.found, term.value, self.lang), href=local_href(term.value))
            if term.value.startswith(SECTOR_NS):  # a sector links to its events here
                v.href = url_for("pages.events", sector=term.value[len(SECTOR_NS) :])
            if v.href is None:
                v.external = term.value
            if term.value in self.nested:
                v.nested = self.rows(self.nested[term.value])
            return v
        if isinstance(term, ox.Literal):
            dt = term.datatype.value if term.datatype and not term.language else None
            return Value(term.value, lang=term.language, datatype=dt)
        return Value(str(term))

    def rows(self, pairs: _Pairs, skip: tuple[str, ...] = ()) -> list[Row]:
        by_property: dict[str, Row] = {}
        for p, o in sorted(pairs, key=lambda po: (po[0].value, str(po[1]))):
            if p.value in skip:
                continue
            row = by_property.setdefault(p.value, Row(p.value, label_or_name(self.found, p.value, self.lang)))
            row.values.append(self.value(o))
            if p.value in CODE_PROPERTIES:  # a kind kept as a code: its name in the page language
                row.values[-1] = Value(name_of(CODE_PROPERTIES[p.value], o.value))
        return sorted(by_property.values(), key=lambda r: (r.property != RDF_TYPE, r.label.lower()))

    def incoming_rows(self, incoming: _Pairs) -> list[Row]:
        """Links to the resource by property, the linking resources in natural order."""
        rows: dict[str, Row] = {}
        for s, p in sorted(incoming, key=lambda sp: (sp[1].value, sp[0].value)):
            row = rows.setdefault(p.value, Row(p.value, label_or_name(self.found, p.value, self.lang)))
            row.values.append(self.value(s))
        for row in rows.values():
            row.values.sort(key=lambda v: _natural(v.text))
        return list(rows.values())


def _links(properties: list[Row], incoming: list[Row]) -> list[tuple[str, Value]]:
    """(property label, linked resource) pairs for the picture: the resources linked to,
    those its sub-resources link to, and those that link to it."""
    links: list[tuple[str, Value]] = []
    for r in properties:
        for v in r.values:
            if v.nested:
                links += [(n.label, nv) for n in v.nested for nv in n.values if nv.href and not nv.nested]
            elif v.href or v.external:
                links.append((r.label, v))
    links += [(r.label, v) for r in incoming for v in r.values]
    return links
