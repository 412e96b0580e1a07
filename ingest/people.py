"""People named by initials and surname ("А.В. Островский", "Островский А.В."), with the
position written before them, both in the nominative.

Rule for memorial and eponym mentions: a person named inside quotes or inside an
organisation's name ("Музей Ю.А. Гагарина", "им. М.И. Глинки", "имени А.Т. Твардовского"), or
right after a word of remembrance (памяти, в честь, имени, со дня рождения, -летию, могиле,
памятник) is honoured, not taking part, and is not extracted: "посвящена памяти
А.А. Леонова", "могиле Героя Советского Союза М.А. Егорова", "86-летию со дня рождения
первого космонавта Ю.А. Гагарина".

Surnames go back to the nominative with pymorphy3 in the case of the phrase before them
("Заслуженным работником … Т.Д. Филатовой" -> Филатова). Without a position, a name after a
noun or preposition is read as a genitive, and the masculine reading wins when both fit
("из частной коллекции М. Губайдуллина и И. Сбруева" -> М. Губайдуллин, И. Сбруев), since a
feminine genitive would be spelt "-ой".

A position gives the person's body (``organisation_key``): the one it names ("председателя
Витебского облисполкома"), or for a governor and his deputies the region's executive, which
is an Администрация in some regions and a Правительство in others (``GOVERNED_BODIES``;
``position_organisations`` gives the candidates and extract.py prefers one the row names).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from coopgraph.ingest.gazetteer import load_gazetteer
from coopgraph.ingest.nominative import parses, surname_to_nominative, to_nominative
from coopgraph.ingest.organisations import (
    extract_organisations,
    flatten,
    organisation_spans,
    quoted_regions,
)
from coopgraph.ingest.records import OrganisationRecord, PersonRecord
from coopgraph.iris import slugify

_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
_INITIALS = r"[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?"
_INITIALS_FIRST = re.compile(rf"(?<![\w.])({_INITIALS})\s*({_SURNAME})(?!\w)(?!\.\w)")
_SURNAME_FIRST = re.compile(rf"(?<![\w.])({_SURNAME})\s+({_INITIALS})(?![\w.])")
_NEXT_WORD = re.compile(r"\s*([А-ЯЁ][а-яё]+)")
# Three capitalised words: a full name when one is a first name and the next a patronymic.
_THREE_WORDS = re.compile(rf"(?<![\w.])({_SURNAME})\s+({_SURNAME})\s+({_SURNAME})(?!\w)")
# Words after which a named person is honoured rather than present.
_MEMORIAL = re.compile(
    r"(?:(?:\bим\.|\bимени|\bпамят\w*|\bчест\w*|\bрождени\w*|летию|летия|\bюбиле\w*|\bмогил(?:а|е|у|ы|ой|ам|ах)\b|\bпосвящ\w*)"
    r"(?:\s+[^\s;,.()]+){0,4}"
    # a relative of the person named: "племянница Ю.А. Гагарина"
    r"|\b(?:племянни\w*|внук\w*|внучк\w*|доч\w*|сын\w*|вдов\w*|родственни\w*|потомк\w*)"
    # the author of a work performed or shown: "спектакль поставлен по поэме А.Т. Твардовского"
    r"|\b(?:поэм|роман|повест|рассказ|стих|произведени|пьес|сказк|мотив)\w*(?:\s+«[^»]*»)?)\s*$",
    re.I,
)
# Head nouns of positions and roles written before a name (stems).
POSITION_HEADS = tuple(
    [
        "губернатор", "заместител", "председател", "министр", "руководител", "директор", "начальник",
        "глав", "посол", "посла", "послу", "послом", "консул", "художник", "ректор", "проректор",
        "президент", "секретар", "депутат", "мэр", "специалист", "сотрудник", "космонавт", "коллекционер",
        "работник", "артист", "писател", "поэт", "тренер", "профессор", "доцент", "учител", "педагог",
        "член", "представител", "советник", "уполномоченн", "атташе", "управляющ", "заведующ", "эксперт",
        "деятел", "мастер", "композитор", "режиссер", "режиссёр", "исполнител", "спортсмен", "чемпион",
        "ветеран", "герой", "лауреат", "архитектор", "журналист", "историк", "краевед", "автор", "куратор"
    ],
)  # fmt: skip


def _names(text: str, blocked: list[tuple[int, int]]) -> Iterator[tuple[int, int, str, str, str | None]]:
    """(start, end, initials, surname as written, case of the name or None) for every name
    outside ``blocked``: full names first ("Шашков Виктор Павлович", "Ирина Валентиновна
    Мельникова"), then initials and surname either way round."""
    taken: list[tuple[int, int]] = []
    for match in _THREE_WORDS.finditer(text):
        full = _full_name(match.group(1), match.group(2), match.group(3))
        if full is None or any(s < match.end() and match.start() < e for s, e in blocked):
            continue
        taken.append(match.span())
        yield (*match.span(), *full)
    for pattern, initials_group in ((_INITIALS_FIRST, 1), (_SURNAME_FIRST, 2)):
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e in blocked + taken):
                continue
            surname = match.group(3 - initials_group)
            if initials_group == 1 and _initials_end_a_sentence(text, start, surname):
                continue  # "… Петрашкевич С.В. Обсуждены вопросы": the initials are Петрашкевич's
            if initials_group == 2:
                # "Иванов И.И. Петров": the initials are the next word's, unless it opens a sentence
                following = _NEXT_WORD.match(text, end)
                if not _could_be_surname(surname) or (following and not _sentence_word(following.group(1))):
                    continue
            taken.append((start, end))
            yield start, end, match.group(initials_group).replace(" ", ""), surname, None


def _full_name(a: str, b: str, c: str) -> tuple[str, str, str | None] | None:
    """(initials, surname, case) when the words are "Имя Отчество Фамилия" or "Фамилия Имя
    Отчество" agreeing in case, else None. The case is the first name's, which pymorphy3 reads
    without doubt more often than a surname's."""
    for first, patronymic, surname in ((a, b, c), (b, c, a)):
        names = [p for p in parses(first) if "Name" in p.tag]
        patronymics = {p.tag.case for p in parses(patronymic) if "Patr" in p.tag}
        fit = next((p for p in names if p.tag.case in patronymics), None)
        if fit is not None and not any("Name" in p.tag or "Patr" in p.tag for p in parses(surname)[:1]):
            return f"{first[0]}.{patronymic[0]}.", surname, fit.tag.case
    return None


def _initials_end_a_sentence(text: str, start: int, word: str) -> bool:
    """Whether initials at ``start`` belong to the surname before them and ``word`` after them
    opens the next sentence ("Петрашкевич С.В. Обсуждены вопросы")."""
    before = re.search(rf"({_SURNAME})\s*$", text[:start])
    return before is not None and _could_be_surname(before.group(1)) and _sentence_word(word)


def _sentence_word(word: str) -> bool:
    """A capitalised word that opens a sentence rather than names someone: a verb, participle,
    adverb or function word ("Обсуждены", "Проведено", "Также")."""
    first = parses(word)[:1]
    return bool(first) and first[0].tag.POS in (
        "VERB",
        "PRTS",
        "PRTF",
        "INFN",
        "ADVB",
        "CONJ",
        "PREP",
        "PRCL",
        "GRND",
    )


def _could_be_surname(word: str) -> bool:
    if load_gazetteer().find(word, exact=True):  # "Иванов И.И." is a man, not Иваново
        return False
    # Belarusian surnames in -ович/-евич read as patronymics ("Климович", "Данилевич")
    return any("Surn" in p.tag or "Patr" in p.tag for p in parses(word)) or all(
        p.tag.POS != "NOUN" for p in parses(word)
    )


def _position(before: str) -> tuple[str | None, str | None]:
    """(position in the nominative, case it was written in) from the text before a name."""
    # a sentence ends at ". " after a word, not after "г." or initials ("Администрации г. Орши")
    clause = re.split(r"[;,(:]|(?<=[а-яё]{2})\.\s|\s[–—-]\s|\bс\s(?=[а-яё]+(?:ей|ой|ем|ом)\b)", before)[-1]
    clause = clause.strip()
    words = clause.split()
    for i, word in enumerate(words):
        j = i  # leading adjectives: "Первый Заместитель", "Заслуженным работником"
        while j < len(words) and not _is_head(words[j]) and _is_adjective(words[j]):
            j += 1
        if j < len(words) and _is_head(words[j]):
            phrase = " ".join(words[i:])
            nominative = to_nominative(phrase)
            text = nominative.text
            return text[:1].upper() + text[1:] if word[:1].isupper() else text, nominative.case
    return None, None


def _is_head(word: str) -> bool:
    return word.lower().startswith(POSITION_HEADS)


def _is_adjective(word: str) -> bool:
    return any(p.tag.POS in ("ADJF", "PRTF") for p in parses(word))


def _context_case(before: str) -> str | None:
    """Case implied by the word before a name with no position: a noun or preposition before
    it makes the name a genitive ("коллекции М. Губайдуллина")."""
    words = re.findall(r"[А-Яа-яЁё]+", before[-40:])
    if not words or re.search(r"[;:(,.]\s*$", before):
        return None
    last = words[-1].lower()
    tags = parses(last)
    if any(p.tag.POS == "PREP" for p in tags):
        return "gent"
    if any(p.tag.POS == "NOUN" and p.tag.case != "nomn" for p in tags) and not any(
        p.tag.case == "nomn" and p.tag.POS == "NOUN" for p in tags[:1]
    ):
        return "gent"
    if any(p.tag.POS == "NOUN" for p in tags[:1]) and last.endswith(("и", "ы", "а", "я")):
        return "gent"
    return None


# The body a region's governor heads, by the region's charter: not the same everywhere (and
# renamed now and then), so it is data, not a pattern. Regions not listed get no guess.
GOVERNED_BODIES: dict[str, str] = {
    "RU-SMO": "Администрация",
    "RU-PSK": "Администрация",
    "RU-BRY": "Правительство",
}
_REGIONAL_EXECUTIVES = ("Администрация", "Правительство")
_GOVERNOR = re.compile(r"[Гг]убернатор\w*\s+(\S+\s+области)")


@lru_cache(maxsize=4096)
def position_organisations(position: str) -> tuple[OrganisationRecord, ...]:
    """The bodies a position may belong to, the likeliest first.

    A body the position names is the one ("Заместитель председателя Гомельского областного
    исполнительного комитета"). A governor's (or deputy governor's) body is not named: it is the
    regional executive, "Администрация" or "Правительство" of the region depending on the
    region. The one ``GOVERNED_BODIES`` gives comes first; the other follows, because a report
    that names it shows the table is out of date for that report (extract.py prefers a body the
    row names). For a region not in the table both are returned, in no particular order.
    """
    governor = _GOVERNOR.search(position)
    if governor is None:
        found = extract_organisations(position, "participants")
        return found[:1]
    region = governor.group(1)
    entry = load_gazetteer().find(region)
    known = GOVERNED_BODIES.get(entry.iso_code) if entry is not None and entry.iso_code else None
    bodies = sorted(_REGIONAL_EXECUTIVES, key=lambda body: body != known)
    return tuple(extract_organisations(f"{body} {region}", "participants")[0] for body in bodies)


def _organisation_of(position: str) -> str | None:
    """Key of the body a position belongs to, when it is known ("Губернатор Брянской области" ->
    Правительство Брянской области); None for a governor of a region ``GOVERNED_BODIES`` lacks."""
    governor = _GOVERNOR.search(position)
    if governor:
        entry = load_gazetteer().find(governor.group(1))
        if entry is None or GOVERNED_BODIES.get(entry.iso_code or "") is None:
            return None
    found = position_organisations(position)
    return found[0].key if found else None


def extract_people(text: str, column: str) -> tuple[PersonRecord, ...]:
    """Every person named by initials and surname in a cell, in order, one record per key."""
    flat = flatten(text)
    if not flat:
        return ()
    blocked = quoted_regions(flat) + organisation_spans(flat)
    people: dict[str, PersonRecord] = {}
    previous: tuple[str | None, str | None] | None = None  # (position, case) of the last person
    previous_end = 0  # end of the last name, honoured or not
    for start, end, initials, surname, name_case in sorted(_names(flat, blocked)):
        before, between = flat[:start], flat[previous_end:start]
        previous_end, last = end, previous
        if _MEMORIAL.search(before):
            previous = None
            continue
        if last is not None and re.fullmatch(r"\s*(?:и|,)\s*", between):
            position, case = last  # "М. Губайдуллина и И. Сбруева": one phrase for both
        else:
            position, case = _position(between)  # written between the last name and this one
            if position is None:
                case = _context_case(before)
        nominative = surname_to_nominative(surname, name_case or case)
        name = f"{initials} {nominative}"
        key = slugify(name)
        people.setdefault(
            key,
            PersonRecord(
                key=key,
                name=name,
                initials=initials,
                surname=nominative,
                text=flat[start:end],
                position=position,
                organisation_key=_organisation_of(position) if position else None,
                column=column,
            ),
        )
        previous = (position, case)
    return tuple(people.values())
