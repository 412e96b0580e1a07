"""Generate a seeded, reproducible corpus of synthetic cooperation reports.

Each report follows the template of the bundled one (``smolensk-belarus-2020-h1.txt``): the
three title lines, the six-column header row, section rows (the sector) and numbered event
rows, written as the text dump of the Word table (a cell starts with a tab, a blank line ends
a row; UTF-8) and optionally as DOCX. Rows draw on ``corpus_pools``: real towns of both sides
in their case forms, a shared pool of organisations and people (so the same partners meet in
many rows and reports), the date, place, count and format wordings the extractor must read,
and the same Word debris as the original (line breaks inside cells, non-breaking and double
spaces, "государствен-ный", "[bookmark: _GoBack]"). Every date lies inside the report's
half-year.

Besides the reports the generator writes ``expected.jsonl``: per row, what it meant (dates,
stated participant total, towns, organisations, people, formats), so a benchmark can score
the extraction and not only time it.

    python bench/generate_corpus.py --reports 40 --rows-per-report 50 --seed 7 --out /tmp/corpus
    python bench/generate_corpus.py --reports 2 --rows-per-report 30 --seed 1 --out /tmp/c --docx
"""

from __future__ import annotations

import argparse
import calendar
import io
import json
import random
import re
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

from corpus_pools import (
    ANNIVERSARIES,
    CAPITALS,
    COUNT_FORMS,
    EVENT_NAMES,
    FORMAT_MARKS,
    FOUNDERS,
    GROUPS,
    HOME_REGIONS,
    ORG_BY_KEY,
    ORGANISATIONS,
    PEOPLE,
    REGIONS,
    SECTOR_EVENT_KINDS,
    SECTOR_HEADERS,
    SECTOR_ORDER,
    SECTOR_WEIGHTS,
    SPORTS,
    TOPICS,
    TOWN_BY_NAME,
    TOWNS,
    VENUES,
    HomeRegion,
    Org,
    Person,
    Town,
)

HEADER_CELLS: tuple[str, ...] = (
    "№ п/п",
    "Наименование мероприятия",
    "Место проведения мероприятия",
    "Сроки проведения мероприятия",
    "Содержание мероприятия и результат (в том числе краткая информация о достигнутых договоренностях)",
    "Участники мероприятия\n(общее количество, другие дополнительные сведения)",
)
MONTHS_GEN = (
    "",
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
MONTHS_NOM = (
    "",
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)
NBSP = "\u00a0"
# Years whose half-years the reports cover: the recent ones first, older ones when a large
# corpus needs more distinct periods (a report's id is region + half-year, so periods must
# not repeat within one region).
RECENT_YEARS = tuple(range(2016, 2026))
OLDER_YEARS = tuple(range(2015, 1999, -1))
# Words hyphenated where the dump may break them, at splits the cleaner can undo.
HYPHENATIONS: dict[str, str] = {
    "государственный": "государствен-ный",
    "государственного": "государствен-ного",
    "государственная": "государствен-ная",
    "государственной": "государст-венной",
    "университет": "универси-тет",
    "университета": "университе-та",
    "исполнительного": "исполнитель-ного",
    "исполнительным": "исполнитель-ным",
    "областного": "областно-го",
    "сотрудничества": "сотрудни-чества",
    "педагогический": "педагогичес-кий",
    "медицинский": "медицинс-кий",
    "учреждения": "учрежде-ния",
    "образовательной": "образователь-ной",
    "Администрации": "Администра-ции",
    "представители": "представи-тели",
    "мероприятия": "мероприя-тия",
    "Белорусский": "Белорус-ский",
}


# --------------------------------------------------------------------------- records


@dataclass
class RowTruth:
    """What the generator meant a row to say: the answer key for the extraction."""

    number: int
    sector_key: str
    kind: str  # the template family ("signing", "exhibition", ...)
    start: str  # ISO date
    end: str
    periods: int  # how many separate days/months/ranges the dates cell lists
    total: int | None  # the stated participant total (or the sum of parts)
    bound: str | None  # "exact", "lower", "approximate"
    towns: list[str] = field(default_factory=list)  # settlements of the place cell, nominative
    organisations: list[str] = field(default_factory=list)  # organisation keys named in the row
    people: list[str] = field(default_factory=list)  # "А.В. Соколов"
    formats: list[str] = field(
        default_factory=list
    )  # "online", "distance", "correspondence", "working-order"
    agreement: dict[str, str] | None = None  # approval/registration numbers and dates, when written


@dataclass
class Row:
    sector: str  # the section header text
    cells: tuple[str, ...]  # six cells as the dump writes them (debris included)
    truth: RowTruth


@dataclass
class Report:
    stem: str  # "smolensk-belarus-2021-h2"
    title_lines: tuple[str, ...]
    rows: list[Row]
    home: str
    year: int
    half: int


# --------------------------------------------------------------------------- small helpers


def plural(n: int, forms: tuple[str, str, str]) -> str:
    """The noun form agreeing with ``n``: one/few/many ("1 человек", "3 человека", "5 человек")."""
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return forms[1]
    return forms[2]


def thousands(n: int, rng: random.Random) -> str:
    """ "1 200" with a space or a non-breaking space, as typed; "850" below a thousand."""
    if n < 1000:
        return str(n)
    sep = rng.choice((" ", NBSP))
    return f"{n // 1000}{sep}{n % 1000:03d}"


def roman(n: int) -> str:
    """ "XLVII" for 47."""
    out = ""
    for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def half_bounds(year: int, half: int) -> tuple[date, date]:
    return (date(year, 1, 1), date(year, 6, 30)) if half == 1 else (date(year, 7, 1), date(year, 12, 31))


def town_ref(town: Town, case: str = "nom") -> str:
    """ "г. Кричева", "д. Хмелита", "гп Лиозно"."""
    name = {"nom": town.nom, "gen": town.gen, "prep": town.prep}[case]
    return f"{town.kind} {name}"


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


# --------------------------------------------------------------------------- dates


@dataclass(frozen=True)
class Dates:
    text: str
    start: date
    end: date
    periods: int


def _year_tail(rng: random.Random, year: int) -> str:
    """How the year follows a date: on the next line (as in the bundled report) or not."""
    word = rng.choice(("года", "года", "года", "г."))
    return rng.choice(("\n", "\n", " ")) + f"{year} {word}"


def make_dates(rng: random.Random, year: int, half: int) -> Dates:
    """A dates cell inside the half-year, in one of the forms the reports use."""
    first, last = half_bounds(year, half)
    months = list(range(first.month, last.month + 1))
    form = rng.choices(
        (
            "single",
            "numeric",
            "range",
            "cross",
            "from-to",
            "month",
            "month-range",
            "month-list",
            "numeric-list",
            "half",
            "day-list",
            "whole-month-days",
        ),
        weights=(30, 4, 14, 5, 5, 8, 5, 3, 3, 2, 3, 2),
    )[0]
    if form in _DAY_FORMS:
        return _day_dates(rng, form, year, months, first, last)
    return _month_dates(rng, form, year, half, months, first, last)


_DAY_FORMS = frozenset({"single", "numeric", "range", "cross", "from-to", "numeric-list", "day-list"})


def _day_dates(rng: random.Random, form: str, year: int, months: list[int], first: date, last: date) -> Dates:
    """A dates cell that names days: one, a range, or a list."""
    if form == "single":
        d = _day(rng, first, last)
        return Dates(f"{d.day} {MONTHS_GEN[d.month]}{_year_tail(rng, year)}", d, d, 1)
    if form == "numeric":
        d = _day(rng, first, last)
        return Dates(f"{d:%d.%m.%Y}", d, d, 1)
    if form == "range":
        m = rng.choice(months)
        days = calendar.monthrange(year, m)[1]
        a = rng.randint(1, days - 1)
        b = rng.randint(a + 1, min(days, a + 4))
        dash = rng.choice(("-", "-", "–"))
        return Dates(
            f"{a}{dash}{b} {MONTHS_GEN[m]}{_year_tail(rng, year)}", date(year, m, a), date(year, m, b), 1
        )
    if form == "cross":
        m = rng.choice(months[:-1])
        days = calendar.monthrange(year, m)[1]
        a = rng.randint(days - 4, days)
        b = rng.randint(1, 4)
        text = f"{a} {MONTHS_GEN[m]} – {b} {MONTHS_GEN[m + 1]}{_year_tail(rng, year)}"
        return Dates(text, date(year, m, a), date(year, m + 1, b), 1)
    if form == "from-to":
        m = rng.choice(months)
        days = calendar.monthrange(year, m)[1]
        a = rng.randint(1, days - 2)
        b = rng.randint(a + 1, min(days, a + 6))
        return Dates(
            f"с {a} по {b} {MONTHS_GEN[m]}{_year_tail(rng, year)}", date(year, m, a), date(year, m, b), 1
        )
    if form == "numeric-list":
        picks = sorted({_day(rng, first, last) for _ in range(rng.randint(2, 5))})
        return Dates("\n".join(f"{d:%d.%m.%Y}" for d in picks), picks[0], picks[-1], len(picks))
    if form == "day-list":
        m = rng.choice(months)
        days = sorted(rng.sample(range(1, calendar.monthrange(year, m)[1] + 1), 3))
        text = f"{days[0]}, {days[1]} и {days[2]} {MONTHS_GEN[m]}{_year_tail(rng, year)}"
        return Dates(text, date(year, m, days[0]), date(year, m, days[2]), 3)
    raise ValueError(f"not a form of days: {form}")


def _month_dates(
    rng: random.Random, form: str, year: int, half: int, months: list[int], first: date, last: date
) -> Dates:
    """A dates cell that names whole months, or the half-year."""
    if form == "month":
        m = rng.choice(months)
        end = date(year, m, calendar.monthrange(year, m)[1])
        return Dates(f"{MONTHS_NOM[m]}{_year_tail(rng, year)}", date(year, m, 1), end, 1)
    if form == "whole-month-days":
        m = rng.choice(months)
        days = calendar.monthrange(year, m)[1]
        return Dates(
            f"1-{days} {MONTHS_GEN[m]}{_year_tail(rng, year)}", date(year, m, 1), date(year, m, days), 1
        )
    if form == "month-range":
        i = rng.randrange(len(months) - 1)
        a, b = months[i], months[min(len(months) - 1, i + rng.choice((1, 1, 2)))]
        end = date(year, b, calendar.monthrange(year, b)[1])
        return Dates(f"{MONTHS_NOM[a]}-{MONTHS_NOM[b]}{_year_tail(rng, year)}", date(year, a, 1), end, 1)
    if form == "month-list":
        a, b = sorted(rng.sample(months, 2))
        sep = rng.choice((",\n ", ", ", " и "))
        end = date(year, b, calendar.monthrange(year, b)[1])
        return Dates(f"{MONTHS_NOM[a]}{sep}{MONTHS_NOM[b]}\n{year} года", date(year, a, 1), end, 2)
    roman = "I" if half == 1 else "II"
    return Dates(f"в течение {roman} полугодия\n{year} года", first, last, 1)


# --------------------------------------------------------------------------- counts


@dataclass(frozen=True)
class Count:
    text: str  # what the participants cell says ("(общее количество – 128 человек)")
    total: int
    bound: str


def make_count(rng: random.Random, *, authors: bool = False) -> Count:
    """A participant count; ``authors``: the row is a contest or the like, where "Всего приняло
    участие 98 авторов" fits."""
    style = rng.choices(("form", "thousands", "big", "authors"), weights=(80, 5, 8, 20 if authors else 0))[0]
    if style == "thousands":
        k = rng.randint(2, 5)
        word = rng.choice(("свыше", "более"))
        return Count(f"({word} {k} тыс. человек)", k * 1000, "lower")
    if style == "big":
        n = rng.randrange(1050, 3000, 50)
        return Count(
            f"(общее количество – {thousands(n, rng)} {plural(n, ('человек', 'человека', 'человек'))})",
            n,
            "exact",
        )
    if style == "authors":
        n = rng.randint(25, 140)
        adjective = rng.choice(("талантливых ", "молодых ", ""))
        return Count(
            f"Всего приняло участие {n} {adjective}{plural(n, ('автор', 'автора', 'авторов'))}.", n, "exact"
        )
    template, forms, bound = rng.choice(COUNT_FORMS)
    n = rng.choice((rng.randint(8, 60), rng.randint(60, 600)))
    if bound != "exact":
        n = rng.randrange(20, 600, 10)
    return Count(template.format(n=n, noun=plural(n, forms)), n, bound)


# --------------------------------------------------------------------------- the row builder


@dataclass
class Context:
    rng: random.Random
    home: HomeRegion
    year: int
    half: int
    people_by_org: dict[str, list[Person]]


def _orgs(ctx: Context, country: str, sector: str, regions: Sequence[str]) -> list[Org]:
    """Organisations of one side that work in ``sector``, seated in one of ``regions``."""

    def fits(o: Org) -> bool:
        return o.country == country and ("*" in o.areas or sector in o.areas)

    local = [o for o in ORGANISATIONS if fits(o) and TOWN_BY_NAME[o.seat].region in regions]
    if country == "RU":
        # Russian bodies abroad (the centres of science and culture) work with every region.
        local += [o for o in ORGANISATIONS if fits(o) and TOWN_BY_NAME[o.seat].country == "BY"]
    national = [o for o in ORGANISATIONS if fits(o) and o.seat == "Минск" and country == "BY"]
    return local or national or [o for o in ORGANISATIONS if o.country == country and "*" in o.areas]


def _pick_org(ctx: Context, country: str, sector: str, regions: Sequence[str]) -> Org:
    pool = _orgs(ctx, country, sector, regions)
    # Governments and oblispolkoms are everywhere in the real reports, but not in every row.
    weights = [1 if "*" in o.areas else 3 for o in pool]
    return ctx.rng.choices(pool, weights=weights)[0]


def _forms(o: Org) -> tuple[str, ...]:
    return (o.nom, o.gen, o.dat, o.ins, *o.aliases)


def _towns_of(region: str) -> list[Town]:
    return [t for t in TOWNS if t.region == region]


class RowMaker:
    """Composes one event row: the six cells plus the answer key."""

    def __init__(self, ctx: Context, sector: str, number: int) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.sector = sector
        self.number = number
        self.home = ctx.home
        self.ru_region = REGIONS[ctx.home.code]
        partners = ctx.home.partners
        self.by_code = self.rng.choices(partners, weights=range(len(partners) * 2, 0, -2))[0]
        self.by_region = REGIONS[self.by_code]
        self.orgs: list[str] = []
        self.people: list[str] = []
        self.towns: list[str] = []
        self.formats: set[str] = set()

    # ---------------------------------------------------------------- pieces

    def org(self, country: str) -> Org:
        regions = (self.home.code,) if country == "RU" else (self.by_code, "BY-HM")
        return _pick_org(self.ctx, country, self.sector, regions)

    def name(self, o: Org, case: str) -> str:
        if o.key not in self.orgs:
            self.orgs.append(o.key)
        if case == "nom" and o.aliases and self.rng.random() < 0.4:
            return self.rng.choice(o.aliases)
        return o.form(case)

    def person(self, o: Org) -> str | None:
        """ "Губернатор Смоленской области А.В. Соколов", sometimes with the name on the next line."""
        candidates = self.ctx.people_by_org.get(o.key)
        if not candidates:
            return None
        p = self.rng.choice(candidates)
        self.people.append(f"{p.initials} {p.surname}")
        if o.key not in self.orgs:
            self.orgs.append(o.key)
        sep = self.rng.choice((" ", " ", " ", " \n", "\n"))
        if self.rng.random() < 0.1:
            return f"{p.position} {p.initials}\n{p.surname}"
        return f"{p.position}{sep}{p.initials} {p.surname}"

    def home_town(self, *, city: bool = False) -> Town:
        towns = [t for t in _towns_of(self.home.code) if t.kind == "г." or not city]
        capital = TOWN_BY_NAME[CAPITALS[self.home.code]]
        return capital if self.rng.random() < 0.55 else self.rng.choice(towns)

    def by_town(self) -> Town:
        towns = _towns_of(self.by_code)
        capital = TOWN_BY_NAME[CAPITALS[self.by_code]]
        return capital if self.rng.random() < 0.5 else self.rng.choice(towns)

    def topic(self) -> str:
        return self.rng.choice(TOPICS.get(self.sector, TOPICS["general"]))

    def event_name(self, family: str) -> str:
        return self.rng.choice(EVENT_NAMES[family])

    def anniversary(self) -> str:
        """ "80-летию освобождения Смоленщины ...", with the reporting region's land."""
        return self.rng.choice(ANNIVERSARIES).replace("Смоленщины", _LANDS[self.home.slug])

    def date_in_half(self) -> date:
        return _day(self.rng, *half_bounds(self.ctx.year, self.ctx.half))

    # ---------------------------------------------------------------- places

    def place_cell(self, town: Town, host: Org | None) -> str:
        """The place cell: a town with its region or country, maybe a venue or the host."""
        rng = self.rng
        self.towns.append(town.nom)
        abroad = town.country == "BY"
        region = REGIONS[town.region]
        tail = "Республика Беларусь" if abroad else region.nom
        venues = [v for v in VENUES if v.town == town.nom and ("*" in v.areas or self.sector in v.areas)]
        style = rng.choices(
            ("town", "town-region", "venue", "host", "host-first", "village"), weights=(30, 25, 15, 15, 8, 7)
        )[0]
        if style == "village" and town.district:
            return f"{town_ref(town)},\n{town.district},\n{region.nom}"
        if style == "venue" and venues:
            v = rng.choice(venues)
            address = (
                f" ({v.address.replace(', ', rng.choice((', ', chr(10), ' ')), 1)})" if v.address else ""
            )
            return f"{town_ref(town)},\n{v.name}{address}"
        if style == "host" and host is not None:
            return f"{town_ref(town)},\n{tail},\n({self.name(host, 'nom')})"
        if style == "host-first" and host is not None:
            return f"{self.name(host, 'nom')}\n({town_ref(town)}{', ' + tail if abroad else ''})"
        if style == "town":
            return town_ref(town)
        short = rng.choice((tail, tail.replace("область", "обл.")))
        return f"{town_ref(town)},\n{short}" if abroad or rng.random() < 0.6 else f"{town_ref(town)}, {short}"

    # ---------------------------------------------------------------- kinds

    def build(self, kind: str) -> tuple[str, str, str, str, Count | None]:
        """(title, place, content, participants, count) for one kind of event."""
        return getattr(self, "kind_" + kind.replace("-", "_"))()

    def _sides(self) -> tuple[Org, Org]:
        return self.org("RU"), self.org("BY")

    def _host(self, ru: Org, by: Org) -> tuple[Town, Org]:
        if self.rng.random() < 0.6 or TOWN_BY_NAME[ru.seat].country == "BY":
            # A Russian body abroad (a centre of science and culture) hosts in its own town.
            return TOWN_BY_NAME[ru.seat], ru
        return TOWN_BY_NAME[by.seat], by

    def _participants(self, ru: Org, by: Org, town: Town, *, people: bool = True) -> str:
        rng = self.rng
        parts: list[str] = []
        if people and rng.random() < 0.35 and (p := self.person(ru)):
            parts.append(p)
        elif rng.random() < 0.6:
            parts.append(f"{rng.choice(('Представители', 'Сотрудники', 'Делегация'))} {self.name(ru, 'gen')}")
        else:
            parts.append(
                rng.choice(GROUPS.get(self.sector, GROUPS["general"])).format(
                    ru_gen=self.ru_region.gen, by_gen=self.by_region.gen, town_gen=town.gen
                )
            )
        if people and rng.random() < 0.3 and (p := self.person(by)):
            parts.append(p)
        else:
            learners = by.nom.startswith(("УО", "ГУО", "ГУДО"))
            who = rng.choice(("представители", "делегация", "сотрудники", *(("обучающиеся",) * learners)))
            country = " (Республика Беларусь)" if rng.random() < 0.5 else ""
            parts.append(f"{who} {self.name(by, 'gen')}{country}")
        centres = [o for o in ORGANISATIONS if o.key.startswith("rcnk-") and self.sector in o.areas]
        if centres and rng.random() < 0.1:
            # "при поддержке Российского центра науки и культуры в г. Гомеле (Республика Беларусь)"
            parts[-1] += f" при поддержке {self.name(rng.choice(centres), 'gen')}"
        sep = rng.choice(("; ", ";\n", "; ", ", "))
        return sep.join(parts)

    def _generic(self, title: str, content: str) -> tuple[str, str, str, str, Count | None]:
        ru, by = self._sides()
        town, host = self._host(ru, by)
        place = self.place_cell(town, host)
        participants = self._participants(ru, by, town)
        return title, place, content, participants, None

    def kind_signing(self) -> tuple[str, str, str, str, Count | None]:
        rng, home = self.rng, self.home
        gov = ORG_BY_KEY[home.government]
        style = rng.choices(
            ("agreement", "intent", "supplementary", "plan", "memorandum", "treaty"),
            weights=(4, 2, 2, 2, 2, 3),
        )[0]
        if style in ("intent", "supplementary"):
            companies = [o for o in ORGANISATIONS if o.country == "RU" and o.key in FOUNDERS]
            partner = rng.choice(companies) if companies and home.slug == "smolensk" else self.org("BY")
        elif style == "treaty":
            partner = self.org("BY")
        else:
            partner = ORG_BY_KEY[_EXECUTIVES[self.by_code] if style != "plan" else "gov-by"]
        first = gov if style != "treaty" else self.org("RU")
        founder = f" ({FOUNDERS[partner.key]})" if partner.key in FOUNDERS and rng.random() < 0.7 else ""
        ru_mark = " (Российская Федерация)" if rng.random() < 0.5 else ""
        by_mark = " (Республика Беларусь)" if partner.country == "BY" and rng.random() < 0.6 else ""
        a, b = self.name(first, "ins"), self.name(partner, "ins")
        subject = rng.choice(
            (
                "о сотрудничестве в торгово-экономической, научно-технической, культурной и "
                "гуманитарной областях",
                "о сотрудничестве в торгово-экономической, научно-технической и социально-культурной "
                "областях",
                f"о сотрудничестве в сфере {self.topic()}" if self.sector in TOPICS else "о сотрудничестве",
            )
        )
        y = self.ctx.year
        if style == "agreement":
            doc, title = "Соглашения", f"Подписание Соглашения между {a}{ru_mark} и {b}{by_mark} {subject}"
        elif style == "intent":
            project = rng.choice(
                (
                    "Организация предприятия по возделыванию льна и переработке льноволокна",
                    "Строительство завода по производству древесных плит",
                    "Создание логистического центра",
                )
            )
            doc = "Соглашения о намерениях"
            title = (
                f"Подписание Соглашения о намерениях между {a} и {b}{founder} о сотрудничестве при "
                f"реализации инвестиционного проекта «{project}»"
            )
        elif style == "supplementary":
            doc = "дополнительного Соглашения"
            title = (
                f"Подписание дополнительного Соглашения к Соглашению о сотрудничестве между {a} и "
                f"{b}{founder}"
            )
        elif style == "plan":
            doc = "Плана мероприятий"
            title = (
                f"Подписание Плана мероприятий на\n{y}-{y + 2} годы к Соглашению между {a} и {b} {subject}"
            )
        elif style == "memorandum":
            doc = "Меморандума"
            title = f"Подписание Меморандума о сотрудничестве между {a} и {b}{by_mark}"
        else:
            doc = "Договора"
            title = f"Подписание Договора о сотрудничестве между {a} и {b}{by_mark}"
        signed = self.date_in_half()
        dates = Dates(f"{signed.day} {MONTHS_GEN[signed.month]}{_year_tail(rng, y)}", signed, signed, 1)
        self._dates_override = dates
        first_day, last_day = half_bounds(y, self.ctx.half)
        agreement: dict[str, str] = {}
        if style != "treaty" and rng.random() < 0.75:
            approved = _day(rng, first_day, signed)
            registered = _day(rng, signed, last_day)
            # Orders and registrations are numbered through the year: numbers grow with the date.
            n = approved.timetuple().tm_yday * 5 + rng.randint(0, 4)
            r = registered.timetuple().tm_yday // 3 + 1
            approval_no = f"{n}-{home.order_suffix}"
            registration_no = f"{r:03d}/{home.registry_suffix}"
            wrap = rng.choice((" ", " ", " \n"))
            content = (
                f"Подписание {doc} (утверждено {home.approval} от {approved.day} "
                f"{MONTHS_GEN[approved.month]}{wrap}{approved.year} года № {approval_no},"
                f"{rng.choice((' ', ' ', '     '))}зарегистрировано {home.registry} "
                f"{registered.day} {MONTHS_GEN[registered.month]} {registered.year} года "
                f"№{NBSP}{registration_no})"
            )
            agreement = {
                "approval_number": approval_no,
                "approval_date": approved.isoformat(),
                "registration_number": registration_no,
                "registration_date": registered.isoformat(),
            }
        else:
            content = title.replace("\n", " ") if rng.random() < 0.5 else f"Подписание {doc}"
        self._agreement = agreement
        if rng.random() < 0.7:
            place = "в рабочем порядке"
            self.formats.add("working-order")
        else:
            town = TOWN_BY_NAME[partner.seat] if partner.country == "BY" else self.home_town()
            place = self.place_cell(town, None)
        p1 = self.person(first) if rng.random() < 0.6 else None
        p2 = self.person(partner) if rng.random() < 0.6 else None
        participants = "; ".join(
            (
                p1 or f"Представители {self.name(first, 'gen')}",
                p2 or f"представители{rng.choice((' ', chr(10)))}{self.name(partner, 'gen')}",
            )
        )
        return title, place, content, participants, None

    def kind_meeting(self) -> tuple[str, str, str, str, Count | None]:
        ru, by = self._sides()
        rng = self.rng
        title = rng.choice(
            (
                f"Встреча с делегацией {self.by_region.gen}",
                f"Встреча руководства {self.name(ru, 'gen')} с делегацией {self.name(by, 'gen')}",
                f"Рабочая встреча по вопросам {self.topic()}",
                f"Переговоры с представителями {self.name(by, 'gen')}",
                "Встреча с делегацией Республики Беларусь",
            )
        )
        content = rng.choice(
            (
                f"Обсуждены вопросы {self.topic()}. Достигнута договоренность о проведении совместных "
                "мероприятий",
                f"Обсуждены вопросы {self.topic()}. Направлено приглашение {self.name(by, 'dat')} для "
                "участия в Форуме регионов России и Беларуси",
                f"Встреча в целях знакомства с инфраструктурой {ru.gen}, \nа также обсуждения "
                "вопросов о дальнейшем сотрудничестве с белорусскими предприятиями"
                if ru.nom.startswith(("ООО", "ПАО", "АО", "ОАО"))
                else f"Обсуждены итоги совместной работы {ru.gen} и {by.gen}",
                f"Обсуждение перспектив сотрудничества в сфере {self.topic()}; подписан протокол о "
                "намерениях",
            )
        )
        if rng.random() < 0.3:
            content += f". Следующая встреча запланирована в {town_ref(self.by_town(), 'prep')}"
        town, host = self._host(ru, by)
        place = self.place_cell(town, host)
        return title, place, content, self._participants(ru, by, town), None

    def kind_visit(self) -> tuple[str, str, str, str, Count | None]:
        _, by = self._sides()
        rng = self.rng
        # The visited organisation is at home (not one of the Russian centres abroad).
        ru = rng.choice([o for o in _orgs(self.ctx, "RU", self.sector, (self.home.code,))
                         if TOWN_BY_NAME[o.seat].country == "RU"])  # fmt: skip
        town = self.home_town(city=True)
        titles = [
            f"Визит делегации {self.by_region.gen} в {town_ref(town)}",
            f"Визит в {town_ref(town)} группы детей из Республики Беларусь",
            f"Посещение {self.name(ru, 'gen')} делегацией {self.name(by, 'gen')} (Республика Беларусь)",
        ]
        if rng.random() < 0.25:
            town = self.by_town()
            titles = [f"Рабочая поездка делегации {self.ru_region.gen} в {town_ref(town)}"]
        title = rng.choice(titles)
        content = (
            f"В рамках визита состоялось знакомство с работой {self.name(ru, 'gen')}, делегация "
            f"приняла участие в торжественной церемонии возложения цветов к Вечному огню. "
            f"Также члены делегации приняли участие в обзорной экскурсии по историческому центру "
            f"{town_ref(town, 'gen')}"
        )
        participants = self._participants(ru, by, town)
        return title, self.place_cell(town, None), content, participants, None

    def kind_competition(self) -> tuple[str, str, str, str, Count | None]:
        rng = self.rng
        sport = rng.choice(SPORTS)
        y = self.ctx.year
        title = rng.choice(
            (
                f"Открытое первенство {rng.choice(('области', self.ru_region.gen))} по {sport}",
                f"Открытые областные соревнования по {sport} «{self.event_name('competition')}-{y}»",
                f"Международный турнир по {sport}, посвященный {self.anniversary()}",
                f"Чемпионат {self.ru_region.gen} по {sport} с участием спортсменов Республики Беларусь",
            )
        )
        _, by = self._sides()
        town = self.home_town() if rng.random() < 0.7 else TOWN_BY_NAME[by.seat]
        venues = [v for v in VENUES if v.town == town.nom and "sport" in v.areas]
        if venues and rng.random() < 0.5:
            self.towns.append(town.nom)
            place = f"{town_ref(town)}\n{rng.choice(venues).name}"
        else:
            place = self.place_cell(town, None)
        content = rng.choice(
            (
                "Соревнования",
                "Соревнования. Спортсмены Республики Беларусь заняли призовые места",
                f"Проведены соревнования в {rng.randint(4, 12)} весовых категориях",
            )
        )
        group = GROUPS["sport"][0].format(
            ru_gen=self.ru_region.gen, by_gen=self.by_region.gen, town_gen=town.gen
        )
        return title, place, content, group, None

    def kind_exhibition(self) -> tuple[str, str, str, str, Count | None]:
        rng = self.rng
        ru, by = self._sides()
        name = self.event_name("exhibition")
        if self.sector in ("economy", "agriculture", "investment"):
            name = rng.choice(
                (
                    "Белагро",
                    "Смоленский лен",
                    "Промышленный потенциал Союзного государства",
                    "Иннопром. Беларусь",
                    "Российский промышленник",
                )
            )
            title = rng.choice(
                (
                    f"Участие в Международной специализированной выставке «{name}»",
                    f"Организация коллективной экспозиции {self.ru_region.gen} на выставке «{name}»",
                )
            )
        else:
            title = rng.choice(
                (
                    f"Открытие выставки «{name}»",
                    f"Открытие художественной выставки «{name}» ",
                    f"Участие в выставочном проекте «{name}» \nв электронном виде",
                    f"Международная выставка «{name}»",
                )
            )
            if "электронном" in title:
                self.formats.add("online")
        if self.sector in ("economy", "agriculture", "investment"):
            content = (
                f"Представлена продукция {(k := rng.randint(12, 90))} "
                f"{plural(k, ('предприятия', 'предприятий', 'предприятий'))}; заключены договоры на "
                "поставку продукции"
            )
        else:
            content = rng.choice(
                (
                    f"Выставка посвящена {self.anniversary()}. На открытии выставки выступили "
                    "художники, сотрудники музея",
                    f"Выставка является совместным проектом с {self.name(by, 'ins')}. Представлено "
                    f"{(k := rng.randint(40, 300))} {plural(k, ('экспонат', 'экспоната', 'экспонатов'))}",
                )
            )
        town, host = self._host(ru, by)
        return title, self.place_cell(town, host), content, self._participants(ru, by, town), None

    def kind_conference(self) -> tuple[str, str, str, str, Count | None]:
        rng = self.rng
        ru, by = self._sides()
        n = rng.randint(3, 12)
        title = rng.choice(
            (
                f"Международная научно-практическая конференция «Актуальные проблемы {self.topic()}»",
                f"Участие в {roman(n)} Форуме регионов Беларуси и России",
                f"Семинар по вопросам {self.topic()}",
                f"Участие во {roman(rng.randint(2, 4))} научно-практической конференции учащихся "
                "«Педагогика в лицах»",
            )
        )
        content = rng.choice(
            (
                f"Изучение опыта {self.topic()}, обмен опытом, определение направлений взаимодействия.\n"
                f"{rng.randint(3, 9)} представителей {self.name(ru, 'gen')} и {rng.randint(5, 20)} "
                "обучающихся "
                "получили удостоверения о профессиональной стажировке",
                f"Тема конференции: «{self.topic().capitalize()}». Публикация научно-практических "
                "материалов участников",
                f"На пленарном заседании выступили представители {self.name(by, 'gen')}. Подписано "
                f"{(k := rng.randint(2, 9))} {plural(k, ('соглашение', 'соглашения', 'соглашений'))}",
            )
        )
        count = None
        if content.split(" ", 1)[0] == "Изучение":
            m = re.search(r"\n(\d+) представителей .* и (\d+) обучающихся", content)
            assert m is not None
            count = Count("", int(m.group(1)) + int(m.group(2)), "exact")
        town, host = self._host(ru, by)
        return title, self.place_cell(town, host), content, self._participants(ru, by, town), count

    def kind_presentation(self) -> tuple[str, str, str, str, Count | None]:
        rng = self.rng
        title = rng.choice(
            (
                f"Презентация инвестиционного потенциала {self.ru_region.gen}",
                f"Презентация выставки «{self.event_name('exhibition')}»",
                f"Презентация книги «{self.event_name('telebridge')}»",
            )
        )
        return self._generic(
            title, f"Презентация для представителей {self.by_region.gen}; обсуждены вопросы {self.topic()}"
        )

    def kind_round_table(self) -> tuple[str, str, str, str, Count | None]:
        t = self.topic()
        title = self.rng.choice((f"Круглый стол «Перспективы {t}»", f"Круглый стол по вопросам {t}"))
        return self._generic(title, f"Обсуждены вопросы {t}; выработаны рекомендации")

    def kind_concert(self) -> tuple[str, str, str, str, Count | None]:
        ru, by = self._sides()
        town = self.home_town(city=True)
        title = self.rng.choice(
            (
                f"Концерт «{self.event_name('festival')}» с участием творческих коллективов "
                "Республики Беларусь",
                f"Гастроли творческих коллективов {self.by_region.gen} в {town_ref(town)}",
            )
        )
        content = f"Концертная программа, посвященная {self.anniversary()}"
        return title, self.place_cell(town, ru), content, self._participants(ru, by, town), None

    def kind_festival(self) -> tuple[str, str, str, str, Count | None]:
        rng = self.rng
        name = self.event_name("festival")
        title = rng.choice(
            (
                f"Международный фестиваль «{name}»",
                f"{roman(rng.randint(2, 25))} Международный фестиваль народного творчества «{name}»",
                f"Фестиваль-конкурс «{name}»",
            )
        )
        return self._generic(
            title,
            f"В фестивале приняли участие коллективы из {rng.randint(3, 15)} регионов России и Беларуси",
        )

    def kind_contest(self) -> tuple[str, str, str, str, Count | None]:
        rng = self.rng
        title = rng.choice(
            (
                f"Конкурс литературных поэтических произведений, посвященный {self.anniversary()}",
                f"Поэтический конкурс\n(с международным участием) «{self.event_name('contest')}»",
                f"Международный конкурс «{self.event_name('contest')}»",
            )
        )
        content = rng.choice(
            (
                "Обучающиеся записывали видеофайлы, в которых читали стихи о Великой Отечественной войне",
                f"Отборочные этапы конкурса прошли в {rng.choice(('заочном', 'очном'))} формате. "
                "Победители награждены дипломами",
            )
        )
        if "заочном" in content:
            self.formats.add("correspondence")
        if rng.random() < 0.4:
            # "объединений г. Смоленска, г. Ярцево и городов Республики Беларусь (г. Минска, г. Кричева)"
            home = rng.sample(_towns_of(self.home.code), 2)
            towns_by = list({t.nom: t for t in _towns_of(self.by_code) + _towns_of("BY-HM")}.values())
            abroad = rng.sample(towns_by, min(2, len(towns_by)))
            content += (
                f". Участники – представители литературных объединений {town_ref(home[0], 'gen')}, "
                f"{town_ref(home[1], 'gen')} и городов Республики Беларусь "
                f"({', '.join(town_ref(t, 'gen') for t in abroad)})"
            )
        return self._generic(title, content)

    def kind_telebridge(self) -> tuple[str, str, str, str, Count | None]:
        title = f"Международный телемост «{self.event_name('telebridge')}», посвященный {self.anniversary()}"
        topics = (
            "Партизанскими тропами",
            "Герои-земляки",
            "Я поведу тебя в музей",
            "Поклонимся великим тем годам",
        )
        content = "\n".join(f"Тема «{t}»." for t in self.rng.sample(topics, self.rng.randint(1, 3)))
        title, place, content, participants, count = self._generic(title, content)
        if self.rng.random() < 0.4:
            # Both ends of the bridge: "г. Смоленск – г. Могилев"
            home, abroad = self.home_town(city=True), self.by_town()
            self.towns = [home.nom, abroad.nom]
            place = f"{town_ref(home)} – {town_ref(abroad)}"
        return title, place, content, participants, count

    def kind_quiz(self) -> tuple[str, str, str, str, Count | None]:
        title = f"Онлайн-викторина «{self.event_name('quiz')}»"
        self.formats.add("online")
        return self._generic(title, f"Онлайн-викторина, посвященная {self.anniversary()}")

    def kind_readings(self) -> tuple[str, str, str, str, Count | None]:
        n = self.rng.randint(40, 52)
        title = f"{roman(n)} Общественно-научные чтения, посвященные памяти Ю.А. Гагарина"
        return self._generic(
            title,
            "Участие в торжественном открытии чтений. Встречи с делегациями регионов России "
            f"и представителями {self.rng.randint(5, 22)} регионов",
        )

    def kind_excursion(self) -> tuple[str, str, str, str, Count | None]:
        town = self.home_town(city=True)
        title = (
            f"Экскурсия для делегации {self.by_region.gen} по историческому центру {town_ref(town, 'gen')}"
        )
        ru, by = self._sides()
        return (
            title,
            self.place_cell(town, None),
            "Обзорная экскурсия",
            self._participants(ru, by, town),
            None,
        )

    def kind_internship(self) -> tuple[str, str, str, str, Count | None]:
        ru, by = self._sides()
        title = (
            f"Профессиональная стажировка специалистов {self.name(ru, 'gen')} на базе {self.name(by, 'gen')}"
        )
        town = TOWN_BY_NAME[by.seat]
        content = f"Изучение опыта {self.topic()}; участники получили удостоверения о стажировке"
        return title, self.place_cell(town, by), content, self._participants(ru, by, town), None

    def kind_lesson(self) -> tuple[str, str, str, str, Count | None]:
        title = self.rng.choice(
            (
                "Международный проект «Гагаринский урок «Космос – это мы»»",
                f"Открытый урок, посвященный {self.anniversary()}",
                f"Мастер-класс для педагогов {self.by_region.gen}",
            )
        )
        return self._generic(
            title, "Демонстрация материалов урока, встреча школьников с ветеранами космонавтики"
        )

    def kind_webinar(self) -> tuple[str, str, str, str, Count | None]:
        self.formats.add("online")
        return self._generic(
            f"Вебинар по вопросам {self.topic()} (онлайн)", "Обмен опытом; ответы на вопросы участников"
        )

    def kind_school(self) -> tuple[str, str, str, str, Count | None]:
        season = (
            self.rng.choice(("зимней", "летней"))
            if self.ctx.half == 1
            else self.rng.choice(("летней", "осенней"))
        )
        title = self.rng.choice(
            (
                f"Проведение {season} образовательной школы молодых лидеров приграничных регионов "
                "России и Республики Беларусь",
                f"Школа молодого вожатого «{self.event_name('school')}»",
            )
        )
        return self._generic(title, "Проведение дискуссионных площадок, мастер-классов и тренингов")

    def kind_camp(self) -> tuple[str, str, str, str, Count | None]:
        title = f"Международная профильная смена «{self.event_name('camp')}»"
        return self._generic(
            title, "Смена для детей и молодежи России и Беларуси: спортивные и творческие мероприятия"
        )

    # ---------------------------------------------------------------- the row

    def make(self) -> tuple[tuple[str, ...], RowTruth]:
        rng = self.rng
        kind = rng.choice(SECTOR_EVENT_KINDS[self.sector])
        self._dates_override: Dates | None = None
        self._agreement: dict[str, str] = {}
        title, place, content, participants, count = self.build(kind)
        dates = self._dates_override or make_dates(rng, self.ctx.year, self.ctx.half)
        # A participant count, in the participants cell (or the parts sentence in the content).
        if count is None and kind != "signing" and rng.random() < 0.6:
            count = make_count(rng, authors=kind in ("contest", "festival", "readings", "quiz", "exhibition"))
            if count.text.startswith("Всего"):
                content = f"{content}. {count.text}"
            elif count.text.startswith("("):
                participants = f"{participants}{rng.choice((' ', chr(10), ' '))}{count.text}"
            else:
                participants = f"{participants}; {count.text}"
        # An online / distance / correspondence format, said in the title or the place.
        if kind not in ("signing",) and rng.random() < 0.12 and not self.formats:
            fmt = rng.choice(tuple(FORMAT_MARKS))
            mark = rng.choice(FORMAT_MARKS[fmt])
            title = f"{title}{rng.choice((chr(10), ' '))}{mark}"
            self.formats.add(fmt)
            if "видеоконференц" in mark or "онлайн" in mark:
                self.formats.add("online")
        # Keep only what the final cells name (templates not chosen were formatted too).
        text = " ".join((title, place, content, participants))
        named = [k for k in self.orgs if any(form in text for form in _forms(ORG_BY_KEY[k]))]
        truth = RowTruth(
            number=self.number,
            sector_key=self.sector,
            kind=kind,
            start=dates.start.isoformat(),
            end=dates.end.isoformat(),
            periods=dates.periods,
            total=count.total if count else None,
            bound=count.bound if count else None,
            towns=list(dict.fromkeys(self.towns)),
            organisations=named,
            people=list(dict.fromkeys(self.people)),
            formats=sorted(self.formats),
            agreement=self._agreement or None,
        )
        return (f"{self.number}. ", title, place, dates.text, content, participants), truth


_LANDS = {"smolensk": "Смоленщины", "bryansk": "Брянщины", "pskov": "Псковщины"}

# The executive committee that signs for each Belarusian region.
_EXECUTIVES = {
    "BY-VI": "oblispolkom-vitebsk",
    "BY-MA": "oblispolkom-mogilev",
    "BY-HO": "oblispolkom-gomel",
    "BY-MI": "oblispolkom-minsk",
    "BY-HM": "minsk-gorispolkom",
    "BY-BR": "oblispolkom-brest",
    "BY-HR": "oblispolkom-grodno",
}


# --------------------------------------------------------------------------- Word debris


def _wrap(rng: random.Random, line: str) -> str:
    """Break a long line at a space, as an author pressing Enter would: after a word, never
    between a number and its noun, after an abbreviation, or so that a line is left empty (a
    blank line ends a row in the dump)."""
    spaces = [
        m.start()
        for m in re.finditer(r" (?=[^\s\d(–-])", line)  # never before a number, a bracket or a dash
        if re.search(r"[А-Яа-яЁё»)]{3}$", line[: m.start()])
    ]
    if len(line) < 70 or not spaces:
        return line
    at = rng.choice(spaces)
    return line[:at] + rng.choice((" \n", "\n", "\n")) + line[at + 1 :]


def _between_digits(text: str, at: int) -> bool:
    return at > 0 and text[at - 1].isdigit() and at + 1 < len(text) and text[at + 1].isdigit()


def add_debris(rng: random.Random, text: str, *, column: int) -> str:
    """Word's leftovers in a cell: line breaks, nbsp, double spaces, hyphenation, trailing spaces."""
    if column in (0, 3):  # number and dates cells keep their own shapes
        return text
    if rng.random() < 0.25:
        text = "\n".join(_wrap(rng, line) for line in text.split("\n"))
    if rng.random() < 0.08:
        text = _hyphenate(rng, text)
    if rng.random() < 0.06:
        text = _widen_space(rng, text)
    if rng.random() < 0.2:
        short = [m.end() - 1 for m in re.finditer(r"(?:^|\s)(?:в|с|и|на|№|г\.) (?=\S)", text)]
        if short:
            at = rng.choice(short)
            text = text[:at] + NBSP + text[at + 1 :]
    if rng.random() < 0.12:
        lines = text.split("\n")
        i = rng.randrange(len(lines))
        lines[i] += " "
        text = "\n".join(lines)
    return text


def _hyphenate(rng: random.Random, text: str) -> str:
    """One known word hyphenated as Word left it ("государствен-ный"), maybe across lines."""
    words = [w for w in HYPHENATIONS if re.search(rf"(?<![а-яё-]){w}(?![а-яё-])", text)]
    if not words:
        return text
    word = rng.choice(words)
    split = HYPHENATIONS[word]
    if rng.random() < 0.3:
        split = split.replace("-", "-\n")
    return re.sub(rf"(?<![а-яё-]){word}(?![а-яё-])", split, text, count=1)


def _widen_space(rng: random.Random, text: str) -> str:
    """One space between words (not between digits) widened to several."""
    spaces = [m.start() for m in re.finditer(r"(?<=\S) (?=\S)", text) if not _between_digits(text, m.start())]
    if not spaces:
        return text
    at = rng.choice(spaces)
    return text[:at] + rng.choice(("  ", "  ", "   ", "     ")) + text[at + 1 :]


# --------------------------------------------------------------------------- reports


def report_periods(count: int, regions: Sequence[str]) -> list[tuple[str, int, int]]:
    """``count`` distinct (region, year, half) periods: recent years first, the regions in turn."""
    periods = [
        (r, y, h) for years in (RECENT_YEARS, OLDER_YEARS) for y in years for h in (1, 2) for r in regions
    ]
    if count > len(periods):
        raise ValueError(
            f"{count} reports need {count} distinct periods; {len(regions)} region(s) give {len(periods)}: "
            "use more rows per report or more regions"
        )
    return periods[:count]


def _sector_plan(rng: random.Random, rows: int) -> list[str]:
    """The sector of each row, in report order: a handful of sectors, weighted, grouped."""
    wanted = max(1, min(len(SECTOR_ORDER), rows // 4 + 1, rng.randint(5, 10)))
    chosen = set(rng.sample(SECTOR_ORDER, k=wanted, counts=[SECTOR_WEIGHTS[s] for s in SECTOR_ORDER]))
    ordered = [s for s in SECTOR_ORDER if s in chosen]
    # Every chosen sector gets a row; the rest go by weight.
    extra = rng.choices(ordered, weights=[SECTOR_WEIGHTS[s] for s in ordered], k=max(0, rows - len(ordered)))
    plan = sorted(ordered[:rows] + extra, key=ordered.index)
    return plan


def generate_report(seed: int | str, home_slug: str, year: int, half: int, rows: int) -> Report:
    """One report, fully determined by its arguments."""
    rng = random.Random(f"{seed}:{home_slug}:{year}:{half}:{rows}")
    home = HOME_REGIONS[home_slug]
    people_by_org: dict[str, list[Person]] = {}
    for p in PEOPLE:
        people_by_org.setdefault(p.org, []).append(p)
    ctx = Context(rng, home, year, half, people_by_org)
    region = REGIONS[home.code]
    title = (
        rng.choice(("Отчет", " Отчет", "ОТЧЕТ")),
        f"о сотрудничестве органов исполнительной власти {region.gen} с регионами Республики Беларусь",
        f"за {'I' if half == 1 else 'II'} полугодие {year} года",
    )
    headers = {s: rng.choice(SECTOR_HEADERS[s]) for s in SECTOR_ORDER}
    out: list[Row] = []
    bookmark_row = rng.randrange(rows) if rng.random() < 0.5 else -1
    for index, sector in enumerate(_sector_plan(rng, rows)):
        cells, truth = RowMaker(ctx, sector, index + 1).make()
        cells = tuple(add_debris(rng, c, column=i) for i, c in enumerate(cells))
        if index == bookmark_row:
            cells = (*cells[:2], cells[2] + "\n[bookmark: _GoBack]", *cells[3:])
        elif rng.random() < 0.02:
            cells = (*cells[:2], cells[2] + " \n", *cells[3:])  # an empty last paragraph in the place cell
        out.append(Row(headers[sector], cells, truth))
    return Report(f"{home_slug}-belarus-{year}-h{half}", title, out, home_slug, year, half)


def render_text(report: Report) -> str:
    """The report as the text dump of its Word table."""
    lines = [*report.title_lines, ""]
    lines += ["\t" + cell for cell in HEADER_CELLS]
    lines.append("")
    sector = None
    for row in report.rows:
        if row.sector != sector:
            lines += ["\t" + row.sector, ""]
            sector = row.sector
        lines += ["\t" + cell for cell in row.cells]
        lines.append("")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- DOCX


def render_docx(report: Report, rng: random.Random) -> bytes:
    """The report as a Word document: title paragraphs, then the table (header row repeated on
    each page, section rows merged across, cell lines as paragraphs or soft breaks). The zip is
    written with fixed timestamps so the same report gives the same bytes."""
    from docx import Document
    from docx.oxml import OxmlElement

    document = Document()
    for line in report.title_lines:
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=6)
    table.style = "Table Grid"
    fill = _CellFiller(rng).fill

    header = table.add_row()
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, text in zip(header.cells, HEADER_CELLS, strict=True):
        fill(cell, text)
    sector = None
    for row in report.rows:
        if row.sector != sector:
            cells = table.add_row().cells
            fill(cells[0].merge(cells[5]), row.sector)
            sector = row.sector
        for cell, text in zip(table.add_row().cells, row.cells, strict=True):
            fill(cell, text)
    raw = io.BytesIO()
    document.save(raw)
    return _fixed_zip(raw.getvalue())


class _CellFiller:
    """Writes a cell's lines into Word's cell, each after the first as a new paragraph or after a
    soft break (at random), and a "[bookmark: _GoBack]" line as the bookmark Word leaves; the
    bookmarks of one document are numbered in order."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.bookmark_id = 0

    def fill(self, cell: object, text: str) -> None:
        paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
        for i, line in enumerate(text.split("\n")):
            if line.strip() == "[bookmark: _GoBack]":
                self._bookmark(cell)
            elif i == 0:
                paragraph.add_run(line)
            elif self.rng.random() < 0.5:
                run = paragraph.add_run()
                run.add_break()
                run.add_text(line)
            else:
                paragraph = cell.add_paragraph()  # type: ignore[attr-defined]
                paragraph.add_run(line)

    def _bookmark(self, cell: object) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), str(self.bookmark_id))
        start.set(qn("w:name"), "_GoBack")
        end.set(qn("w:id"), str(self.bookmark_id))
        p = cell.add_paragraph()  # type: ignore[attr-defined]
        p._p.append(start)
        p._p.append(end)
        self.bookmark_id += 1


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with every member dated 1980-01-01, so equal content gives equal bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------- the corpus


def generate_corpus(
    out: Path,
    *,
    reports: int,
    rows_per_report: int,
    seed: int | str = 0,
    regions: Sequence[str] = ("smolensk", "bryansk", "pskov"),
    docx: bool = False,
) -> list[Path]:
    """Write ``reports`` reports of ``rows_per_report`` rows each into ``out`` (text dumps, or
    DOCX with ``docx=True``) and ``expected.jsonl`` (one line per row). Returns the report paths."""
    if reports < 1 or rows_per_report < 1:
        raise ValueError("reports and rows per report must be at least 1")
    unknown = [r for r in regions if r not in HOME_REGIONS]
    if unknown:
        raise ValueError(f"unknown region(s) {unknown}; known: {sorted(HOME_REGIONS)}")
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    with (out / "expected.jsonl").open("w", encoding="utf-8") as expected:
        for home, year, half in report_periods(reports, regions):
            report = generate_report(seed, home, year, half, rows_per_report)
            if docx:
                path = out / f"{report.stem}.docx"
                path.write_bytes(render_docx(report, random.Random(f"{seed}:docx:{report.stem}")))
            else:
                path = out / f"{report.stem}.txt"
                path.write_bytes(render_text(report).encode("utf-8"))
            paths.append(path)
            for row in report.rows:
                line = {"report": report.stem, "file": path.name, **asdict(row.truth)}
                expected.write(json.dumps(line, ensure_ascii=False) + "\n")
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=40, help="number of reports (default 40)")
    parser.add_argument("--rows-per-report", type=int, default=50, help="event rows per report (default 50)")
    parser.add_argument("--seed", default="0", help="seed: the same seed gives the same files")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into (created)")
    parser.add_argument("--docx", action="store_true", help="write DOCX documents instead of text dumps")
    parser.add_argument(
        "--regions",
        default="smolensk,bryansk,pskov",
        help="reporting regions, comma-separated (default smolensk,bryansk,pskov)",
    )
    args = parser.parse_args(argv)
    try:
        paths = generate_corpus(
            args.out,
            reports=args.reports,
            rows_per_report=args.rows_per_report,
            seed=args.seed,
            regions=tuple(r.strip() for r in args.regions.split(",") if r.strip()),
            docx=args.docx,
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    rows = len(paths) * args.rows_per_report
    print(f"wrote {len(paths)} reports, {rows} rows, to {args.out} (answer key: expected.jsonl)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
