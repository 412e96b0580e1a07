"""Read the "Сроки проведения мероприятия" cell into periods of days.

The cell is written by hand, so the forms vary: "3 марта\\n2020 года", "23-24 февраля 2020
года", "27 сентября – 1 октября 2021 года", "с 15 по 17 сентября", "март-апрель 2020 года",
"март,\\n май\\n2020 года" (two separate months), a list of "31.03.2020" one per line,
"в течение II полугодия 2021 года", "2021 год".

How it works (a rule-based tokenizer, no statistics):
1. the text becomes tokens: numeric dates, numbers, Roman numerals, month names, the words
   "полугодие"/"квартал"/"год", range words ("-", "по", "до") and list marks (",", ";", "и");
2. tokens become *atoms*: a day, a month, a half-year, a quarter or a year, each with whatever
   of day/month/year was written next to it, and the connector (range or list) before it;
3. missing months and years are filled from the right ("9-12 марта": 9 takes March;
   "март, май 2020" : March takes 2020), then from the left, then from the report's period;
4. atoms joined by range connectors become one period, the others one period each.

Vague forms are the span they name, marked ``approximate``: "III квартал 2022 года" is the
quarter, "2021 г." the year, "июль – декабрь" the six months; a cell that names no date but says
how often or how long ("ежемесячно", "в течение полугодия", "постоянно") is the report's period.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

from coopgraph.ingest.errors import CellError
from coopgraph.ingest.records import DateInfo, Period, Precision

# Month names by the start of the word (nominative, genitive, prepositional all start so),
# plus the usual abbreviations ("янв.", "сент.").
_MONTH_STEMS: tuple[tuple[str, int], ...] = (
    ("январ", 1),
    ("феврал", 2),
    ("март", 3),
    ("апрел", 4),
    ("июн", 6),
    ("июл", 7),
    ("август", 8),
    ("сентябр", 9),
    ("октябр", 10),
    ("ноябр", 11),
    ("декабр", 12),
)
_MONTH_WORDS: dict[str, int] = {
    "май": 5, "мая": 5, "мае": 5, "маю": 5, "маем": 5,
    "янв": 1, "фев": 2, "февр": 2, "мар": 3, "апр": 4, "авг": 8,
    "сен": 9, "сент": 9, "окт": 10, "ноя": 11, "нояб": 11, "дек": 12,
}  # fmt: skip
MONTH_NAMES_GEN = (
    "", "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip

_ROMAN = {
    r: i
    for i, r in enumerate(["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"], start=1)
}
_DASHES = "-‐‑‒–—―−"
_SPACES = "\u00a0\u2007\u2009\u202f\u200b\t"

_TOKEN = re.compile(
    r"""
    (?P<time>(?<!\d)\d{1,2}[:.]\d{2}\s*(?:ч|час|мин)\.?|(?<!\d)\d{1,2}:\d{2}(?!\d))
  | (?P<numdate>(?<!\d)\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})(?![\d.]\d))
  | (?P<daymonth>(?<![\d.])\d{1,2}\.\d{1,2}(?![\d.]))
  | (?P<ordinal>(?<!\d)\d{1,2}-?(?:ое|ый|ой|ого|го|ом|м|е|й)(?![а-яё]))
  | (?P<number>\d+)
  | (?P<roman>(?<![A-Za-z])[IVX]{1,4}(?![A-Za-z]))
  | (?P<word>[а-яё]+)
  | (?P<dash>-)
  | (?P<sep>[,;])
    """,
    re.VERBOSE | re.IGNORECASE,
)

_YEAR_MIN, _YEAR_MAX = 1900, 2100
# Connecting words. Every other word ("с", "в течение", "года", "г") carries no date and is skipped.
_RANGE_WORDS = {"по", "до"}
_LIST_WORDS = {"и"}
# Words saying how often or for how long, not when: with no date beside them the report's
# period is meant ("ежемесячно", "еженедельно", "в течение полугодия", "на протяжении года").
_VAGUE = re.compile(
    r"(?<![а-я])(?:еже[а-я]+|постоянно|регулярно|систематически|периодически|в\s+течени[еи]"
    r"|на\s+протяжении|весь\s+период|отчетн[а-я]*|по\s+мере)",
    re.IGNORECASE,
)


class _Link(Enum):
    LIST = "list"
    RANGE = "range"


class _Kind(Enum):
    DAY = "day"
    MONTH = "month"
    HALF = "half"
    QUARTER = "quarter"
    YEAR = "year"
    ORDINAL = "ordinal"  # "II", "1-е": becomes a half-year or quarter when the noun follows
    REPORT = "report"  # "в течение полугодия": the report's own period


@dataclass
class _Atom:
    kind: _Kind
    link: _Link  # how this atom joins the one before it (ignored for the first)
    day: int | None = None
    month: int | None = None
    year: int | None = None
    number: int | None = None  # half-year / quarter number, or the ordinal's value
    year_from_right: bool = False  # year borrowed from a later atom ("28 декабря – 3 января 2021")
    span: tuple[date, date] | None = None  # REPORT atoms: the report's period
    year_guessed: bool = False  # no year written anywhere: the report's year was taken


def parse_dates(text: str, *, report_start: date, report_end: date) -> DateInfo:
    """Read a dates cell. Raises CellError for impossible dates or a cell with no date.

    >>> info = parse_dates("23-24 февраля\\n2020 года", report_start=date(2020, 1, 1),
    ...                    report_end=date(2020, 6, 30))
    >>> info.start, info.end, len(info.periods)
    (datetime.date(2020, 2, 23), datetime.date(2020, 2, 24), 1)
    """
    norm = _normalise(text)
    atoms = _atoms(norm, text)
    vague = _VAGUE.search(norm) is not None
    if not atoms and vague:
        atoms = [_Atom(_Kind.REPORT, _Link.LIST)]
    if not atoms:
        raise CellError(
            f"cannot read a date in {text.strip()!r}: expected a form such as '3 марта 2020 года', "
            "'23-24 февраля 2020 года', 'май 2020 года' or '31.03.2020'"
        )
    # "в течение полугодия": which half-year, and of which year, the report says
    unwritten = any(a.kind is _Kind.REPORT and a.year is None for a in atoms)
    for atom in atoms:
        if atom.kind is _Kind.REPORT:
            atom.span, atom.year = (report_start, report_end), atom.year or report_start.year
    _fill_months(atoms, text)
    inferred = _fill_years(atoms, report_start, report_end, text) or unwritten
    periods = tuple(_periods(atoms, text))
    start, end = min(p.start for p in periods), max(p.end for p in periods)
    coarse = any(a.kind in (_Kind.HALF, _Kind.QUARTER, _Kind.YEAR, _Kind.REPORT) for a in atoms)
    months_only = all(a.kind is _Kind.MONTH for a in atoms) and (start.year, start.month) != (
        end.year,
        end.month,
    )
    return DateInfo(
        text=text,
        start=start,
        end=end,
        periods=periods,
        year_inferred=inferred,
        approximate=vague or coarse or months_only,
    )


def report_period(text: str, report_start: date, report_end: date) -> DateInfo:
    """What is certain of a dates cell that cannot be read: the event lies in the report's period."""
    period = Period(report_start, report_end, _precision_of_span(report_start, report_end))
    return DateInfo(text=text, start=report_start, end=report_end, periods=(period,), approximate=True)


def _precision_of_span(start: date, end: date) -> Precision:
    days = (end - start).days + 1
    for limit, precision in ((1, Precision.DAY), (31, Precision.MONTH), (92, Precision.QUARTER),
                             (184, Precision.HALF_YEAR)):  # fmt: skip
        if days <= limit:
            return precision
    return Precision.YEAR


# --------------------------------------------------------------------------- tokens -> atoms


def _normalise(text: str) -> str:
    for ch in _SPACES:
        text = text.replace(ch, " ")
    for ch in _DASHES:
        text = text.replace(ch, "-")
    return text.replace("ё", "е").replace("Ё", "Е")


def _month_of(word: str) -> int | None:
    if word in _MONTH_WORDS:
        return _MONTH_WORDS[word]
    for stem, month in _MONTH_STEMS:
        if word.startswith(stem):
            return month
    return None


def _leading_number(token: str) -> int:
    """The number an ordinal token starts with ("3-го" -> 3; the token pattern starts so)."""
    digits = re.match(r"\d+", token)
    if digits is None:
        raise CellError(f"{token!r} does not start with a number")
    return int(digits.group())


def _atoms(norm: str, original: str) -> list[_Atom]:
    reader = _AtomReader(original)
    for m in _TOKEN.finditer(norm):
        reader.read(m.lastgroup or "", m.group())
    for atom in reader.atoms:
        if atom.kind is _Kind.ORDINAL:
            raise CellError(
                f"{original.strip()!r}: a number without 'полугодие' or 'квартал' after it "
                "cannot be read as a date"
            )
    return reader.atoms


class _AtomReader:
    """Step 2 of the module docstring, one method per kind of token (the group names of
    ``_TOKEN``): a token adds an atom, completes the atom before it ("3" then "марта" is one
    day) or sets the connector that joins the next atom."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.atoms: list[_Atom] = []
        self.link: _Link | None = None  # connector seen since the last atom; None = adjacent
        self._handlers = {
            "time": self._time,
            "numdate": self._numdate,
            "daymonth": self._daymonth,
            "ordinal": self._ordinal,
            "number": self._number,
            "roman": self._roman,
            "word": self._word,
            "dash": self._dash,
            "sep": self._sep,
        }

    def read(self, kind: str, value: str) -> None:
        self._handlers[kind](value)

    def _add(
        self,
        kind: _Kind,
        *,
        day: int | None = None,
        month: int | None = None,
        year: int | None = None,
        number: int | None = None,
    ) -> None:
        self.atoms.append(
            _Atom(kind, self.link or _Link.LIST, day=day, month=month, year=year, number=number)
        )
        self.link = None

    def _adjacent(self) -> _Atom | None:
        """The last atom when no connector stands between it and the token being read."""
        return self.atoms[-1] if self.atoms and self.link is None else None

    def _time(self, value: str) -> None:
        pass  # "3 марта 2020 года, 10:00": a time of day says nothing about the period

    def _numdate(self, value: str) -> None:
        day, month, year = (int(x) for x in value.split("."))
        self._add(_Kind.DAY, day=day, month=month, year=year + 2000 if year < 100 else year)

    def _daymonth(self, value: str) -> None:  # "10.03-12.03.2020": the year comes from the right
        day, month = (int(x) for x in value.split("."))
        self._add(_Kind.DAY, day=day, month=month)

    def _ordinal(self, value: str) -> None:
        self._add(_Kind.ORDINAL, number=_leading_number(value))

    def _number(self, value: str) -> None:
        n = int(value)
        if _YEAR_MIN <= n <= _YEAR_MAX:
            last = self._adjacent()
            if last is not None and last.year is None and last.kind is not _Kind.ORDINAL:
                last.year = n  # "3 марта 2020": the year of the day before
            else:
                self._add(_Kind.YEAR, year=n)
        elif 1 <= n <= 31:
            self._add(_Kind.DAY, day=n, number=n)
        else:
            raise CellError(f"{value!r} in {self.original.strip()!r} is neither a day (1-31) nor a year")

    def _roman(self, value: str) -> None:
        if value.upper() in _ROMAN:  # else not an ordinal a date could use ("XLVII"): ignored
            self._add(_Kind.ORDINAL, number=_ROMAN[value.upper()])

    def _dash(self, value: str) -> None:
        self.link = _Link.RANGE

    def _sep(self, value: str) -> None:
        self.link = _Link.LIST

    def _word(self, value: str) -> None:
        word = value.lower()
        month = _month_of(word)
        if month is not None:
            self._month(month)
        elif word.startswith("полугоди") or word.startswith("квартал") or word == "кв":
            self._part_of_year(_Kind.HALF if word.startswith("полугоди") else _Kind.QUARTER)
        elif word in _RANGE_WORDS:
            self.link = _Link.RANGE
        elif word in _LIST_WORDS:
            self.link = _Link.LIST
        # other words ("года", "г", "в", "течение", "с") carry nothing: skip them

    def _month(self, month: int) -> None:
        last = self._adjacent()
        if last is not None and last.kind is _Kind.DAY and last.month is None and last.year is None:
            last.month = month  # "3 марта": the month of the day before
        else:
            self._add(_Kind.MONTH, month=month)

    def _part_of_year(self, kind: _Kind) -> None:
        adjacent = self._adjacent() is not None
        if not _name_ordinals(self.atoms, kind, self.original, adjacent=adjacent):
            self._add(_Kind.REPORT)  # "в течение полугодия": which one? the report's


def _name_ordinals(atoms: list[_Atom], kind: _Kind, original: str, *, adjacent: bool) -> int:
    """'II полугодие', 'I-II квартал', '1 квартал': turn the numbers before the noun into halves
    or quarters (walking back over range/list connectors). Returns how many were named."""
    limit = 2 if kind is _Kind.HALF else 4
    named = 0
    for atom in reversed(atoms if adjacent else []):
        bare_day = atom.kind is _Kind.DAY and atom.month is None and atom.year is None
        if atom.kind is not _Kind.ORDINAL and not bare_day:
            break
        if not 1 <= (atom.number or 0) <= limit:
            raise CellError(f"{original.strip()!r}: there is no {kind.value} number {atom.number}")
        atom.kind, atom.day = kind, None
        named += 1
    return named


# --------------------------------------------------------------------------- filling gaps


def _fill_months(atoms: list[_Atom], original: str) -> None:
    """'9-12 марта', '3, 5 и 7 марта': a bare day takes the month of the next day that has one."""
    month: int | None = None
    for atom in reversed(atoms):
        if atom.kind is not _Kind.DAY:
            month = None
            continue
        if atom.month is None:
            atom.month = month
        month = atom.month
    for atom in atoms:
        if atom.kind is _Kind.DAY and atom.month is None:
            raise CellError(f"{original.strip()!r}: day {atom.day} has no month")


def _fill_years(atoms: list[_Atom], report_start: date, report_end: date, original: str) -> bool:
    """Years come from the right ('март, май 2020 года'), else the left, else the report.
    Returns True when the report's year had to be used."""
    year: int | None = None
    for atom in reversed(atoms):
        if atom.year is None and year is not None:
            atom.year, atom.year_from_right = year, True
        year = atom.year if atom.year is not None else year
    year = None
    for atom in atoms:
        if atom.year is None and year is not None:
            atom.year = year
        year = atom.year if atom.year is not None else year
    if all(a.year is not None for a in atoms):
        return False
    # No year written anywhere: take the report year in which the first atom falls.
    candidates = range(report_start.year, report_end.year + 1)
    chosen = report_start.year
    for y in candidates:
        atoms[0].year = y
        try:
            start, end = _bounds(atoms[0], original)
        except CellError:
            continue  # 29 февраля in a year that has none: try the next year
        if start <= report_end and end >= report_start:
            chosen = y
            break
    for atom in atoms:
        atom.year, atom.year_guessed = chosen, True
    return True


# --------------------------------------------------------------------------- atoms -> periods

_PRECISION = {
    _Kind.DAY: Precision.DAY,
    _Kind.MONTH: Precision.MONTH,
    _Kind.HALF: Precision.HALF_YEAR,
    _Kind.QUARTER: Precision.QUARTER,
    _Kind.YEAR: Precision.YEAR,
}
_COARSENESS = [Precision.DAY, Precision.MONTH, Precision.QUARTER, Precision.HALF_YEAR, Precision.YEAR]


def _bounds(atom: _Atom, original: str) -> tuple[date, date]:
    y = atom.year
    assert y is not None
    if atom.kind is _Kind.DAY:
        assert atom.month is not None and atom.day is not None
        if not 1 <= atom.month <= 12:
            raise CellError(f"{original.strip()!r}: there is no month {atom.month}")
        last = calendar.monthrange(y, atom.month)[1]
        if not 1 <= atom.day <= last:
            raise CellError(
                f"{original.strip()!r}: there is no {atom.day} {MONTH_NAMES_GEN[atom.month]} {y} "
                f"(that month has {last} days): check the dates cell"
            )
        d = date(y, atom.month, atom.day)
        return d, d
    if atom.kind is _Kind.MONTH:
        assert atom.month is not None
        return date(y, atom.month, 1), date(y, atom.month, calendar.monthrange(y, atom.month)[1])
    if atom.kind is _Kind.HALF:
        return (date(y, 1, 1), date(y, 6, 30)) if atom.number == 1 else (date(y, 7, 1), date(y, 12, 31))
    if atom.kind is _Kind.REPORT:
        assert atom.span is not None
        return atom.span
    if atom.kind is _Kind.QUARTER:
        assert atom.number is not None
        first = 3 * atom.number - 2
        return date(y, first, 1), date(y, first + 2, calendar.monthrange(y, first + 2)[1])
    return date(y, 1, 1), date(y, 12, 31)


def _periods(atoms: list[_Atom], original: str) -> list[Period]:
    groups: list[list[_Atom]] = []
    for atom in atoms:
        if groups and atom.link is _Link.RANGE:
            groups[-1].append(atom)
        else:
            groups.append([atom])
    periods = []
    for group in groups:
        first, last = group[0], group[-1]
        start, _ = _bounds(first, original)
        _, end = _bounds(last, original)
        if start > end and first.year_from_right and (first.month or 0) > (last.month or 13):
            # "28 декабря – 3 января 2021 года": the range starts in the year before.
            first.year = (first.year or 0) - 1
            start, _ = _bounds(first, original)
        elif start > end and last.year_guessed and (first.month or 0) > (last.month or 13):
            # "27 декабря – 2 января" with no year: the range ends in the next year.
            last.year = (last.year or 0) + 1
            _, end = _bounds(last, original)
        if start > end:
            raise CellError(f"{original.strip()!r}: the range ends ({end}) before it starts ({start})")
        precisions = {_precision_of_span(*a.span) if a.span else _PRECISION[a.kind] for a in group}
        precision = max(precisions, key=_COARSENESS.index)
        periods.append(Period(start=start, end=end, precision=precision))
    return periods
