"""Assembly: a RawReport's rows -> EventRecords, by calling each cell's extractor.

Each extractor sees one cell's text and raises CellError when the text cannot be right. One
unreadable value never keeps a row out: a date that cannot be read stands as the report's period,
a count that cannot be read is left out, a place that cannot be placed is kept as text, and the
event carries a flag (``Warning_`` with a ``FlagKind``) naming the column and the text, for review
and correction. Only what would corrupt the graph (a row number missing or repeated) is an
ExtractionError naming file, row and field.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from datetime import date

from coopgraph.ingest.agreements import parse_agreement
from coopgraph.ingest.counts import announces_count, parse_counts, participants_total
from coopgraph.ingest.dates import parse_dates, report_period
from coopgraph.ingest.errors import CellError, ExtractionError
from coopgraph.ingest.event_types import classify_event
from coopgraph.ingest.formats import detect_formats
from coopgraph.ingest.organisations import extract_organisations
from coopgraph.ingest.organisations.roles import person_role, roles_in_cell
from coopgraph.ingest.people import extract_people, position_organisations
from coopgraph.ingest.places import extract_places
from coopgraph.ingest.records import (
    CountKind,
    CountRecord,
    DateInfo,
    EventFormat,
    EventRecord,
    FlagKind,
    OrganisationRecord,
    OrgRole,
    PersonRecord,
    PlaceKind,
    PlaceRecord,
    RawReport,
    RawRow,
    ReportRecord,
    Warning_,
)
from coopgraph.ingest.regions import regions_for
from coopgraph.ingest.report_meta import ReportPeriod, parse_report_title
from coopgraph.ingest.sectors import sector_key

# When one organisation is named several times in a row, its strongest role is kept.
ROLE_STRENGTH: tuple[OrgRole, ...] = (
    OrgRole.PARTY,
    OrgRole.ORGANISER,
    OrgRole.HOST,
    OrgRole.COUNTERPART,
    OrgRole.PARTICIPANT,
    OrgRole.SUPPORTER,
    OrgRole.MENTIONED,
)
_ROW_NUMBER = re.compile(r"\s*№?\s*(\d{1,6})\s*\.?\s*")
# In a signing's title the parties stand between "между" and the subject ("о сотрудничестве").
_BETWEEN = re.compile(r"(?<![а-яё])между\s", re.IGNORECASE)
_SUBJECT_START = re.compile(r"\s(?:о|об)\s+(?!намерениях)[а-яё]", re.IGNORECASE)
_DAMAGED = "\ufffd"  # the replacement character a wrong decoding leaves


def extract_report(raw: RawReport, *, period: ReportPeriod | None = None) -> ReportRecord:
    """All rows of a report as events, with the report's id and period from its title (or
    from `period`, given with `--period`, which replaces the title's)."""
    report_id, period_start, period_end = parse_report_title(raw.title, raw.file_name, period)
    _check_row_numbers(raw)
    events = tuple(
        extract_row(
            row, report_id=report_id, file=raw.file_name, report_start=period_start, report_end=period_end
        )
        for row in raw.rows
    )
    return ReportRecord(
        report_id=report_id,
        title=raw.title,
        period_start=period_start,
        period_end=period_end,
        source=raw,
        events=_bodies_named_in_the_report(events),
    )


def _implied(event: EventRecord) -> set[str]:
    """Keys of the organisations a row has only through a person's position."""
    positions = {p.position for p in event.people if p.position}
    return {o.key for o in event.organisations if o.text in positions}


def _bodies_named_in_the_report(events: tuple[EventRecord, ...]) -> tuple[EventRecord, ...]:
    """A body another row names wins over the table for a position that implies one: a report
    that names "Администрация Брянской области" shows that is the governor's body in its years."""
    implied = [_implied(e) for e in events]
    named = {
        o.key for e, keys in zip(events, implied, strict=True) for o in e.organisations if o.key not in keys
    }
    result = []
    for event, keys in zip(events, implied, strict=True):
        unlinked = any(
            any(c.key in named for c in position_organisations(p.position))
            for p in event.people
            if p.position and p.organisation_key is None
        )
        if unlinked or not keys <= named:
            own = [o for o in event.organisations if o.key not in keys]
            people, organisations = affiliations(event.people, own, preferred=named)
            event = dataclasses.replace(event, people=people, organisations=organisations)
        result.append(event)
    return tuple(result)


def extract_row(
    raw_row: RawRow, *, report_id: str, file: str, report_start: date, report_end: date
) -> EventRecord:
    """One table row as an EventRecord. Raises ExtractionError naming file, row and field."""
    number = row_number(raw_row, file)
    title_cell, place, dates_cell, content, participants = (
        raw_row.cell(c) for c in ("title", "place", "dates", "content", "participants")
    )
    title = " ".join(title_cell.split())
    warnings: list[Warning_] = []

    dates, date_warnings = _dates(dates_cell, report_start, report_end)
    warnings += date_warnings

    formats = detect_formats(title, place, dates_cell, content)
    event_type = classify_event(title, content)
    with _cell(file, number, "place"):
        places = () if EventFormat.WORKING_ORDER in formats else extract_places(place, "place")

    signing = event_type == "agreement-signing"
    organisations = _organisations(file, number, title, place, content, participants, signing=signing)
    warnings += [
        Warning_(
            o.column,
            f"organisation {o.text!r} matched {o.name!r} by an alias or fuzzy rule",
            FlagKind.ORGANISATION_FUZZY,
            o.text,
        )
        for o in organisations
        if o.fuzzy
    ]
    people, organisations = affiliations(_people(file, number, participants, content), organisations)
    hosted = any(o.column == "place" for o in organisations)
    warnings += _place_warnings(place, places, formats, hosted=hosted)

    counts, count_warnings = _counts(participants, content)
    warnings += count_warnings
    warnings += [
        Warning_(
            column,
            f"characters lost to a wrong encoding in {text.strip()!r}",
            FlagKind.TEXT_UNREADABLE,
            text.strip(),
        )
        for column, text in (("title", title), ("content", content), ("participants", participants))
        if _DAMAGED in text
    ]
    total = participants_total(counts)

    agreement = None
    if signing:
        with _cell(file, number, "content"):
            agreement = parse_agreement(
                title,
                content,
                dates,
                tuple(o.key for o in organisations if o.role is OrgRole.PARTY),
                by_correspondence=EventFormat.WORKING_ORDER in formats,
            )
        warnings += [
            Warning_(
                "content",
                f"cannot read the document's date {text!r}: left out",
                FlagKind.AGREEMENT_DATE_UNREADABLE,
                text,
            )
            for text in (agreement.unread_dates if agreement else ())
        ]

    return EventRecord(
        report_id=report_id,
        row_number=number,
        position=raw_row.position,
        line=raw_row.line,
        sector=raw_row.sector,
        sector_key=sector_key(raw_row.sector) if raw_row.sector else None,
        title=title,
        event_type=event_type,
        dates=dates,
        places=places,
        formats=formats,
        organisations=organisations,
        people=people,
        counts=counts,
        participants_total=total,
        agreement=agreement,
        region_codes=_regions(places, organisations, (title, place, content, participants)),
        cells=raw_row.cells,
        warnings=tuple(warnings),
    )


def _regions(
    places: tuple[PlaceRecord, ...], organisations: tuple[OrganisationRecord, ...], texts: tuple[str, ...]
) -> tuple[str, ...]:
    """Regions reached through the places, the organisations that take part, and the areas the
    cells name. An organisation only mentioned in the content (a partner of a past project, a
    national body whose plan was signed) does not bring its seat's region into the event."""
    involved = [o for o in organisations if o.role is not OrgRole.MENTIONED]
    return tuple(regions_for(places, involved, texts))


def row_number(raw_row: RawRow, file: str) -> int:
    """The № п/п cell as an integer ("1." -> 1)."""
    text = raw_row.cell("number")
    m = _ROW_NUMBER.fullmatch(text)
    if m is None or int(m.group(1)) == 0:
        shown = repr(text.strip()) if text.strip() else "empty"
        raise ExtractionError(
            file,
            f"the row number (№ п/п) is {shown}: expected a positive number such as '1.'",
            row=raw_row.position,
            field="number",
        )
    return int(m.group(1))


# --------------------------------------------------------------------------- flags


def _dates(text: str, report_start: date, report_end: date) -> tuple[DateInfo, list[Warning_]]:
    """The dates cell read, or bounded by the report's period when it cannot be read."""
    shown = text.strip()
    try:
        dates = parse_dates(text, report_start=report_start, report_end=report_end)
    except CellError as e:
        dates = report_period(text, report_start, report_end)
        message = f"{e}; the report's period {report_start}..{report_end} stands in"
        return dates, [Warning_("dates", message, FlagKind.DATE_UNREADABLE, shown)]
    warnings = []
    if dates.approximate:
        message = f"vague date {shown!r}: the event lies somewhere in {dates.start}..{dates.end}"
        warnings.append(Warning_("dates", message, FlagKind.DATE_APPROXIMATE, shown))
    if dates.year_inferred and report_start.year != report_end.year:
        covers = f"{report_start.year}-{report_end.year}"
        message = f"no year written: took {dates.start.year}, the report covers {covers}"
        warnings.append(Warning_("dates", message, FlagKind.DATE_YEAR_GUESSED, shown))
    if dates.end < report_start or dates.start > report_end:
        message = f"the event ({dates.start}..{dates.end}) lies outside the report's period"
        warnings.append(Warning_("dates", message, FlagKind.DATE_OUTSIDE_PERIOD, shown))
    return dates, warnings


def _place_warnings(
    cell: str, places: tuple[PlaceRecord, ...], formats: frozenset[EventFormat], *, hosted: bool
) -> list[Warning_]:
    """Venues and street addresses are never in the gazetteer; a settlement or area missing from
    it is news, and so is a place cell in which nothing could be placed (a cell naming only the
    host organisation says where: at its premises)."""
    warnings = [
        Warning_("place", f"place {p.text!r} is not in the gazetteer", FlagKind.PLACE_UNKNOWN, p.text)
        for p in places
        if not p.in_gazetteer and p.kind not in (PlaceKind.VENUE, PlaceKind.ADDRESS)
    ]
    placed = any(p.kind is not PlaceKind.ADDRESS for p in places)
    remote = formats & {
        EventFormat.WORKING_ORDER,
        EventFormat.ONLINE,
        EventFormat.DISTANCE,
        EventFormat.CORRESPONDENCE,
    }
    if cell.strip() and not placed and not remote and not hosted:
        message = f"no place recognised in {cell.strip()!r}: kept as written"
        warnings.append(Warning_("place", message, FlagKind.PLACE_UNREADABLE, cell.strip()))
    return warnings


def _counts(participants: str, content: str) -> tuple[tuple[CountRecord, ...], list[Warning_]]:
    """Counts from the participants cell, else from the content; flagged when a count is
    announced but cannot be read, or when only parts are stated."""
    warnings = []
    counts: tuple[CountRecord, ...] = ()
    for column, text in (("participants", participants), ("content", content)):
        try:
            counts = parse_counts(text, column)
        except CellError as e:
            warnings.append(Warning_(column, str(e), FlagKind.COUNT_UNREADABLE, text.strip()))
            continue
        if counts:
            break
        if column == "participants" and announces_count(text):
            message = f"a count is announced in {text.strip()!r} but no number could be read"
            warnings.append(Warning_(column, message, FlagKind.COUNT_UNREADABLE, text.strip()))
    parts_only = [c for c in counts if c.kind is CountKind.PART]
    if parts_only and not any(c.kind is CountKind.TOTAL for c in counts):
        parts = " + ".join(str(c.value) for c in parts_only)
        total = participants_total(counts)
        message = f"no total stated: participants = {parts} = {total}"
        spans = " | ".join(c.text for c in parts_only)
        warnings.append(Warning_(parts_only[0].column, message, FlagKind.COUNT_SUM_OF_PARTS, spans))
    return counts, warnings


# --------------------------------------------------------------------------- helpers


@contextmanager
def _cell(file: str, row: int, column: str) -> Iterator[None]:
    try:
        yield
    except CellError as e:
        raise ExtractionError(file, str(e), row=row, field=column) from None


def _check_row_numbers(raw: RawReport) -> None:
    seen: dict[int, RawRow] = {}
    for row in raw.rows:
        number = row_number(row, raw.file_name)
        if number in seen:
            first = seen[number]
            raise ExtractionError(
                raw.file_name,
                f"row number {number} appears twice: in the rows starting at line {first.line} "
                f"(position {first.position}) and line {row.line} (position {row.position})",
                row=number,
                field="number",
            )
        seen[number] = row


def _organisations(
    file: str, row: int, title: str, place: str, content: str, participants: str, *, signing: bool
) -> tuple[OrganisationRecord, ...]:
    found: list[OrganisationRecord] = []
    with _cell(file, row, "title"):
        in_title = extract_organisations(title, "title", OrgRole.PARTICIPANT)
        if signing:
            found += [
                dataclasses.replace(o, role=OrgRole.PARTY if _is_party(title, o.text) else OrgRole.MENTIONED)
                for o in in_title
            ]
        else:
            found += roles_in_cell(title, in_title)
    with _cell(file, row, "place"):
        found += extract_organisations(place, "place", OrgRole.HOST)
    for column, text, default in (
        ("content", content, OrgRole.MENTIONED),
        ("participants", participants, OrgRole.PARTICIPANT),
    ):
        with _cell(file, row, column):
            found += roles_in_cell(text, extract_organisations(text, column, default))
    return _dedupe_organisations(found)


def _is_party(title: str, span: str) -> bool:
    """A signatory is named between "между" and the subject, outside parentheses
    ("(учредитель – австрийская компания «EGGER»)" names a founder, not a party)."""
    between = _BETWEEN.search(title)
    position = title.find(" ".join(span.split()))
    if between is None or position < 0:
        return between is None  # no "между": every organisation in the title signs
    subject = _SUBJECT_START.search(title, between.end())
    end = subject.start() if subject else len(title)
    depth = title[:position].count("(") - title[:position].count(")")
    return between.end() <= position < end and depth <= 0


def _dedupe_organisations(found: Iterable[OrganisationRecord]) -> tuple[OrganisationRecord, ...]:
    """One record per organisation key: the earliest mention, with the strongest role seen."""
    kept: dict[str, OrganisationRecord] = {}
    for org in found:
        first = kept.get(org.key)
        if first is None:
            kept[org.key] = org
        elif ROLE_STRENGTH.index(org.role) < ROLE_STRENGTH.index(first.role):
            kept[org.key] = dataclasses.replace(first, role=org.role)
    return tuple(kept.values())


def affiliations(
    people: Iterable[PersonRecord],
    organisations: Iterable[OrganisationRecord],
    *,
    preferred: Collection[str] = (),
) -> tuple[tuple[PersonRecord, ...], tuple[OrganisationRecord, ...]]:
    """Each person's body, and that body among the row's organisations.

    A position may imply a body no cell names: "Губернатор Брянской области" belongs to the
    Правительство Брянской области, "Заместитель Губернатора Смоленской области" to the
    Администрация Смоленской области. Of the bodies a position may belong to, one the row names
    wins; else one of ``preferred`` (the keys other rows of the report name); else the likeliest
    (``people.position_organisations``); else (a governor of a region whose executive is not
    known) the person has no affiliation.

    The chosen body joins the row's organisations when no cell names it: the governor's body
    takes part through him, so it gets his role (participant when he is in the participants
    column, mentioned otherwise: the rule MODEL.md gives for people), and its source text is
    his position. We chose this over dropping the affiliation: the link says whom the person
    represents, and the body is then described (name, type, country, region) like any other,
    so the report graph never points at an organisation it does not describe.
    """
    found = {o.key: o for o in organisations}
    resolved = []
    for person in people:
        candidates = position_organisations(person.position) if person.position else ()
        chosen = (
            next((c for c in candidates if c.key in found), None)
            or next((c for c in candidates if c.key in preferred), None)
            or next((c for c in candidates if c.key == person.organisation_key), None)
        )
        if chosen is not None and chosen.key not in found:
            role = OrgRole.PARTICIPANT if person.column == "participants" else OrgRole.MENTIONED
            found[chosen.key] = dataclasses.replace(
                # `position` is set: the candidates come from it
                chosen,
                role=role,
                column=person.column,
                text=person.position or "",
            )
        resolved.append(dataclasses.replace(person, organisation_key=chosen.key if chosen else None))
    return tuple(resolved), tuple(found.values())


def _people(file: str, row: int, participants: str, content: str) -> tuple[PersonRecord, ...]:
    kept: dict[str, PersonRecord] = {}
    for column, text in (("participants", participants), ("content", content)):
        with _cell(file, row, column):
            for person in extract_people(text, column):
                if column != "participants":
                    person = dataclasses.replace(person, role=person_role(text, person.text))
                first = kept.get(person.key)
                if first is None:
                    kept[person.key] = person
                elif first.position is None and person.position is not None:
                    kept[person.key] = dataclasses.replace(first, position=person.position)
    return tuple(kept.values())
