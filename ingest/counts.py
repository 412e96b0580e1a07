"""Participant counts: "(общее количество – 128 человек)", "98 талантливых авторов",
"свыше 2 тыс. человек", "6 представителей ... и 13 обучающихся", "около двухсот человек".

A number is a count only when a person-like noun follows it (after at most a few adjectives:
"98 талантливых авторов"), or when a total marker ("общее количество –") stands right before
it. That keeps out "22 регионов", "25 мая", "86-летию", "№ 175-р/адм", "2020-2022 годы" and
house numbers. Person-likeness is a list of nouns plus pymorphy3's animacy tag, so "авторов"
and "волонтёров" count while "регионов" and "делегаций" do not.

Counts in words ("около двухсот человек", "свыше тысячи зрителей", "полторы тысячи гостей") are
read by the numerals' dictionary forms; a bare "тысячи"/"сотни" with no quantifier before it means
"thousands", not a number, and is left alone. The units decide what is summed: one unmarked count
is the total; several are parts, added up ("15 человек от Смоленской области, 12 – от Витебской":
the unit carries over an elided noun); a count after "в том числе" / "из них" is a group within
the total and is never added to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from pymorphy3.analyzer import Parse

from coopgraph.ingest.errors import CellError
from coopgraph.ingest.nominative import analyzer
from coopgraph.ingest.records import Bound, CountKind, CountRecord

MAX_PLAUSIBLE = 10_000_000

# Nouns (nominative singular) that name people even where the dictionary's animacy tag is
# missing or ambiguous, and substantivised participles/adjectives ("13 обучающихся").
_PERSON_WORDS = """человек участник представитель автор спортсмен спортсменка школьник школьница студент
    студентка учащийся обучающийся воспитанник педагог учитель преподаватель ребёнок ребенок
    дети подросток гость делегат член специалист волонтёр волонтер житель ветеран зритель
    слушатель посетитель читатель исполнитель конкурсант финалист лауреат победитель призёр
    призер эксперт руководитель сотрудник работник врач журналист артист музыкант спикер
    докладчик выпускник курсант юноша девушка мальчик девочка лидер активист предприниматель
    фермер тренер судья старшеклассник абитуриент космонавт учёный ученый стажёр стажер
    отдыхающий желающий взрослый пожилой пенсионер"""
PERSON_NOUNS: frozenset[str] = frozenset(_PERSON_WORDS.split())
# Proper names are animate too, but "3 Ивановых" is not a count of participants.
_NAME_TAGS = {"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr"}
_ABBREVIATIONS = {"чел": "человек"}  # "128 чел."
_SKIPPABLE = {"ADJF", "PRTF", "NUMR", "ADJS", "PRTS"}  # words that may stand between number and noun
_MAX_SKIPPED = 3

_SPACE = "[ \u00a0\u2009\u202f]"
_NUMBER = re.compile(
    rf"(?<![\d\w№/.,\-–—])(?P<num>\d{{1,3}}(?:{_SPACE}\d{{3}})+(?!\d)|\d+(?:[.,]\d+)?)(?![\d])"
    rf"(?P<mult>{_SPACE}*(?:тыс(?:\.|яч[аиь]?\b|\b)|млн(?:\.|\b)|миллион(?:а|ов)?\b|млрд(?:\.|\b)|миллиард(?:а|ов)?\b))?",
    re.IGNORECASE,
)
_GLUED_AFTER = re.compile(r"[\-–—]\s?[\w\d]|[.,]\d|/")  # "86-летию", "2020-2022", "175-р/адм"
_BEFORE_EXCLUDED = re.compile(
    r"(?:№|N|\bд|\bдом|\bул|\bкорп|\bстр|\bкв|\bоф|\bп|\bпп|\bст|\bгл|\bразд|\bч)\.?\s*$", re.IGNORECASE
)
_LOWER = re.compile(r"(?:более|свыше|больше|не\s+менее|не\s+меньше|от)\s*$", re.IGNORECASE)
_PER_EACH = re.compile(r"\bпо\s*$", re.IGNORECASE)  # "5 команд по 10 человек": a size per group
_APPROX = re.compile(r"(?:около|порядка|примерно|приблизительно|почти|до|ориентировочно)\s*$", re.IGNORECASE)
_TOTAL_MARKER = re.compile(
    r"общ(?:ее|ей)\s+(?:количеств[оа]|числ[оа]|численност[ьи])(?:\s+участников)?"
    r"|(?:количеств[оа]|числ[оа]|численност[ьи])\s+участников"
    r"|всего|итого|в\s+общей\s+сложности",
    re.IGNORECASE,
)
# "всего 287 человек, в том числе 12 спортсменов": the 12 are inside the 287.
# Same clause only: "в том числе из Брянской области (свыше 520 человек)" is the total.
_INCLUDED = re.compile(r"(?:в\s+том\s+числе|из\s+них|включая|среди\s+них)[^\d(;]{0,30}$", re.IGNORECASE)
# "12 – от Витебской": a number whose noun is elided after a count with one.
_ELIDED_UNIT = re.compile(r"\s*(?:[–—-]\s*)?(?:от|из|со?|с\s+\w+\s+стороны)(?![а-яё])", re.IGNORECASE)
# Numerals by dictionary form: general Russian vocabulary, read through pymorphy3.
_NUMERALS: dict[str, float] = {
    "один": 1, "два": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7, "восемь": 8,
    "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13,
    "четырнадцать": 14, "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18,
    "девятнадцать": 19, "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50,
    "шестьдесят": 60, "семьдесят": 70, "восемьдесят": 80, "девяносто": 90, "сто": 100,
    "двести": 200, "триста": 300, "четыреста": 400, "пятьсот": 500, "шестьсот": 600,
    "семьсот": 700, "восемьсот": 800, "девятьсот": 900, "полтора": 1.5,
}  # fmt: skip
_SCALES: dict[str, int] = {"тысяча": 1_000, "миллион": 1_000_000}
_WORD_TOKEN = re.compile(r"[А-Яа-яЁё]+")
_CLAUSE_BREAK = re.compile(r"[(;)]|[а-яё]{4,}[.!?]\s", re.IGNORECASE)
_WORD = re.compile(r"\s*([А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)?)")


def parse_counts(text: str, column: str = "participants") -> tuple[CountRecord, ...]:
    """All participant counts in a cell, in order. One unmarked count is the total; several
    unmarked counts are parts; a count after a total marker is the total and the rest parts.

    >>> [(c.value, c.kind.value, c.unit) for c in parse_counts("(общее количество – 128 человек)")]
    [(128, 'total', 'человек')]
    """
    found: list[tuple[int, Bound, str, str, _Kind]] = []  # value, bound, text, unit, kind
    for start_of_number, end, value in sorted(_numbers(text)):
        before = text[:start_of_number]
        if _BEFORE_EXCLUDED.search(before) or _PER_EACH.search(before):
            continue
        clause_start = _clause_start(before)
        marker = _marker(before, clause_start)
        unit, unit_end = _unit_after(text, end)
        if unit is None and found and _ELIDED_UNIT.match(text, end):
            unit, unit_end = found[-1][3], end
        if unit is None:
            if marker is None or not _ends_phrase(text, end):
                continue
            unit, unit_end = "человек", end
        bound = Bound.EXACT
        start = start_of_number
        if q := _LOWER.search(before[clause_start:]):
            bound, start = Bound.LOWER, clause_start + q.start()
        elif q := _APPROX.search(before[clause_start:]):
            bound, start = Bound.APPROXIMATE, clause_start + q.start()
        if marker is not None:
            start = marker
        if value <= 0 or value > MAX_PLAUSIBLE:
            raise CellError(
                f"participant count {value} in {text[start:unit_end].strip()!r} is not plausible: "
                "check the cell"
            )
        kind = "marked" if marker is not None else "included" if _INCLUDED.search(before) else "plain"
        found.append((value, bound, text[start:unit_end], unit, kind))
    return tuple(_records(found, column))


def _numbers(text: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, value) of every number in digits or in words that could be a head count."""
    for m in _NUMBER.finditer(text):
        if _GLUED_AFTER.match(text, m.end("num")):
            continue
        value = _value(m.group("num"), m.group("mult"))
        if value is not None:
            yield m.start(), m.end(), value
    yield from _numbers_in_words(text)


def _numbers_in_words(text: str) -> Iterator[tuple[int, int, int]]:
    """Runs of numeral words: "двухсот" 200, "двадцать пять" 25, "полторы тысячи" 1500. A scale
    word alone ("тысячи зрителей", "thousands") is a number only after a quantifier ("свыше")."""
    run: list[tuple[int, int, str, float]] = []  # start, end, kind ("unit"/"scale"), value
    for m in [*_WORD_TOKEN.finditer(text), None]:
        numeral = _numeral(m.group().lower()) if m is not None else None
        adjacent = m is not None and run and not text[run[-1][1] : m.start()].strip()
        if numeral is not None and (not run or adjacent):
            run.append((m.start(), m.end(), *numeral))  # type: ignore[union-attr]
            continue
        if run:
            quantified = run[0][2] == "unit" or (
                _LOWER.search(text[: run[0][0]]) or _APPROX.search(text[: run[0][0]])
            )
            if quantified:
                yield run[0][0], run[-1][1], _numeral_value(run)
            run = []
        if numeral is not None and m is not None:
            run.append((m.start(), m.end(), *numeral))


def _numeral_value(run: list[tuple[int, int, str, float]]) -> int:
    total, current = 0.0, 0.0
    for _, _, kind, value in run:
        if kind == "scale":
            total += (current or 1) * value
            current = 0
        else:
            current += value
    return round(total + current)


@lru_cache(maxsize=4096)
def _numeral(word: str) -> tuple[str, float] | None:
    for parse in analyzer().parse(word):
        if parse.tag.POS in ("NUMR", "ADJF") and parse.normal_form in _NUMERALS:
            if parse.tag.POS == "ADJF" and "Anum" not in parse.tag:
                continue
            return "unit", _NUMERALS[parse.normal_form]
        if parse.tag.POS == "NOUN" and parse.normal_form in _SCALES:
            return "scale", _SCALES[parse.normal_form]
    return None


def participants_total(counts: Iterable[CountRecord]) -> int | None:
    """The stated total; else the sum of the parts; None when nothing was counted."""
    counts = tuple(counts)
    for c in counts:
        if c.kind is CountKind.TOTAL:
            return c.value
    parts = [c.value for c in counts if c.kind is CountKind.PART]
    return sum(parts) if parts else None  # groups "в том числе" are inside a total: never added


# --------------------------------------------------------------------------- helpers


_Kind = str  # "marked" (after a total marker), "included" (в том числе), "plain"


def _records(found: list[tuple[int, Bound, str, str, _Kind]], column: str) -> Iterable[CountRecord]:
    plain = [f for f in found if f[4] == "plain"]
    marked = any(f[4] == "marked" for f in found)
    for value, bound, span, unit, kind in found:
        if kind == "marked" or (kind == "plain" and len(plain) == 1 and not marked):
            count_kind = CountKind.TOTAL
        elif kind == "included":
            count_kind = CountKind.INCLUDED
        else:
            count_kind = CountKind.PART
        yield CountRecord(value=value, kind=count_kind, bound=bound, text=span, unit=unit, column=column)


def _value(number: str, multiplier: str | None) -> int | None:
    digits = re.sub(_SPACE, "", number).replace(",", ".")
    if len(digits) > 15:  # beyond float precision, and far beyond any head count
        raise CellError(f"participant count with {len(digits)} digits is not plausible: check the cell")
    mult = 1
    if multiplier:
        word = multiplier.strip().lower()
        if word.startswith(("млрд", "миллиард")):
            mult = 1_000_000_000
        elif word.startswith(("млн", "миллион")):
            mult = 1_000_000
        else:
            mult = 1_000
    elif "." in digits:
        return None  # a decimal without "тыс." is not a head count ("1,5 км")
    return round(float(digits) * mult)


def _clause_start(before: str) -> int:
    window_start = max(0, len(before) - 80)
    start = window_start
    for m in _CLAUSE_BREAK.finditer(before, window_start):
        start = m.end()
    return start


def _marker(before: str, clause_start: int) -> int | None:
    """Start of a total marker in the same clause with no other number between it and ours."""
    last = None
    for m in _TOTAL_MARKER.finditer(before, clause_start):
        last = m
    if last is None or re.search(r"\d", before[last.end() :]):
        return None
    return last.start()


def _ends_phrase(text: str, pos: int) -> bool:
    rest = text[pos:].lstrip()
    return not rest or rest[0] in ").,;"


def _unit_after(text: str, pos: int) -> tuple[str | None, int]:
    """The person-like noun after a number (skipping a few adjectives), nominative singular."""
    skipped = 0
    while skipped <= _MAX_SKIPPED:
        m = _WORD.match(text, pos)
        if m is None:
            return None, pos
        verdict, unit = _classify(m.group(1).lower())
        if verdict == "person":
            return unit, m.end()
        if verdict != "skip":
            return None, pos
        skipped += 1
        pos = m.end()
    return None, pos


@lru_cache(maxsize=4096)
def _classify(word: str) -> tuple[str, str]:
    """'person' (with its nominative), 'skip' (an adjective between number and noun) or 'stop'."""
    if word in _ABBREVIATIONS:
        return "person", _ABBREVIATIONS[word]
    parses = analyzer().parse(word)
    for p in parses:
        nominative = _nominative(p)
        if nominative in PERSON_NOUNS or p.normal_form in PERSON_NOUNS:
            return "person", nominative if nominative in PERSON_NOUNS else p.normal_form
    best = parses[0]
    tag = best.tag
    if tag.POS == "NOUN":
        if tag.animacy == "anim" and not (_NAME_TAGS & set(tag.grammemes)):
            return "person", best.normal_form
        return "stop", ""
    if tag.POS in _SKIPPABLE:
        return "skip", ""
    return "stop", ""


def _nominative(parse: Parse) -> str:
    if parse.tag.POS in {"PRTF", "ADJF"}:
        inflected = parse.inflect({"masc", "sing", "nomn"})
        return inflected.word if inflected else parse.word
    return parse.normal_form


# "общее количество – уточняется", "(XX человек)": a count is meant; "прежде всего" is not one.
_ANNOUNCED = re.compile(
    r"(?:количеств[оа]|числ[оа]|численност[ьи])(?:\s+участников)?\s*[–—:-]"
    r"|(?<![а-яё])(?:человек|чел\.)(?![а-яё])",
    re.IGNORECASE,
)


def announces_count(text: str) -> bool:
    """Whether a cell speaks of a head count ("общее количество –", "… человек") even though no
    count could be read from it: then the count is unreadable, not absent."""
    return _ANNOUNCED.search(text) is not None
