"""The Russian open-data passport: the events, agreements and partner-pairs tables published as
the methodological recommendations on publishing open data (version 3.0) ask of a regional
portal, under ``opendata/``:

- ``list.csv``, the list of sets (``property,title,value,format``: a row for the version of the
  recommendations, then one per set with its identifier, title and passport URL);
- per set, ``{identifier}/meta.csv``, the passport (``property,value``: standardversion,
  identifier, title, description, creator, created, modified, subject, format, provenance,
  valid, publishername, publisherphone, publishermbox, then the data and structure files by
  version, ``data-YYYYMMDD-structure-YYYYMMDD`` and ``structure-YYYYMMDD``);
- ``{identifier}/structure-YYYYMMDD.csv``, every field (``field name,english description,
  russian description,format``);
- ``{identifier}/data-YYYYMMDD-structure-YYYYMMDD.csv``, the data (UTF-8, RFC 4180).

The identifier is ``{publisher_inn}-{code}`` (the recommendations' form: the owner's taxpayer
number, a dash, the set's code); without an INN set, the code alone. The data version is the
day of the store's last write; the structure version is fixed per set in `SETS` and moves only
when the columns do (tests/test_passport.py fails when they change and it does not).
The README ("Publishing on a portal") maps every passport field to its source.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from coopgraph.iris import Minter
from coopgraph.ontology.vocab import sparql_prefixes
from coopgraph.publication import Publication, last_write
from coopgraph.publish.queries import get_canned
from coopgraph.publish.tables import AGREEMENTS, EVENTS, Column, Table, table_rows
from coopgraph.store import GraphStore

STANDARD_VERSION = "http://opendata.gosmonitor.ru/standard/3.0"
FOLDER = "opendata"
# Table Schema types -> the structure file's format names.
FORMATS = {"string": "string", "integer": "integer", "number": "float", "date": "date"}


@dataclass(frozen=True)
class PassportSet:
    code: str
    table: Callable[[], Table]  # a function: the partner-pairs table reads the query pack
    title: str
    description: str
    subject: str  # keywords, comma-separated
    russian: dict[str, str]  # column -> its Russian description
    structure_version: str  # YYYYMMDD: the day the columns last changed
    structure_fingerprint: str  # of the columns at that day (see `fingerprint`)


def _partner_pairs() -> Table:
    canned = get_canned("partner-pairs")
    return Table(
        "partner-pairs",
        canned.title,
        (
            Column("smolensk_org", "string", "Organisation of the Smolensk region (IRI)", "uri"),
            Column("smolensk_name", "string", "Its name"),
            Column("belarus_org", "string", "Belarusian organisation (IRI)", "uri"),
            Column("belarus_name", "string", "Its name"),
            Column("events", "integer", "Events in which both took part"),
            Column("weight", "number", "Weight of the tie (roles weighed, summed over the events)"),
        ),
        canned.sparql().removeprefix(sparql_prefixes()),
    )


SETS: tuple[PassportSet, ...] = (
    PassportSet(
        "cooperation-events",
        lambda: EVENTS,
        "Мероприятия сотрудничества Смоленской области с регионами Республики Беларусь",
        "Мероприятия из полугодовых отчётов органов исполнительной власти о сотрудничестве с "
        "регионами Республики Беларусь: сфера, название, даты, место, виды мероприятия, белорусские "
        "регионы-участники и число участников.",
        "сотрудничество, Республика Беларусь, мероприятия, межрегиональное сотрудничество",
        {
            "event": "Идентификатор (IRI) мероприятия",
            "report": "Идентификатор (IRI) отчёта",
            "row": "Номер строки (№ п/п) в отчёте",
            "sector": "Идентификатор (IRI) сферы сотрудничества",
            "sector_label": "Сфера сотрудничества",
            "title": "Название мероприятия, как в отчёте",
            "start": "Дата начала",
            "end": "Дата окончания",
            "event_types": "Виды мероприятия (IRI понятий через пробел)",
            "formats": "Формат проведения (онлайн, дистанционно…; IRI понятий через пробел)",
            "places": "Места проведения, через «; »",
            "belarus_regions": "Регионы Республики Беларусь, через «; »",
            "participants": "Число участников, если указано",
        },
        "20261203",
        "599b3efaf0cc",
    ),
    PassportSet(
        "cooperation-agreements",
        lambda: AGREEMENTS,
        "Соглашения о сотрудничестве Смоленской области с регионами Республики Беларусь",
        "Соглашения, планы мероприятий и меморандумы, подписанные в отчётный период: стороны, дата "
        "подписания, реквизиты утверждения и регистрации.",
        "соглашения, сотрудничество, Республика Беларусь, межрегиональное сотрудничество",
        {
            "agreement": "Идентификатор (IRI) соглашения",
            "report": "Идентификатор (IRI) отчёта",
            "event": "Идентификатор (IRI) мероприятия, на котором подписано соглашение",
            "title": "Название соглашения, как в отчёте",
            "kind": "Вид документа (соглашение, дополнительное соглашение, план…)",
            "signed": "Дата подписания",
            "parties": "Стороны соглашения, через «; »",
            "approval_number": "Номер распоряжения об утверждении",
            "approval_date": "Дата распоряжения об утверждении",
            "registration_number": "Регистрационный номер",
            "registration_date": "Дата регистрации",
        },
        "20261203",
        "7af712e8a695",
    ),
    PassportSet(
        "partner-pairs",
        _partner_pairs,
        "Пары партнёров: организации Смоленской области и Республики Беларусь",
        "Пары организаций Смоленской области и Республики Беларусь, участвовавших в одних и тех же "
        "мероприятиях: число таких мероприятий и вес связи (роль участника, организатора, стороны "
        "соглашения — 1, поддержка — 0,5).",
        "партнёры, сотрудничество, Республика Беларусь, организации",
        {
            "smolensk_org": "Идентификатор (IRI) организации Смоленской области",
            "smolensk_name": "Название организации Смоленской области",
            "belarus_org": "Идентификатор (IRI) белорусской организации",
            "belarus_name": "Название белорусской организации",
            "events": "Число совместных мероприятий",
            "weight": "Вес связи (сумма по мероприятиям)",
        },
        "20261203",
        "70693e5726ad",
    ),
)


def fingerprint(table: Table) -> str:
    """The columns' names and types, hashed: a new structure must get a new structure version."""
    text = ";".join(f"{c.name}:{c.type}" for c in table.columns)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def identifier(passport_set: PassportSet, publication: Publication) -> str:
    inn = publication.inn
    return f"{inn}-{passport_set.code}" if inn else passport_set.code


def _csv(rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


def _day(moment: date | datetime) -> str:
    return moment.strftime("%Y%m%d")


def _add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has fewer days."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    for candidate in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


LATEST_PERIOD = "SELECT (MAX(?end) AS ?end) WHERE { ?r a cg:Report ; cg:periodEnd ?end }"


def valid_until(store: GraphStore, modified: date, months: int) -> date:
    """Until when the data is current: the end of the latest report's period plus one update
    interval (the next report is due then), and never before the last write plus one."""
    row = next(iter(store.query(sparql_prefixes() + LATEST_PERIOD)), None)
    ends = [modified]
    if row is not None and row["end"] is not None:
        ends.append(date.fromisoformat(row["end"].value[:10]))
    return _add_months(max(ends), months)


def frequency(months: int) -> str:
    return {1: "ежемесячно", 3: "ежеквартально", 6: "раз в полгода", 12: "ежегодно"}.get(
        months, f"раз в {months} мес."
    )


@dataclass(frozen=True)
class Passport:
    """One set's passport and the names of its current files."""

    passport_set: PassportSet
    identifier: str
    data_name: str
    structure_name: str
    meta: list[tuple[str, str]]

    @property
    def folder(self) -> str:
        return f"{FOLDER}/{self.identifier}"


def passport(
    store: GraphStore, minter: Minter, passport_set: PassportSet, publication: Publication, reports: list[str]
) -> Passport:
    """The passport of one set (the meta.csv rows) from the settings and the store."""
    ident = identifier(passport_set, publication)
    modified = last_write(store).date()
    created = date.fromisoformat(publication.issued) if publication.issued else modified
    structure = passport_set.structure_version
    data_name = f"data-{_day(modified)}-structure-{structure}"
    structure_name = f"structure-{structure}"
    url = f"{minter.base}{FOLDER}/{ident}/"
    months = publication.update_months
    description = f"{passport_set.description} Периодичность обновления: {frequency(months)}."
    meta = [
        ("standardversion", STANDARD_VERSION),
        ("identifier", ident),
        ("title", passport_set.title),
        ("description", description),
        ("creator", publication.publisher_name),
        ("created", _day(created)),
        ("modified", _day(modified)),
        ("subject", passport_set.subject),
        ("format", "csv"),
        ("provenance", "Обновлено по отчётам: " + ", ".join(reports) if reports else "Первая публикация"),
        ("valid", _day(valid_until(store, modified, months))),
        ("publishername", publication.contact_name),
        ("publisherphone", publication.contact_phone),
        ("publishermbox", publication.contact_email),
        (data_name, url + data_name + ".csv"),
        (structure_name, url + structure_name + ".csv"),
    ]
    return Passport(passport_set, ident, data_name + ".csv", structure_name + ".csv", meta)


def structure_csv(passport_set: PassportSet) -> bytes:
    table = passport_set.table()
    rows: list[list[object]] = [["field name", "english description", "russian description", "format"]]
    rows += [[c.name, c.description, passport_set.russian[c.name], FORMATS[c.type]] for c in table.columns]
    return _csv(rows)


def data_csv(store: GraphStore, passport_set: PassportSet) -> bytes:
    table = passport_set.table()
    return _csv([[c.name for c in table.columns], *table_rows(store, table)])


def list_csv(minter: Minter, passports: list[Passport]) -> bytes:
    rows: list[list[object]] = [
        ["property", "title", "value", "format"],
        ["standardversion", "Версия методических рекомендаций", STANDARD_VERSION, ""],
    ]
    rows += [
        [p.identifier, p.passport_set.title, f"{minter.base}{p.folder}/meta.csv", "csv"] for p in passports
    ]
    return _csv(rows)


def passports(
    store: GraphStore, minter: Minter, publication: Publication, reports: list[str]
) -> list[Passport]:
    return [passport(store, minter, s, publication, reports) for s in SETS]


def passport_files(
    store: GraphStore, minter: Minter, publication: Publication, reports: list[str]
) -> dict[str, bytes]:
    """Every file of the passport, by its path under the site (``opendata/…``)."""
    found = passports(store, minter, publication, reports)
    files = {f"{FOLDER}/list.csv": list_csv(minter, found)}
    for p in found:
        files[f"{p.folder}/meta.csv"] = _csv([["property", "value"], *p.meta])
        files[f"{p.folder}/{p.structure_name}"] = structure_csv(p.passport_set)
        files[f"{p.folder}/{p.data_name}"] = data_csv(store, p.passport_set)
    return files
