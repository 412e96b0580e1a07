"""Participant counts: "(общее количество – 128 человек)", "98 талантливых авторов",
"свыше 2 тыс. человек", "6 представителей ... и 13 обучающихся".

A number is a count only when a person-like noun follows it (after at most a few adjectives:
"98 талантливых авторов"), or when a total marker ("общее количество –") stands right before
it. That keeps out "22 регионов", "25 мая", "86-летию", "№ 175-р/адм", "2020-2022 годы" and
house numbers. Person-likeness is a list of nouns plus pymorphy3's animacy tag, so "авторов"
and "волонтёров" count while "регионов" and "делегаций" do not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import pymorphy3

from coopgraph.ingest.errors import CellError
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
_CLAUSE_BREAK = re.compile(r"[(;)]|[а-яё]{4,}[.!?]\s", re.IGNORECASE)
_WORD = re.compile(r"\s*([А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)?)")

_morph = pymorphy3.MorphAnalyzer()


def parse_counts(text: str, column: str = "participants") -> tuple[CountRecord, ...]:
    """All participant counts in a cell, in order. One unmarked count is the total; several
    unmarked counts are parts; a count after a total marker is the total and the rest parts.

    >>> [(c.value, c.kind.value, c.unit) for c in parse_counts("(общее количество – 128 человек)")]
    [(128, 'total', 'человек')]
    """
    found: list[tuple[int, Bound, str, str, bool]] = []  # value, bound, text, unit, marked total
    for m in _NUMBER.finditer(text):
        before = text[: m.start()]
        if (
            _BEFORE_EXCLUDED.search(before)
            or _PER_EACH.search(before)
            or _GLUED_AFTER.match(text, m.end("num"))
        ):
            continue
        value = _value(m.group("num"), m.group("mult"))
        if value is None:
            continue
        clause_start = _clause_start(before)
        marker = _marker(before, clause_start)
        unit, unit_end = _unit_after(text, m.end())
        if unit is None:
            if marker is None or not _ends_phrase(text, m.end()):
                continue
            unit, unit_end = "человек", m.end()
        bound = Bound.EXACT
        start = m.start()
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
        found.append((value, bound, text[start:unit_end], unit, marker is not None))
    return tuple(_records(found, column))


def participants_total(counts: Iterable[CountRecord]) -> int | None:
    """The stated total; else the sum of the parts; None when nothing was counted."""
    counts = tuple(counts)
    for c in counts:
        if c.kind is CountKind.TOTAL:
            return c.value
    parts = [c.value for c in counts if c.kind is CountKind.PART]
    return sum(parts) if parts else None


# --------------------------------------------------------------------------- helpers


def _records(found: list[tuple[int, Bound, str, str, bool]], column: str) -> Iterable[CountRecord]:
    for value, bound, span, unit, marked in found:
        kind = CountKind.TOTAL if marked or len(found) == 1 else CountKind.PART
        yield CountRecord(value=value, kind=kind, bound=bound, text=span, unit=unit, column=column)


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
    parses = _morph.parse(word)
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


def _nominative(parse: pymorphy3.analyzer.Parse) -> str:
    if parse.tag.POS in {"PRTF", "ADJF"}:
        inflected = parse.inflect({"masc", "sing", "nomn"})
        return inflected.word if inflected else parse.word
    return parse.normal_form
