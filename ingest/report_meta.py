"""The report's identity from its title: region, partner country and reporting period.

"Отчет о сотрудничестве органов исполнительной власти Смоленской области с регионами
Республики Беларусь за I полугодие 2020 года" -> ("smolensk-belarus-2020-h1", 2020-01-01,
2020-06-30). The id is deterministic, so re-ingesting a report replaces its own graph.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

import pymorphy3

from coopgraph.ingest.dates import parse_dates
from coopgraph.ingest.errors import CellError, ReadError
from coopgraph.ingest.iris import slugify

# Region adjectives (lemma) whose city name is not simply the stem + "ск".
_REGION_SLUGS: dict[str, str] = {
    "смоленский": "smolensk",
    "брянский": "bryansk",
    "псковский": "pskov",
    "тверской": "tver",
    "калужский": "kaluga",
    "московский": "moscow",
    "ленинградский": "leningrad",
    "гомельский": "gomel",
    "могилёвский": "mogilev",
    "могилевский": "mogilev",
    "витебский": "vitebsk",
    "минский": "minsk",
    "гродненский": "grodno",
    "брестский": "brest",
}
# Partner countries by the start of their name in any case form.
_COUNTRIES: tuple[tuple[str, str], ...] = (
    ("беларус", "belarus"),
    ("белорус", "belarus"),
    ("казахстан", "kazakhstan"),
    ("армени", "armenia"),
    ("узбекистан", "uzbekistan"),
    ("киргиз", "kyrgyzstan"),
    ("кыргыз", "kyrgyzstan"),
    ("таджикистан", "tajikistan"),
    ("молдов", "moldova"),
    ("абхази", "abkhazia"),
    ("серби", "serbia"),
    ("китай", "china"),
    ("китайск", "china"),
    ("монголи", "mongolia"),
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ORD_WORDS = {"перв": 1, "втор": 2, "трет": 3, "четверт": 4, "четвёрт": 4}

_HALF = re.compile(
    r"\b(?:за|в|во)\s+(?P<n>[IV]+|\d|[а-яё]+)(?:-?(?:е|ое|й|ый))?\s+полугоди\w*\s+(?P<y>\d{4})", re.I
)
_QUARTER = re.compile(
    r"\b(?:за|в|во)\s+(?P<n>[IV]+|\d|[а-яё]+)(?:-?(?:й|ый|ий))?\s+квартал\w*\s+(?P<y>\d{4})", re.I
)
_MONTHS = re.compile(r"\b(?:за|в)\s+(?P<n>\d{1,2})\s+месяц\w*\s+(?P<y>\d{4})", re.I)
_YEAR = re.compile(r"\b(?:за|в)\s+(?P<y>\d{4})\s+г", re.I)
_OTHER = re.compile(r"\bза\s+(?:период\s+)?(?P<text>.+)$", re.I)
_REGION = re.compile(r"(?P<adj>[А-ЯЁа-яё]+)\s+област", re.I)
_PARTNER = (
    re.compile(r"(?:республик|государств|стран|королевств)\w*\s+(?P<name>[А-ЯЁ][а-яё]+)", re.I),
    re.compile(r"(?<![а-яё])с\s+(?P<name>[А-ЯЁ][а-яё]+)"),
)

_morph = pymorphy3.MorphAnalyzer()


def parse_report_title(title: str, file_name: str) -> tuple[str, date, date]:
    """(report_id, period_start, period_end). Raises ReadError when the title names no period,
    region or partner.

    >>> parse_report_title("Отчет ... Смоленской области с регионами Республики Беларусь "
    ...                    "за 2021 год", "r.txt")
    ('smolensk-belarus-2021', datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
    """
    text = " ".join(title.replace("\u00a0", " ").split())
    suffix, start, end = _period(text, file_name)
    return f"{_region(text, file_name)}-{_partner(text, file_name)}-{suffix}", start, end


def _ordinal(token: str) -> int | None:
    token = token.lower()
    if token in _ROMAN:
        return _ROMAN[token]
    if token.isdigit():
        return int(token)
    return next((n for stem, n in _ORD_WORDS.items() if token.startswith(stem)), None)


def _period(text: str, file_name: str) -> tuple[str, date, date]:
    if (m := _HALF.search(text)) and _ordinal(m["n"]) in (1, 2):
        n, y = _ordinal(m["n"]), int(m["y"])
        return (
            (f"{y}-h1", date(y, 1, 1), date(y, 6, 30))
            if n == 1
            else (f"{y}-h2", date(y, 7, 1), date(y, 12, 31))
        )
    if (m := _QUARTER.search(text)) and _ordinal(m["n"]) in (1, 2, 3, 4):
        n, y = _ordinal(m["n"]) or 1, int(m["y"])
        last = 3 * n
        return f"{y}-q{n}", date(y, last - 2, 1), date(y, last, calendar.monthrange(y, last)[1])
    if (m := _MONTHS.search(text)) and 1 <= int(m["n"]) <= 12:
        n, y = int(m["n"]), int(m["y"])
        return f"{y}-{n}m", date(y, 1, 1), date(y, n, calendar.monthrange(y, n)[1])
    if m := _YEAR.search(text):
        y = int(m["y"])
        return f"{y}", date(y, 1, 1), date(y, 12, 31)
    if m := _OTHER.search(text):  # "за январь-март 2021 года", "за период с 1 марта по 31 мая 2021 года"
        try:
            # A year must be written: the dummy report period only serves the parser's signature.
            info = parse_dates(m["text"], report_start=date(2000, 1, 1), report_end=date(2000, 12, 31))
        except CellError:
            info = None
        if info is not None and not info.year_inferred:
            return f"{info.start.isoformat()}-{info.end.isoformat()}", info.start, info.end
    raise ReadError(
        file_name,
        f"title: cannot find the reporting period in {text[:200]!r} "
        "(expected e.g. 'за I полугодие 2020 года', 'за 2021 год', 'за 1 квартал 2022 года')",
    )


def _region(text: str, file_name: str) -> str:
    m = _REGION.search(text)
    if m is None:
        raise ReadError(
            file_name, f"title: cannot find the reporting region ('... области') in {text[:200]!r}"
        )
    lemma = _morph.parse(m["adj"].lower())[0].normal_form
    if lemma in _REGION_SLUGS:
        return _REGION_SLUGS[lemma]
    stem = re.sub(r"(?:ский|цкий|ской)$", "", lemma)
    return slugify(stem + "ск" if stem != lemma else lemma)


def _partner(text: str, file_name: str) -> str:
    after_region = text[_REGION.search(text).end() :] if _REGION.search(text) else text
    lowered = after_region.lower()
    for stem, slug in _COUNTRIES:
        if re.search(r"(?<![а-яё])" + stem, lowered):
            return slug
    for pattern in _PARTNER:
        if m := pattern.search(after_region):
            return slugify(m["name"])
    raise ReadError(file_name, f"title: cannot find the partner country in {text[:200]!r}")
