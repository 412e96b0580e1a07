"""Entity corrections (merge, alias, split, within, country) applied to one event's records:
the organisations, people and places they name, in file order, in every report.
"""

from __future__ import annotations

from dataclasses import replace

from coopgraph.ingest.corrections.edits import (
    Applied,
    dedupe,
    matches,
    org_named,
    person_named,
    place_for,
    with_parties,
    with_regions,
)
from coopgraph.ingest.corrections.files import EntityCorrection
from coopgraph.ingest.gazetteer import load_gazetteer
from coopgraph.ingest.records import (
    EventRecord,
    OrganisationRecord,
    PersonRecord,
    PlaceRecord,
)


def apply_entity_corrections(
    event: EventRecord, corrections: tuple[EntityCorrection, ...], applied: list[Applied]
) -> EventRecord:
    before = event
    for c in corrections:
        if c.kind == "org":
            orgs = tuple(_correct_org(o, c, event.row_number, applied) for o in event.organisations)
            if orgs != event.organisations:
                keys = _key_changes(event.organisations, orgs)
                people = tuple(
                    replace(p, organisation_key=keys.get(p.organisation_key or "", p.organisation_key))
                    for p in event.people
                )
                event = replace(event, organisations=dedupe(orgs), people=people)
        elif c.kind == "person":
            people = tuple(_correct_person(p, c, event.row_number, applied) for p in event.people)
            if people != event.people:
                event = replace(event, people=dedupe(people))
        else:
            places = tuple(_correct_place(p, c, event.row_number, applied) for p in event.places)
            if places != event.places:
                event = replace(event, places=dedupe(places))
                event = with_regions(event, places)
    return with_parties(event) if event.organisations != before.organisations else event


def _key_changes(old: tuple, new: tuple) -> dict[str, str]:
    return {a.key: b.key for a, b in zip(old, new, strict=True) if a.key != b.key}


def _entity_hit(c: EntityCorrection, key: str, name: str, text: str) -> bool:
    if c.action in ("merge", "within", "country"):
        return key == c.key
    if c.action == "alias":
        return matches(c.key, name, text) and key != c.value
    return key == c.key and matches(c.name, name, text)  # split


def _record_entity(applied: list[Applied], c: EntityCorrection, row: int, field: str, old: str, new: str,
                   key: str, merged_name: str | None = None) -> None:  # fmt: skip
    applied.append(Applied(c, row, field, c.action, old, new, c.kind, key, merged_name))


def _correct_org(
    o: OrganisationRecord, c: EntityCorrection, row: int, applied: list[Applied]
) -> OrganisationRecord:
    if not _entity_hit(c, o.key, o.name, o.text):
        return o
    if c.action == "country":
        if o.country == c.value:
            return o
        _record_entity(applied, c, row, "organisation", o.country or "", c.value, o.key)
        return replace(o, country=c.value)
    new = replace(o, key=c.value, fuzzy=False)
    if c.name:
        new = org_named(new, c.name)
    _record_entity(applied, c, row, "organisation", o.key, new.key, new.key,
                   o.name if c.action in ("merge", "alias") and o.name != new.name else None)  # fmt: skip
    return new


def _correct_person(p: PersonRecord, c: EntityCorrection, row: int, applied: list[Applied]) -> PersonRecord:
    if c.action in ("within", "country") or not _entity_hit(c, p.key, p.name, p.text):
        return p
    new = replace(p, key=c.value)
    if c.name:
        new = person_named(new, c.name)
    _record_entity(applied, c, row, "person", p.key, new.key, new.key,
                   p.name if c.action in ("merge", "alias") and p.name != new.name else None)  # fmt: skip
    return new


def _correct_place(p: PlaceRecord, c: EntityCorrection, row: int, applied: list[Applied]) -> PlaceRecord:
    if c.action == "country" or not _entity_hit(c, p.key, p.name, p.text):
        return p
    if c.action == "within":
        if p.parent_key == c.value:
            return p
        gazetteer = load_gazetteer()
        region = gazetteer.region_of(c.value) if c.value in gazetteer else None
        country = gazetteer.get(c.value).country or None if c.value in gazetteer else None
        _record_entity(applied, c, row, "place", p.parent_key or "", c.value, p.key)
        return replace(
            p, parent_key=c.value, region_code=region or p.region_code, country=country or p.country
        )
    new = place_for(c.value, p.text, fallback=p)
    if c.name and not new.in_gazetteer:
        new = replace(new, name=" ".join(c.name.split()))
    _record_entity(applied, c, row, "place", p.key, new.key, new.key,
                   p.name if c.action in ("merge", "alias") and p.name != new.name else None)  # fmt: skip
    return new
