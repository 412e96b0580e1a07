"""The report's identity from its title: region, partner country and reporting period.

"Отчет о сотрудничестве органов исполнительной власти Смоленской области с регионами
Республики Беларусь за I полугодие 2020 года" -> ("smolensk-belarus-2020-h1", 2020-01-01,
2020-06-30). The id is deterministic, so re-ingesting a report replaces its own graph.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from coopgraph.ingest.dates import parse_dates
from coopgraph.ingest.errors import CellError, ReadError
from coopgraph.ingest.nominative import analyzer
from coopgraph.iris import slugify

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


@dataclass(frozen=True)
class ReportPeriod:
    """A reporting period: the id suffix ("2020-h1") and its first and last days."""

    suffix: str
    start: date
    end: date

    @property
    def label(self) -> str:
        """How `--period` writes it: "2020-H1", "2021-Q3", "2021", "2021-9M", "2021-01-01..2021-05-31"."""
        if len(self.suffix) > 8:
            return f"{self.start.isoformat()}..{self.end.isoformat()}"
        return self.suffix.upper()


_OPTION = re.compile(r"(?P<y>\d{4})(?:-(?:(?P<h>h[12])|(?P<q>q[1-4])|(?P<m>\d{1,2})m))?", re.I)
_OPTION_SPAN = re.compile(r"(?P<a>\d{4}-\d{2}-\d{2})(?:\.\.|/)(?P<b>\d{4}-\d{2}-\d{2})")


def parse_period(text: str) -> ReportPeriod:
    """A period as `--period` takes it: 2020-H2, 2021-Q1, 2021, 2021-9M (Jan-Sep) or
    2021-01-01..2021-05-31. Raises ValueError with the accepted forms.

    >>> parse_period("2020-h2")
    ReportPeriod(suffix='2020-h2', start=datetime.date(2020, 7, 1), end=datetime.date(2020, 12, 31))
    """
    value = text.strip()
    if m := _OPTION.fullmatch(value):
        y = int(m["y"])
        if m["h"]:
            first = m["h"][1] == "1"
            return ReportPeriod(
                f"{y}-h{m['h'][1]}",
                date(y, 1 if first else 7, 1),
                date(y, 6 if first else 12, 30 if first else 31),
            )
        if m["q"]:
            n = int(m["q"][1])
            return ReportPeriod(f"{y}-q{n}", date(y, 3 * n - 2, 1), _month_end(y, 3 * n))
        if m["m"] and 1 <= int(m["m"]) <= 12:
            n = int(m["m"])
            return ReportPeriod(f"{y}-{n}m", date(y, 1, 1), _month_end(y, n))
        if not m["m"]:
            return ReportPeriod(f"{y}", date(y, 1, 1), date(y, 12, 31))
    if m := _OPTION_SPAN.fullmatch(value):
        start: date | None
        end: date | None
        try:
            start, end = date.fromisoformat(m["a"]), date.fromisoformat(m["b"])
        except ValueError:
            start = end = None
        if start and end and start <= end:
            return ReportPeriod(f"{start.isoformat()}-{end.isoformat()}", start, end)
    raise ValueError(
        f"cannot read the period {text!r}: write 2020-H1, 2020-H2, 2021-Q3, 2021, 2021-9M "
        "(January to September) or 2021-01-01..2021-05-31"
    )


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def title_period(title: str, file_name: str) -> ReportPeriod:
    """The period the heading names; ReadError (asking for `--period`) when it names none."""
    return ReportPeriod(*_period(" ".join(title.replace("\u00a0", " ").split()), file_name))


def parse_report_title(
    title: str, file_name: str, period: ReportPeriod | None = None
) -> tuple[str, date, date]:
    """(report_id, period_start, period_end). Raises ReadError when the title names no period,
    region or partner. `period` (from `--period`) replaces the heading's period, which then
    need not be readable.

    >>> parse_report_title("Отчет ... Смоленской области с регионами Республики Беларусь "
    ...                    "за 2021 год", "r.txt")
    ('smolensk-belarus-2021', datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
    """
    text = " ".join(title.replace("\u00a0", " ").split())
    suffix, start, end = (period.suffix, period.start, period.end) if period else _period(text, file_name)
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
        "(expected e.g. 'за I полугодие 2020 года', 'за 2021 год', 'за 1 квартал 2022 года'); "
        "name the period with --period (e.g. --period 2020-H1, 2021-Q3, 2021)",
    )


def _region(text: str, file_name: str) -> str:
    m = _REGION.search(text)
    if m is None:
        raise ReadError(
            file_name, f"title: cannot find the reporting region ('... области') in {text[:200]!r}"
        )
    lemma = analyzer().parse(m["adj"].lower())[0].normal_form
    if lemma in _REGION_SLUGS:
        return _REGION_SLUGS[lemma]
    stem = re.sub(r"(?:ский|цкий|ской)$", "", lemma)
    return slugify(stem + "ск" if stem != lemma else lemma)


def _partner(text: str, file_name: str) -> str:
    after_region = text[region.end() :] if (region := _REGION.search(text)) else text
    lowered = after_region.lower()
    for stem, slug in _COUNTRIES:
        if re.search(r"(?<![а-яё])" + stem, lowered):
            return slug
    for pattern in _PARTNER:
        if m := pattern.search(after_region):
            return slugify(m["name"])
    raise ReadError(file_name, f"title: cannot find the partner country in {text[:200]!r}")
