"""Applied corrections as provenance in a report's graph, so that SPARQL can tell extracted
values from corrected ones.

Each ``Applied`` becomes ``{event}/correction/{n}`` (n counts from 1 per event, in the order
the corrections were applied)::

    {event} cg:correctedBy {event}/correction/1 .
    {event}/correction/1 a cg:Correction, prov:Entity ;
        cg:field "end" ; cg:action "set" ;
        cg:replacedValue "2020-05-31" ; cg:newValue "2020-05-30" ;
        prov:wasAttributedTo {B}id/agent/ivanova ;       # a prov:Agent with foaf:name
        prov:generatedAtTime "2026-11-25T10:01:00+00:00"^^xsd:dateTime ;
        cg:correctionSource "smolensk-belarus-2020-h1.csv line 3" ;
        skos:note "конкурс закончился 30 мая" .

A correction of an entity (merge, alias, split, within, country) is also linked from the
entity it changed (``{org} cg:correctedBy …``), and a merge keeps the merged-away name as a
``skos:altLabel`` of the entity kept. The merged-away IRI itself is not emitted at all.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, PROV, RDF, SKOS, XSD

from coopgraph.ingest.corrections.edits import Applied
from coopgraph.iris import Minter, slugify
from coopgraph.ontology.terms import CG


def agent_iri(minter: Minter, author: str) -> URIRef:
    """The IRI of a correction's author (``{B}id/agent/{slug}``)."""
    return URIRef(f"{minter.base}id/agent/{slugify(author)}")


def _entity_iri(minter: Minter, kind: str, key: str) -> URIRef:
    return URIRef({"org": minter.organisation, "person": minter.person, "place": minter.place}[kind](key))


def add_corrections(graph: Graph, report_id: str, applied: tuple[Applied, ...], minter: Minter) -> int:
    """Add the provenance of `applied` to a report's graph; returns the number of corrections."""
    counters: dict[int, int] = defaultdict(int)
    for a in applied:
        counters[a.row] += 1
        event = URIRef(minter.event(report_id, a.row))
        node = URIRef(minter.event_part(report_id, a.row, "correction", counters[a.row]))
        c = a.correction
        graph.add((event, CG.correctedBy, node))
        graph.add((node, RDF.type, CG.Correction))
        graph.add((node, RDF.type, PROV.Entity))
        graph.add((node, CG.field, Literal(a.field)))
        graph.add((node, CG.action, Literal(a.action)))
        graph.add((node, CG.replacedValue, Literal(a.replaced)))
        graph.add((node, CG.newValue, Literal(a.new)))
        author = agent_iri(minter, c.author)
        graph.add((node, PROV.wasAttributedTo, author))
        graph.add((author, RDF.type, PROV.Agent))
        graph.add((author, FOAF.name, Literal(c.author)))
        stamp = datetime.fromisoformat(c.time).isoformat()
        graph.add((node, PROV.generatedAtTime, Literal(stamp, datatype=XSD.dateTime)))
        graph.add((node, CG.correctionSource, Literal(c.where)))
        if c.note:
            graph.add((node, SKOS.note, Literal(c.note)))
        if a.entity_kind and a.entity_key:
            entity = _entity_iri(minter, a.entity_kind, a.entity_key)
            graph.add((entity, CG.correctedBy, node))
            if a.merged_name:
                graph.add((entity, SKOS.altLabel, Literal(" ".join(a.merged_name.split()), lang="ru")))
    return len(applied)
