"""The entity registry: organisations, people and places across all reports, with every
spelling seen and the number of events, so that staff can spot duplicates and wrong merges.

Spellings are the entity's ``skos:altLabel`` values (other names and the texts as written) and
the participations' ``cg:sourceText``; a merge or split is a correction (``entities.csv``).
"""

from __future__ import annotations

from dataclasses import dataclass

from coopgraph.ingest.corrections.files import CorrectionSet, EntityCorrection
from coopgraph.ontology.terms import CG
from coopgraph.ontology.vocab import CV, SDO
from coopgraph.store import GraphStore

KINDS = ("org", "person", "place")
_CLASS = {"org": SDO.Organization, "person": SDO.Person, "place": SDO.Place}
_SKOS = "http://www.w3.org/2004/02/skos/core#"


@dataclass(frozen=True)
class Entity:
    kind: str
    key: str
    iri: str
    name: str
    spellings: tuple[str, ...]  # other names and texts as written, sorted
    events: int
    reports: int
    country: str = ""
    corrected: bool = False  # a correction changed it (cg:correctedBy)


def _query(kind: str) -> str:
    if kind == "place":
        link = f"?event <{SDO.location}> ?e ."
    else:
        link = f"?event <{CV.hasParticipation}> ?p . ?p <{CV.hasParticipant}> ?e ."
    return f"""
SELECT ?e (SAMPLE(?n) AS ?name) (SAMPLE(?c) AS ?country)
       (COUNT(DISTINCT ?event) AS ?events) (COUNT(DISTINCT ?report) AS ?reports)
       (GROUP_CONCAT(DISTINCT ?alt; SEPARATOR="\\u001f") AS ?alts)
       (GROUP_CONCAT(DISTINCT ?src; SEPARATOR="\\u001f") AS ?srcs)
       (MAX(?fix) AS ?corrected)
WHERE {{
  ?e a <{_CLASS[kind]}> .
  {link}
  ?event <{CG.inReport}> ?report .
  OPTIONAL {{ ?e <{SDO.name}> ?n FILTER(lang(?n) = "ru") }}
  OPTIONAL {{ ?e <{SDO.address}>/<{SDO.addressCountry}> ?c }}
  OPTIONAL {{ ?e <{_SKOS}altLabel> ?alt }}
  {"OPTIONAL { ?p <" + str(CG.sourceText) + "> ?src }" if kind != "place" else ""}
  OPTIONAL {{ ?e <{CG.correctedBy}> ?x BIND(true AS ?fix) }}
}}
GROUP BY ?e
"""


def _split(term: object) -> list[str]:
    text = getattr(term, "value", "") if term is not None else ""
    return [s for s in text.split("\u001f") if s]


def list_entities(store: GraphStore, kind: str | None = None) -> list[Entity]:
    """Entities that events refer to, by kind, then by name."""
    found: list[Entity] = []
    for k in (kind,) if kind else KINDS:
        if k not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}")
        for s in store.query(_query(k)):  # type: ignore[attr-defined]
            iri = s["e"].value
            name = s["name"].value if s["name"] is not None else iri.rsplit("/", 1)[-1]
            spellings = {" ".join(x.split()) for x in _split(s["alts"]) + _split(s["srcs"])} - {name}
            found.append(
                Entity(
                    kind=k,
                    key=iri.rsplit("/", 1)[-1],
                    iri=iri,
                    name=name,
                    spellings=tuple(sorted(spellings)),
                    events=int(s["events"].value),
                    reports=int(s["reports"].value),
                    country=s["country"].value if s["country"] is not None else "",
                    corrected=s["corrected"] is not None,
                )
            )
    return sorted(found, key=lambda e: (KINDS.index(e.kind), e.name.casefold(), e.key))


def entity_name(store: GraphStore, kind: str, key: str) -> str | None:
    """The name the store gives an entity (for the `name` of a merge), or None."""
    for e in list_entities(store, kind):
        if e.key == key:
            return e.name
    return None


def used_correction_sources(store: GraphStore) -> set[str]:
    """The ``cg:correctionSource`` of every correction applied in the store ("entities.csv line 3")."""
    query = f"SELECT DISTINCT ?s WHERE {{ ?c <{CG.correctionSource}> ?s }}"
    return {s["s"].value for s in store.query(query)}  # type: ignore[attr-defined]


def unused_entity_corrections(store: GraphStore, corrections: CorrectionSet) -> list[EntityCorrection]:
    """Entity corrections that changed nothing in any stored report (stale, or not yet ingested)."""
    used = used_correction_sources(store)
    return [c for c in corrections.entities if c.where not in used]
