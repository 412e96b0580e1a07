"""Typed records: what the readers and extractors hand on, before anything becomes RDF.

The flow is ``RawReport`` (reader output: cleaned cell texts) -> ``EventRecord`` per row
(extractor output: typed values that keep their source text) -> RDF (``ingest.to_rdf``).
Every record is plain data: frozen dataclasses, no RDF, no I/O.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

# The six columns of the report template, in order. Field names used in error messages.
COLUMNS: tuple[str, ...] = ("number", "title", "place", "dates", "content", "participants")
COLUMN_LABELS_RU: dict[str, str] = {
    "number": "№ п/п",
    "title": "Наименование мероприятия",
    "place": "Место проведения мероприятия",
    "dates": "Сроки проведения мероприятия",
    "content": "Содержание мероприятия и результат",
    "participants": "Участники мероприятия",
}


# --------------------------------------------------------------------------- reader output


@dataclass(frozen=True)
class RawRow:
    """One data row of the report table, cells cleaned of Word debris (see ``ingest.cleaning``)."""

    position: int  # 1-based position among the data rows of the table
    line: int  # text dump: line where the row starts; DOCX: 1-based table row index
    sector: str | None  # text of the nearest section-header row above, cleaned
    cells: tuple[str, ...]  # exactly six cells, in COLUMNS order; lines joined with "\n"

    def cell(self, column: str) -> str:
        return self.cells[COLUMNS.index(column)]


@dataclass(frozen=True)
class RawReport:
    path: str  # as given by the user
    file_name: str  # base name, kept in provenance
    media_type: str  # "text/plain; charset=…", or the DOCX or ODT media type
    encoding: str | None  # "utf-8" / "utf-16" / "windows-1251" for text dumps, None for DOCX and ODT
    sha256: str  # of the file bytes
    title: str  # the heading above the table, lines joined with " "
    rows: tuple[RawRow, ...]

    @classmethod
    def of_file(
        cls, path: str | os.PathLike[str], data: bytes, *, media_type: str, encoding: str | None,
        title: str, rows: tuple[RawRow, ...],
    ) -> RawReport:  # fmt: skip
        """What every reader hands on: the path as given, its base name and the bytes' SHA-256."""
        return cls(
            path=str(path), file_name=Path(path).name, media_type=media_type, encoding=encoding,
            sha256=hashlib.sha256(data).hexdigest(), title=title, rows=rows,
        )  # fmt: skip


# --------------------------------------------------------------------------- extracted values


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    HALF_YEAR = "half-year"
    QUARTER = "quarter"
    YEAR = "year"


@dataclass(frozen=True)
class Period:
    """A closed interval of days. ``precision`` says how it was written (a day, a month...)."""

    start: date
    end: date
    precision: Precision


@dataclass(frozen=True)
class DateInfo:
    text: str  # the source cell text, as read
    start: date  # earliest day of all periods
    end: date  # latest day of all periods
    # The separate days or months when the cell lists them ("март, май" -> two periods;
    # "31.03.2020\n09.04.2020" -> five days). A single range gives one period.
    periods: tuple[Period, ...]
    year_inferred: bool = False  # True when no year was written and the report's year was used
    # True when the cell names a span the event lies somewhere in rather than its days: a
    # quarter, a half-year, a year, months over more than one month, "ежемесячно".
    approximate: bool = False


class PlaceKind(StrEnum):
    COUNTRY = "country"
    REGION = "region"  # oblast, or Minsk city as a first-level unit
    DISTRICT = "district"
    SETTLEMENT = "settlement"  # г., д., пос., с., аг., пгт ...
    VENUE = "venue"  # a building or site: ДС «Юбилейный», Дом космонавтов
    ADDRESS = "address"  # a street address: ул. Черняховского, д. 29


@dataclass(frozen=True)
class PlaceRecord:
    key: str  # gazetteer id ("smolensk", "by-ho") or a slug for places not in it
    name: str  # nominative: "Смоленск", "Гомельская область", "ДС «Юбилейный»"
    kind: PlaceKind
    text: str  # the span as written in the cell ("г. Кричева")
    settlement_type: str | None = None  # "г.", "д.", "пос." ... for settlements
    parent_key: str | None = None  # containing place (district/region/country), if known
    region_code: str | None = None  # ISO 3166-2 of the first-level region, e.g. "BY-MA"
    country: str | None = None  # ISO 3166-1 alpha-2
    in_gazetteer: bool = True


class OrgRole(StrEnum):
    PARTICIPANT = "participant"
    ORGANISER = "organiser"
    HOST = "host"  # named as the place / venue
    PARTY = "party"  # a signatory of an agreement
    SUPPORTER = "supporter"  # "при поддержке ..."
    COUNTERPART = "counterpart"  # the other side named in the text: "контракт с ОАО «…»", "матч между …"
    MENTIONED = "mentioned"  # named in the content only


@dataclass(frozen=True)
class OrganisationRecord:
    key: str  # canonical key: same organisation -> same key across rows and reports
    name: str  # nominative full name as usually written, with the legal form: "СОГБУК «Музей Ю.А. Гагарина»"
    short_name: str  # without legal form: "Музей Ю.А. Гагарина"
    legal_form: str | None  # "СОГБУК", "ООО", "УО" ... None for bodies without one
    country: str | None  # ISO 3166-1 alpha-2: "RU", "BY", "AT" ...
    text: str  # the span as written ("Гомельским областным исполнительным комитетом")
    role: OrgRole = OrgRole.PARTICIPANT
    column: str = "participants"  # which cell it was found in (one of COLUMNS)
    place_key: str | None = None  # seat, when known (gazetteer key)
    region_code: str | None = None  # ISO 3166-2 of its first-level region, when known
    founder_country: str | None = None  # "учредитель – австрийская компания" -> "AT"
    fuzzy: bool = False  # matched by a fuzzy / alias rule rather than exactly


@dataclass(frozen=True)
class PersonRecord:
    key: str  # "a-v-ostrovskii"
    name: str  # "А.В. Островский"
    initials: str  # "А.В."
    surname: str  # nominative: "Островский"
    text: str  # as written
    position: str | None = None  # nominative, as written before the name: "Губернатор Смоленской области"
    organisation_key: str | None = None  # when the position names one
    column: str = "participants"
    role: OrgRole | None = None  # from the words before the name; None: by column (see to_rdf)


class CountKind(StrEnum):
    TOTAL = "total"  # the stated total for the event
    PART = "part"  # one group of several ("6 представителей ... и 13 обучающихся")
    INCLUDED = "included"  # a group within the total ("всего 287 ..., в том числе 12 ...")


class Bound(StrEnum):
    EXACT = "exact"
    LOWER = "lower"  # более, свыше, не менее
    APPROXIMATE = "approximate"  # около, порядка


@dataclass(frozen=True)
class CountRecord:
    value: int
    kind: CountKind
    bound: Bound
    text: str  # "общее количество – 128 человек"
    unit: str  # nominative noun: "человек", "автор", "представитель"
    column: str = "participants"


@dataclass(frozen=True)
class AgreementRecord:
    kind: str  # "agreement", "supplementary-agreement", "intent-agreement", "plan", "memorandum", "protocol"
    title: str  # "Соглашение о намерениях между ... о сотрудничестве при реализации ..."
    party_keys: tuple[str, ...]  # organisation keys, in order of mention
    subject: str | None  # "о сотрудничестве в торгово-экономической ... областях"
    signed: date | None  # signing date (the event's date when signed in one day)
    approval_number: str | None = None  # "175-р/адм"
    approval_date: date | None = None
    registration_number: str | None = None  # "065/27-с"
    registration_date: date | None = None
    by_correspondence: bool = False  # "в рабочем порядке"
    unread_dates: tuple[str, ...] = ()  # approval/registration dates that could not be read


class EventFormat(StrEnum):
    ONLINE = "online"  # онлайн, в электронном виде, онлайн-формат
    DISTANCE = "distance"  # дистанционно
    CORRESPONDENCE = "correspondence"  # заочно, в заочном формате
    WORKING_ORDER = "working-order"  # "в рабочем порядке": signed by correspondence, no place


class FlagKind(StrEnum):
    """Kinds of review flags: concepts of the flag scheme (ontology/schemes.ttl)."""

    DATE_APPROXIMATE = "date-approximate"  # a vague date: the span the event lies in
    DATE_UNREADABLE = "date-unreadable"  # no date read: the report's period stands in
    DATE_YEAR_GUESSED = "date-year-guessed"  # no year written and the report spans several
    DATE_OUTSIDE_PERIOD = "date-outside-period"
    COUNT_UNREADABLE = "count-unreadable"  # a count is announced but no number could be read
    COUNT_SUM_OF_PARTS = "count-sum-of-parts"  # no total stated: the parts were added up
    PLACE_UNKNOWN = "place-unknown"  # a settlement or area missing from the gazetteer
    PLACE_UNREADABLE = "place-unreadable"  # a place cell in which no place was recognised
    ORGANISATION_FUZZY = "organisation-fuzzy"  # matched by an alias or a fuzzy rule
    AGREEMENT_DATE_UNREADABLE = "agreement-date-unreadable"  # an approval/registration date
    TEXT_UNREADABLE = "text-unreadable"  # a cell damaged by a wrong encoding ("\ufffd"): kept as written


# The correction field (coopgraph.ingest.corrections.files) that settles each kind of flag.
FLAG_FIELDS: dict[FlagKind, tuple[str, ...]] = {
    FlagKind.DATE_APPROXIMATE: ("start", "end"),
    FlagKind.DATE_UNREADABLE: ("start", "end"),
    FlagKind.DATE_YEAR_GUESSED: ("start", "end"),
    FlagKind.DATE_OUTSIDE_PERIOD: ("start", "end"),
    FlagKind.COUNT_UNREADABLE: ("participants",),
    FlagKind.COUNT_SUM_OF_PARTS: ("participants",),
    FlagKind.PLACE_UNKNOWN: ("place",),
    FlagKind.PLACE_UNREADABLE: ("place",),
    FlagKind.ORGANISATION_FUZZY: ("organisation",),
    FlagKind.AGREEMENT_DATE_UNREADABLE: (),  # no correction field: fix the source and re-ingest
    FlagKind.TEXT_UNREADABLE: ("title", "organisation", "person", "participants"),
}


@dataclass(frozen=True)
class Warning_:
    """A soft problem with an extraction; shown and kept, never fatal. With a ``kind`` it is a
    review flag: machine-readable, listed first by review, settled by a correction of its field."""

    column: str
    message: str
    kind: FlagKind | None = None
    text: str = ""  # the source text the flag is about (the cell, or the span in it)


@dataclass(frozen=True)
class EventRecord:
    report_id: str
    row_number: int  # № п/п as written
    position: int  # RawRow.position
    line: int  # RawRow.line
    sector: str | None  # section header text ("Сотрудничество в сфере культуры")
    sector_key: str | None  # concept key ("culture") or a slug for sectors not in the scheme
    title: str  # cleaned title cell text, one line
    event_type: str  # concept key in the event-type scheme ("exhibition", ..., "other")
    dates: DateInfo
    places: tuple[PlaceRecord, ...]
    formats: frozenset[EventFormat]
    organisations: tuple[OrganisationRecord, ...]
    people: tuple[PersonRecord, ...]
    counts: tuple[CountRecord, ...]
    participants_total: int | None  # the stated total, or the sum of parts; None when none
    agreement: AgreementRecord | None
    region_codes: tuple[str, ...]  # ISO 3166-2 of all first-level regions involved (RU-SMO, BY-HO...)
    cells: tuple[str, ...]  # the six source cell texts
    warnings: tuple[Warning_, ...] = field(default=())

    @property
    def belarus_regions(self) -> tuple[str, ...]:
        return tuple(c for c in self.region_codes if c.startswith("BY-"))


@dataclass(frozen=True)
class ReportRecord:
    report_id: str  # "smolensk-belarus-2020-h1": from the title (region, partner, period)
    title: str
    period_start: date
    period_end: date
    source: RawReport
    events: tuple[EventRecord, ...]
