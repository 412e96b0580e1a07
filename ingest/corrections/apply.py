"""Apply corrections (``coopgraph.ingest.corrections.files``) to a report's extracted records.

Pure and deterministic: the same records and the same correction files give the same result.
Records are frozen; corrected ones are new records made with ``dataclasses.replace``. Every
change is listed as an ``Applied`` (the provenance ``coopgraph.ingest.corrections.rdf`` writes),
every correction that finds nothing to change as a ``Stale`` warning. Entity corrections are
applied by ``coopgraph.ingest.corrections.apply_entities``, first; the row corrections here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from coopgraph.ingest.corrections.apply_entities import apply_entity_corrections
from coopgraph.ingest.corrections.edits import (
    KEY,
    Applied,
    CorrectionResult,
    Stale,
    dedupe,
    matches,
    norm,
    org_named,
    person_named,
    place_for,
    with_parties,
    with_regions,
)
from coopgraph.ingest.corrections.files import CorrectionSet, RowCorrection
from coopgraph.ingest.event_types import EVENT_TYPES
from coopgraph.ingest.gazetteer import load_gazetteer
from coopgraph.ingest.organisations import organisation_key
from coopgraph.ingest.records import (
    FLAG_FIELDS,
    DateInfo,
    EventRecord,
    OrganisationRecord,
    OrgRole,
    Period,
    PersonRecord,
    PlaceRecord,
    Precision,
    ReportRecord,
    Warning_,
)
from coopgraph.iris import slugify

_REGION = re.compile(r"^[A-Z]{2}-[A-Z0-9]{2,3}$")


def apply_corrections(report: ReportRecord, corrections: CorrectionSet) -> CorrectionResult:
    """The report with its corrections applied: entity corrections first, then its rows'."""
    applied: list[Applied] = []
    stale: list[Stale] = []
    events = [apply_entity_corrections(e, corrections.entities, applied) for e in report.events]
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
    if not KEY.match(value):
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
    hits = [i for i, (key, name, text) in enumerate(shown) if c.match and matches(c.match, key, name, text)]
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
    kept = dedupe(tuple(items)) if c.field != "region" else tuple(dict.fromkeys(items))
    changed: dict[str, Any] = {attr: kept}  # the field's attribute, known only at run time
    event = replace(event, **changed)
    if c.field == "organisation":
        event = with_parties(event)
        event = with_regions(event, tuple(o for o in event.organisations if o.region_code))
    elif c.field == "place":
        event = with_regions(event, event.places)
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
        return place_for(value, text, fallback=old if isinstance(old, PlaceRecord) else None)
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
    if KEY.match(name):  # an existing key: the report's own record of it, else the old record re-keyed
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
        new = org_named(replace(template, key=organisation_key(name), fuzzy=False, place_key=None,
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
    if KEY.match(name):
        base = known.people.get(name)
        if base is None:
            raise _CannotApply(f"person {name!r} is not in this report: give the name as А.Б. Фамилия")
        new = base
    else:
        template = old or PersonRecord(key="", name="", initials="", surname="", text=name)
        new = person_named(replace(template, key=slugify(" ".join(name.split()))), name)
        if old is None:
            new = replace(new, text=new.name)
    if old is not None:
        new = replace(new, text=old.text, column=old.column, position=old.position)
    return replace(new, position=position) if position else new
