"""Apply corrections (``coopgraph.corrections``) to a report's extracted records.

Pure and deterministic: the same records and the same correction files give the same result.
Records are frozen; corrected ones are new records made with ``dataclasses.replace``. Every
change is listed as an ``Applied`` (the provenance ``coopgraph.correction_rdf`` writes), every
correction that finds nothing to change as a ``Stale`` warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from coopgraph.corrections import CorrectionSet, EntityCorrection, RowCorrection
from coopgraph.ingest.errors import ReportError
from coopgraph.ingest.event_types import EVENT_TYPES
from coopgraph.ingest.gazetteer import load_gazetteer
from coopgraph.ingest.organisations import organisation_key, split_legal_form, unquote
from coopgraph.ingest.records import (
    FLAG_FIELDS,
    DateInfo,
    EventRecord,
    OrganisationRecord,
    OrgRole,
    Period,
    PersonRecord,
    PlaceKind,
    PlaceRecord,
    Precision,
    ReportRecord,
    Warning_,
)
from coopgraph.iris import slugify

Correction = RowCorrection | EntityCorrection
_KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_REGION = re.compile(r"^[A-Z]{2}-[A-Z0-9]{2,3}$")
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


def _matches(match: str, *candidates: str | None) -> bool:
    wanted = norm(match)
    return any(c is not None and norm(c) == wanted for c in candidates)


# --------------------------------------------------------------------------- entry point


def apply_corrections(report: ReportRecord, corrections: CorrectionSet) -> CorrectionResult:
    """The report with its corrections applied: entity corrections first, then its rows'."""
    applied: list[Applied] = []
    stale: list[Stale] = []
    events = [_apply_entities(e, corrections.entities, applied) for e in report.events]
    by_row = {e.row_number: i for i, e in enumerate(events)}
    known = _Known.of(events)
    for c in corrections.for_report(report.report_id):
        if c.row not in by_row:
            stale.append(
                Stale(c, None, c.field, f"stale correction {c.where}: row {c.row} is not in the report")
            )
            continue
        i = by_row[c.row]
        events[i] = _apply_row(events[i], c, known, applied, stale)
    # A correction that applies settles the flags on its field, even one that confirms the value.
    stale_ones = {id(s.correction) for s in stale}
    settling = [(c.row, c.field) for c in corrections.for_report(report.report_id) if id(c) not in stale_ones]
    settling += [(a.row, a.field) for a in applied]
    events = [_settled(e, {f for r, f in settling if r == e.row_number}) for e in events]
    # Stale corrections of an existing row stay visible on the row (cg:warning) for review.
    for s in stale:
        if s.row is not None:
            i = by_row[s.row]
            events[i] = replace(events[i], warnings=(*events[i].warnings, Warning_(s.field, s.message)))
    return CorrectionResult(replace(report, events=tuple(events)), tuple(applied), tuple(stale))


def _settled(event: EventRecord, fields: set[str]) -> EventRecord:
    """A correction of a field settles the review flags on it ("date-unreadable" by a start or
    end set by hand): the value is now a person's, not the extractor's guess."""
    kept = tuple(w for w in event.warnings if w.kind is None or not fields & set(FLAG_FIELDS[w.kind]))
    return event if kept == event.warnings else replace(event, warnings=kept)


# --------------------------------------------------------------------------- entity corrections


def _apply_entities(
    event: EventRecord, corrections: tuple[EntityCorrection, ...], applied: list[Applied]
) -> EventRecord:
    before = event
    for c in corrections:
        if c.kind == "org":
            orgs = tuple(_correct_org(o, c, event.row_number, applied) for o in event.organisations)
            if orgs != event.organisations:
                keys = _key_changes(event.organisations, orgs)
                people = tuple(
                    replace(p, organisation_key=keys.get(p.organisation_key, p.organisation_key))
                    for p in event.people
                )
                event = replace(event, organisations=_dedupe(orgs), people=people)
        elif c.kind == "person":
            people = tuple(_correct_person(p, c, event.row_number, applied) for p in event.people)
            if people != event.people:
                event = replace(event, people=_dedupe(people))
        else:
            places = tuple(_correct_place(p, c, event.row_number, applied) for p in event.places)
            if places != event.places:
                event = replace(event, places=_dedupe(places))
                event = _with_regions(event, places)
    return _with_parties(event) if event.organisations != before.organisations else event


def _key_changes(old: tuple, new: tuple) -> dict[str, str]:
    return {a.key: b.key for a, b in zip(old, new, strict=True) if a.key != b.key}


def _dedupe(records: tuple) -> tuple:
    """One record per (key, role/column): a merge can make two records the same entity."""
    seen: set[tuple] = set()
    kept = []
    for r in records:
        ident = (r.key, getattr(r, "role", None), getattr(r, "column", None))
        if ident not in seen:
            seen.add(ident)
            kept.append(r)
    return tuple(kept)


def _entity_hit(c: EntityCorrection, key: str, name: str, text: str) -> bool:
    if c.action in ("merge", "within", "country"):
        return key == c.key
    if c.action == "alias":
        return _matches(c.key, name, text) and key != c.value
    return key == c.key and _matches(c.name, name, text)  # split


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
        new = _org_named(new, c.name)
    _record_entity(applied, c, row, "organisation", o.key, new.key, new.key,
                   o.name if c.action in ("merge", "alias") and o.name != new.name else None)  # fmt: skip
    return new


def _org_named(o: OrganisationRecord, name: str) -> OrganisationRecord:
    legal_form, short = split_legal_form(name)
    short_name = unquote(short) if short[:1] in '«„“"' else short
    return replace(o, name=" ".join(name.split()), short_name=short_name, legal_form=legal_form)


def _correct_person(p: PersonRecord, c: EntityCorrection, row: int, applied: list[Applied]) -> PersonRecord:
    if c.action in ("within", "country") or not _entity_hit(c, p.key, p.name, p.text):
        return p
    new = replace(p, key=c.value)
    if c.name:
        new = _person_named(new, c.name)
    _record_entity(applied, c, row, "person", p.key, new.key, new.key,
                   p.name if c.action in ("merge", "alias") and p.name != new.name else None)  # fmt: skip
    return new


def _person_named(p: PersonRecord, name: str) -> PersonRecord:
    name = " ".join(name.split())
    m = _PERSON.match(name)
    initials, surname = (m.group(1).replace(" ", ""), m.group(2)) if m else ("", name)
    return replace(p, name=name, initials=initials, surname=surname)


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
    new = _place_for(c.value, p.text, fallback=p)
    if c.name and not new.in_gazetteer:
        new = replace(new, name=" ".join(c.name.split()))
    _record_entity(applied, c, row, "place", p.key, new.key, new.key,
                   p.name if c.action in ("merge", "alias") and p.name != new.name else None)  # fmt: skip
    return new


def _place_for(value: str, text: str, fallback: PlaceRecord | None = None) -> PlaceRecord:
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
    if fallback is not None and _KEY.match(value):
        return replace(fallback, key=value, in_gazetteer=False)
    name = " ".join(value.split())
    kind = PlaceKind.SETTLEMENT if re.match(r"^(г|д|пос|с|аг|пгт)\.\s", name) else PlaceKind.VENUE
    return PlaceRecord(key=slugify(name), name=name, kind=kind, text=text, in_gazetteer=False)


def _with_regions(event: EventRecord, places: tuple[PlaceRecord, ...]) -> EventRecord:
    codes = list(event.region_codes)
    for p in places:
        if p.region_code and p.region_code not in codes:
            codes.append(p.region_code)
    return replace(event, region_codes=tuple(codes))


def _with_parties(event: EventRecord) -> EventRecord:
    """Keep an agreement's parties in step with the organisations that sign it."""
    if event.agreement is None:
        return event
    parties = tuple(dict.fromkeys(o.key for o in event.organisations if o.role is OrgRole.PARTY))
    return replace(event, agreement=replace(event.agreement, party_keys=parties))


# --------------------------------------------------------------------------- row corrections


@dataclass
class _Known:
    """Entities of the whole report by key: `same-as KEY` takes the name the report gives KEY."""

    orgs: dict[str, OrganisationRecord]
    people: dict[str, PersonRecord]

    @classmethod
    def of(cls, events: list[EventRecord]) -> _Known:
        orgs: dict[str, OrganisationRecord] = {}
        people: dict[str, PersonRecord] = {}
        for e in events:
            for o in e.organisations:
                orgs.setdefault(o.key, o)
            for p in e.people:
                people.setdefault(p.key, p)
        return cls(orgs, people)


def scalar_value(event: EventRecord, field: str) -> str:
    """A single-valued field as text (what ``match`` of a ``set`` is compared with)."""
    value: object = {
        "title": event.title,
        "sector": event.sector_key,
        "type": event.event_type,
        "start": event.dates.start,
        "end": event.dates.end,
        "participants": event.participants_total,
    }[field]
    return "" if value is None else str(value)


def list_items(event: EventRecord, field: str) -> list[tuple[str, str, str]]:
    """A list field's items as (key, name, text as written)."""
    if field == "organisation":
        return [(o.key, o.name, o.text) for o in event.organisations]
    if field == "person":
        return [(p.key, p.name, p.text) for p in event.people]
    if field == "place":
        return [(p.key, p.name, p.text) for p in event.places]
    return [(code, code, code) for code in event.region_codes]


class _CannotApply(ValueError):
    """The value of a correction cannot be used (reported, the correction skipped)."""


def _apply_row(event: EventRecord, c: RowCorrection, known: _Known, applied: list[Applied],
               stale: list[Stale]) -> EventRecord:  # fmt: skip
    try:
        if c.action == "set":
            current = scalar_value(event, c.field)
            if c.match and norm(c.match) != norm(current):
                stale.append(Stale(c, c.row, c.field, f"stale correction {c.where}: row {c.row}, {c.field}: "
                                   f"expected {c.match!r}, found {current!r}"))  # fmt: skip
                return event
            new_event = SETTERS[c.field](event, c.value.strip())
            new = scalar_value(new_event, c.field)
            if new != current:
                applied.append(Applied(c, c.row, c.field, "set", current, new))
            return new_event
        return _apply_list(event, c, known, applied, stale)
    except _CannotApply as exc:
        stale.append(
            Stale(c, c.row, c.field, f"correction {c.where} not applied: row {c.row}, {c.field}: {exc}")
        )
        return event


def _set_title(event: EventRecord, value: str) -> EventRecord:
    return replace(event, title=" ".join(value.split()))


def _set_sector(event: EventRecord, value: str) -> EventRecord:
    if not _KEY.match(value):
        raise _CannotApply(f"sector {value!r} is not a concept key such as culture")
    return replace(event, sector_key=value)


def _set_type(event: EventRecord, value: str) -> EventRecord:
    if value not in EVENT_TYPES:
        raise _CannotApply(f"event type {value!r} is not one of {', '.join(EVENT_TYPES)}")
    return replace(event, event_type=value)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _CannotApply(f"{value!r} is not a date as YYYY-MM-DD") from None


def _with_dates(event: EventRecord, start: date, end: date) -> EventRecord:
    if start > end:
        raise _CannotApply(f"the start {start} would be after the end {end}")
    periods = tuple(
        Period(max(p.start, start), min(p.end, end), p.precision)
        for p in event.dates.periods
        if p.end >= start and p.start <= end
    ) or (Period(start, end, Precision.DAY),)
    dates: DateInfo = replace(event.dates, start=start, end=end, periods=periods)
    return replace(event, dates=dates)


def _set_start(event: EventRecord, value: str) -> EventRecord:
    return _with_dates(event, _day(value), event.dates.end)


def _set_end(event: EventRecord, value: str) -> EventRecord:
    return _with_dates(event, event.dates.start, _day(value))


def _set_participants(event: EventRecord, value: str) -> EventRecord:
    if not value:
        return replace(event, participants_total=None)
    if not value.isdigit():
        raise _CannotApply(f"participants {value!r} is not a whole number")
    return replace(event, participants_total=int(value))


SETTERS: dict[str, Callable[[EventRecord, str], EventRecord]] = {
    "title": _set_title,
    "sector": _set_sector,
    "type": _set_type,
    "start": _set_start,
    "end": _set_end,
    "participants": _set_participants,
}


def _apply_list(event: EventRecord, c: RowCorrection, known: _Known, applied: list[Applied],
                stale: list[Stale]) -> EventRecord:  # fmt: skip
    attr = {"organisation": "organisations", "person": "people", "place": "places", "region": "region_codes"}[
        c.field
    ]
    items = list(getattr(event, attr))
    shown = list_items(event, c.field)
    hits = [i for i, (key, name, text) in enumerate(shown) if c.match and _matches(c.match, key, name, text)]
    if c.action in ("remove", "same-as") and not hits:
        found = "; ".join(name for _, name, _ in shown) or "nothing"
        stale.append(Stale(c, c.row, c.field, f"stale correction {c.where}: row {c.row}, {c.field}: "
                           f"{c.match!r} is not there (found: {found})"))  # fmt: skip
        return event
    if c.action == "remove":
        for i in hits:
            applied.append(Applied(c, c.row, c.field, "remove", shown[i][1], ""))
        items = [x for i, x in enumerate(items) if i not in hits]
    elif c.action == "add":
        new = _new_item(c.field, c.value, known, None)
        items.append(new)
        applied.append(Applied(c, c.row, c.field, "add", "", _item_name(new)))
    else:  # same-as
        for i in hits:
            new = _new_item(c.field, c.value, known, items[i])
            applied.append(Applied(c, c.row, c.field, "same-as", shown[i][1], _item_name(new)))
            items[i] = new
    event = replace(
        event, **{attr: _dedupe(tuple(items)) if c.field != "region" else tuple(dict.fromkeys(items))}
    )
    if c.field == "organisation":
        event = _with_parties(event)
        event = _with_regions(event, tuple(o for o in event.organisations if o.region_code))  # type: ignore[arg-type]
    elif c.field == "place":
        event = _with_regions(event, event.places)
    return event


def _item_name(item: object) -> str:
    return item if isinstance(item, str) else item.name  # type: ignore[attr-defined]


def _new_item(field: str, value: str, known: _Known, old: object | None) -> object:
    value = value.strip()
    if field == "region":
        if not _REGION.match(value) or value.lower() not in load_gazetteer():
            raise _CannotApply(f"region {value!r} is not an ISO 3166-2 code of the gazetteer (BY-VI)")
        return value
    if field == "place":
        text = old.text if isinstance(old, PlaceRecord) else value
        return _place_for(value, text, fallback=old if isinstance(old, PlaceRecord) else None)
    if field == "person":
        return _new_person(value, known, old if isinstance(old, PersonRecord) else None)
    return _new_org(value, known, old if isinstance(old, OrganisationRecord) else None)


def _new_org(value: str, known: _Known, old: OrganisationRecord | None) -> OrganisationRecord:
    parts = [p.strip() for p in value.split("|")]
    name, country, role = parts[0], (parts[1] if len(parts) > 1 else ""), (parts[2] if len(parts) > 2 else "")
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        raise _CannotApply(f"country {country!r} is not an ISO 3166-1 alpha-2 code such as BY")
    if role and role not in {r.value for r in OrgRole}:
        raise _CannotApply(f"role {role!r} is not one of {', '.join(r.value for r in OrgRole)}")
    if _KEY.match(name):  # an existing key: the report's own record of it, else the old record re-keyed
        base = known.orgs.get(name)
        if base is None and old is None:
            raise _CannotApply(f"organisation {name!r} is not in this report: give its name, e.g. name|BY")
        template = base or old
        assert template is not None
        new = replace(template, key=name, fuzzy=False)
        if old is not None:
            new = replace(new, text=old.text, role=old.role, column=old.column)
    else:
        template = old or OrganisationRecord(
            key="", name="", short_name="", legal_form=None, country=None, text=name,
            role=OrgRole.PARTICIPANT, column="participants",
        )  # fmt: skip
        new = _org_named(replace(template, key=organisation_key(name), fuzzy=False, place_key=None,
                                 region_code=None), name)  # fmt: skip
        if old is None:
            new = replace(new, text=new.name)
    if country:
        new = replace(new, country=country)
    if role:
        new = replace(new, role=OrgRole(role))
    return new


def _new_person(value: str, known: _Known, old: PersonRecord | None) -> PersonRecord:
    name, _, position = (p.strip() for p in value.partition("|"))
    if _KEY.match(name):
        base = known.people.get(name)
        if base is None:
            raise _CannotApply(f"person {name!r} is not in this report: give the name as А.Б. Фамилия")
        new = base
    else:
        template = old or PersonRecord(key="", name="", initials="", surname="", text=name)
        new = _person_named(replace(template, key=slugify(" ".join(name.split()))), name)
        if old is None:
            new = replace(new, text=new.name)
    if old is not None:
        new = replace(new, text=old.text, column=old.column, position=old.position)
    return replace(new, position=position) if position else new
