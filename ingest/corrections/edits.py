"""What applying corrections gives (``Applied`` changes, ``Stale`` warnings, the corrected
record) and the record edits that entity and row corrections share (matching a spelling, naming
an organisation or a person, finding a place, keeping regions and parties in step).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from coopgraph.ingest.corrections.files import EntityCorrection, RowCorrection
from coopgraph.ingest.errors import ReportError
from coopgraph.ingest.gazetteer import load_gazetteer
from coopgraph.ingest.organisations import split_legal_form, unquote
from coopgraph.ingest.records import (
    EventRecord,
    OrganisationRecord,
    OrgRole,
    PersonRecord,
    PlaceKind,
    PlaceRecord,
    ReportRecord,
)
from coopgraph.iris import slugify

Correction = RowCorrection | EntityCorrection
KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_PERSON = re.compile(r"^((?:[А-ЯЁA-Z][а-яёa-z]?\.\s?){1,3})\s*(\S.*)$")


@dataclass(frozen=True)
class Applied:
    """One change a correction made to one event (entity corrections: one per event touched)."""

    correction: Correction
    row: int
    field: str
    action: str
    replaced: str  # the value before ("" when something was added)
    new: str  # the value after ("" when something was removed)
    entity_kind: str | None = None  # "org" | "person" | "place" for changes of an entity
    entity_key: str | None = None  # the entity's key after the change
    merged_name: str | None = None  # merge/alias: the merged-away spelling, kept as skos:altLabel


@dataclass(frozen=True)
class Stale:
    correction: Correction
    row: int | None
    field: str
    message: str

    def as_error(self) -> ReportError:
        return ReportError(self.correction.file, self.message, row=self.row, field=self.field)


@dataclass(frozen=True)
class CorrectionResult:
    record: ReportRecord
    applied: tuple[Applied, ...]
    stale: tuple[Stale, ...]


def norm(text: str) -> str:
    """Spelling-insensitive form for matching: case, runs of spaces and ё/е do not matter."""
    return " ".join(text.replace("ё", "е").replace("Ё", "Е").split()).casefold()


def matches(match: str, *candidates: str | None) -> bool:
    wanted = norm(match)
    return any(c is not None and norm(c) == wanted for c in candidates)


def dedupe(records: tuple) -> tuple:
    """One record per (key, role/column): a merge can make two records the same entity."""
    seen: set[tuple] = set()
    kept = []
    for r in records:
        ident = (r.key, getattr(r, "role", None), getattr(r, "column", None))
        if ident not in seen:
            seen.add(ident)
            kept.append(r)
    return tuple(kept)


def org_named(o: OrganisationRecord, name: str) -> OrganisationRecord:
    legal_form, short = split_legal_form(name)
    short_name = unquote(short) if short[:1] in '«„“"' else short
    return replace(o, name=" ".join(name.split()), short_name=short_name, legal_form=legal_form)


def person_named(p: PersonRecord, name: str) -> PersonRecord:
    name = " ".join(name.split())
    m = _PERSON.match(name)
    initials, surname = (m.group(1).replace(" ", ""), m.group(2)) if m else ("", name)
    return replace(p, name=name, initials=initials, surname=surname)


def place_for(value: str, text: str, fallback: PlaceRecord | None = None) -> PlaceRecord:
    """A place record for a gazetteer key or name; else a place outside the gazetteer."""
    gazetteer = load_gazetteer()
    entry = gazetteer.get(value) if value in gazetteer else gazetteer.find(value, exact=True)
    if entry is not None:
        return PlaceRecord(
            key=entry.key,
            name=entry.name_ru,
            kind=PlaceKind(entry.kind),
            text=text,
            settlement_type=entry.settlement_type or None,
            parent_key=entry.parent or None,
            region_code=gazetteer.region_of(entry.key),
            country=entry.country or (entry.iso_code if entry.kind == "country" else None),
            in_gazetteer=True,
        )
    if fallback is not None and KEY.match(value):
        return replace(fallback, key=value, in_gazetteer=False)
    name = " ".join(value.split())
    kind = PlaceKind.SETTLEMENT if re.match(r"^(г|д|пос|с|аг|пгт)\.\s", name) else PlaceKind.VENUE
    return PlaceRecord(key=slugify(name), name=name, kind=kind, text=text, in_gazetteer=False)


def with_regions(event: EventRecord, places: tuple[PlaceRecord | OrganisationRecord, ...]) -> EventRecord:
    """The event's regions with those of `places` (places, or organisations with a known region)."""
    codes = list(event.region_codes)
    for p in places:
        if p.region_code and p.region_code not in codes:
            codes.append(p.region_code)
    return replace(event, region_codes=tuple(codes))


def with_parties(event: EventRecord) -> EventRecord:
    """Keep an agreement's parties in step with the organisations that sign it."""
    if event.agreement is None:
        return event
    parties = tuple(dict.fromkeys(o.key for o in event.organisations if o.role is OrgRole.PARTY))
    return replace(event, agreement=replace(event.agreement, party_keys=parties))
