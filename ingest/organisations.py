"""Organisations named in a cell: rule-based, because NER drops legal forms and quotes.

Three kinds of mention are found, in this order (a later kind never overlaps an earlier one):

1. a legal form and a quoted name: ``СОГБУК «Музей Ю.А. Гагарина»``, ``Учреждение образования
   «…»``, ``Государственное учреждение «Мемориальный комплекс «Брестская крепость – герой»``
   (nested quotes; a missing final ``»`` is supplied), ``австрийская компания «EGGER»``;
2. bodies without one, found by their head noun and written in any case: ``Администрацией
   Смоленской области``, ``Гомельского областного исполнительного комитета``, ``облисполком``,
   ``Посольством Российской Федерации в Республике Беларусь``, ``Министра транспорта и
   коммуникаций Республики Беларусь`` (-> Министерство …); institutions (музей, колледж,
   филармония, центр…) only with a place or nationality adjective or an eponym (``им. …``);
3. known names and abbreviations from ``data/org_aliases.csv`` (``ЦПК``, ``СмолАПО``), marked
   ``fuzzy``.

Abbreviated legal forms are the table's, or built from the parts Russian forms are made of
(``ОГБУЗ``, ``ГАПОУ``), optionally followed by a region's initials (``ГБПОУ ПО «…»``). A body's
name ends at a sentence's end ("… комитетом. Представлено": the period is not the name's) and
at "и" followed by another body ("Администрации Псковской области и Минского областного
исполнительного комитета" is two). A branch written before its parent ("Смоленского
регионального отделения …", "Могилевского (Витебского) отделения …", "Брянского филиала …") is
an organisation of its own, named with the parent as written, in place of the parent.

Names go to the nominative (``nominative.to_nominative``); quoted names stay as written.
The country comes from, in order: the alias table; for a body without quotes, the words of
its name (Российской Федерации, Гомельский, Республики Беларусь…), then a parenthesis after it
("(Республика Беларусь)", "(г. Брест, …)"); for a quoted name the parenthesis first, then its
words; last, the legal form. Structural units (отдел, Управление делами Аппарата …) are not
organisations of their own: the body they belong to is found inside them; a directorate
written with a capital ("Главное управление спорта Смоленской области", "Управление образования
Гомельского облисполкома") is a body.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from coopgraph.ingest.gazetteer import SETTLEMENT_TYPES, Gazetteer, GazetteerEntry, load_gazetteer, stem
from coopgraph.ingest.iris import slugify
from coopgraph.ingest.nominative import parses, to_nominative
from coopgraph.ingest.records import OrganisationRecord, OrgRole

ALIASES = Path(__file__).with_name("data") / "org_aliases.csv"

# Abbreviated legal forms -> the country they imply (None: used on both sides of the border).
LEGAL_FORMS: dict[str, str | None] = {
    "ФГБОУ ВО": "RU", "ФГАОУ ВО": "RU", "ФГБОУ": "RU", "ФГАОУ": "RU", "ФГБУК": "RU", "ФГБУ": "RU",
    "ФГБНУ": "RU", "ФГУП": "RU", "ФКУ": "RU", "СОГБУК": "RU", "СОГБУДО": "RU", "СОГБОУ": "RU",
    "СОГБПОУ": "RU", "СОГБУ": "RU", "СОГАУ": "RU", "СОГКУ": "RU", "ОГБУК": "RU", "ОГБПОУ": "RU",
    "ОГБОУ": "RU", "ОГБУДО": "RU", "ОГБУ": "RU", "ОГАУ": "RU", "ОГКУ": "RU", "ГБУК": "RU",
    "ГБПОУ": "RU", "ГБОУ": "RU", "ГБУДО": "RU", "ГБУ": "RU", "ГАУК": "RU", "ГАУ": "RU", "ГКУ": "RU",
    "МБОУ": "RU", "МБУК": "RU", "МБУДО": "RU", "МБДОУ": "RU", "МАОУ": "RU", "МКОУ": "RU", "МБУ": "RU",
    "МАУ": "RU", "МКУ": "RU", "ООО": "RU", "ЗАО": "RU", "ПАО": "RU", "АО": "RU", "АНО": "RU",
    "НКО": "RU", "РОО": "RU", "ОАО": None, "ГУО": "BY", "ГУДО": "BY", "ГУК": "BY", "УО": "BY",
    "УЗ": "BY", "ГП": "BY", "УП": "BY", "РУП": "BY", "КУП": "BY", "ЧУП": "BY", "ЧТУП": "BY",
    "ОДО": "BY", "СООО": "BY", "ИООО": "BY", "ОО": "BY", "ГУ": None, "ИП": None, "УК": None,
}  # fmt: skip

# Legal forms written out (word stems, any case) -> the abbreviation kept as ``legal_form``.
WRITTEN_FORMS: tuple[tuple[str, str], ...] = (
    ("государственн учреждени дополнительн образовани", "ГУДО"),
    ("государственн учреждени образовани", "ГУО"),
    ("государственн учреждени культур", "ГУК"),
    ("государственн учреждени", "ГУ"),
    ("учреждени образовани", "УО"),
    ("учреждени здравоохранени", "УЗ"),
    ("общественн объединени", "ОО"),
    ("общероссийск общественн организаци", "Общероссийская общественная организация"),
    ("всероссийск общественн организаци", "Всероссийская общественная организация"),
    ("межрегиональн общественн организаци", "Межрегиональная общественная организация"),
    ("региональн общественн организаци", "РОО"),
    ("автономн некоммерческ организаци", "АНО"),
    ("обществ с ограниченн ответственност", "ООО"),
    ("открыт акционерн обществ", "ОАО"),
    ("закрыт акционерн обществ", "ЗАО"),
    ("публичн акционерн обществ", "ПАО"),
    ("акционерн обществ", "АО"),
    ("государственн корпораци", "Госкорпорация"),
    ("госкорпораци", "Госкорпорация"),
)
WRITTEN_COUNTRY = {
    "Общероссийская общественная организация": "RU",
    "Межрегиональная общественная организация": "RU",
    "Всероссийская общественная организация": "RU",
}

# "австрийская компания «EGGER»": a quoted company introduced by a common noun.
_COMPANY_NOUNS = r"(?:компани|фирм|предприяти|холдинг|концерн|групп\w*\s+компаний)\w*"
NATIONALITY: dict[str, str] = {
    "российск": "RU", "общероссийск": "RU", "всероссийск": "RU", "белорусск": "BY",
    "австрийск": "AT", "немецк": "DE", "германск": "DE", "китайск": "CN", "украинск": "UA",
    "казахстанск": "KZ", "латвийск": "LV", "литовск": "LT", "польск": "PL", "итальянск": "IT",
    "французск": "FR", "сербск": "RS", "армянск": "AM", "узбекск": "UZ", "кыргызск": "KG",
}  # fmt: skip
# Words in a name that say which country's body it is (stems, lower case).
COUNTRY_WORDS: dict[str, str] = {
    "российск федераци": "RU", "росси": "RU", "россотрудничеств": "RU", "рф": "RU",
    "республик беларус": "BY", "беларус": "BY", "рб": "BY",
}  # fmt: skip

# Head nouns (stems) of bodies that need no legal form.
BODY_HEADS = frozenset(
    [
        "администраци", "правительств", "посольств", "консульств", "генконсульств", "представительств",
        "министерств", "комитет", "облисполком", "горисполком", "райисполком", "исполком", "фонд", "дум",
        "агентств", "департамент", "ассоциаци", "союз", "совет", "палат", "мэри", "управлени", "аппарат",
    ]
)  # fmt: skip
# Heads of a directorate: a body when written with a capital or as "главное управление"
# ("Главное управление спорта Смоленской области", "Управление образования Гомельского
# облисполкома"), a structural unit otherwise ("в организационном управлении Аппарата …").
UNIT_HEADS = frozenset(["управлени", "аппарат"])
# An "Аппарат" of another body is that body's staff, not a body: "Управления делами Аппарата
# Администрации Смоленской области" gives the Администрация, found inside it.
STAFF_HEADS = frozenset(["аппарат"])
# A person's office names the body ("Министра транспорта …" -> "Министерство транспорта …").
OFFICES: dict[str, str] = {
    **dict.fromkeys(("министр", "министра", "министру", "министром", "министре"), "Министерство"),
    **dict.fromkeys(("посол", "посла", "послу", "послом"), "Посольство"),
}
# Institutions: only with a place/nationality adjective or an eponym ("им. М.И. Глинки").
INSTITUTION_HEADS = frozenset(
    [
        "филармони", "музе", "библиотек", "университет", "академи", "колледж", "институт", "центр", "театр",
        "школ", "гимнази", "лице", "училищ", "техникум", "дворц", "галере", "архив"
    ],
)  # fmt: skip
# Bodies that may be followed by "в г. X" / "в Республике Беларусь" as part of their name.
LOCATED_HEADS = frozenset(["посольств", "консульств", "генконсульств", "представительств", "центр", "office"])
# Bodies of a town named right after them: "Администрация г. Орши", "горисполком г. Гомеля".
TOWN_HEADS = frozenset(["администраци", "исполком", "горисполком", "райисполком", "комитет", "совет", "дум"])
# Bodies whose subject follows with "по": "Комитет по делам молодежи".
SUBJECT_HEADS = frozenset(
    ["комитет", "департамент", "агентств", "министерств", "совет", "управлени", "office"]
)
# Bodies whose own quoted name may follow: Фонд … «Космос – это мы».
QUOTED_HEADS = frozenset(["фонд", "союз", "ассоциаци", "агентств", "центр"])
EXECUTIVE = {"облисполком": "областной", "горисполком": "городской", "райисполком": "районный"}

_OPEN, _CLOSE = "«„“", "»“”"
# Russian institutions' forms are built from parts: level (Ф, ФГ, ОГ, СОГ, Г, М, Ч), funding
# (Б budget, А autonomous, К state-run), then У "учреждение" with its field (К culture, З health,
# ДО further education, СО social, П enterprise) or ОУ "образовательное учреждение" (П vocational,
# Д pre-school, Н scientific): ОГБУЗ, ГАПОУ, МБДОУ, ФГКУ. Forms not in LEGAL_FORMS are read so.
_BUILT_FORM = r"(?:ФГ|СОГ|ОГ|Ф|Г|М|Ч)[БАК](?:Н?У(?:ДО|СО|К|З|П)?|[ПДН]?ОУ)"
_ABBR_FORMS = "|".join(
    [re.escape(f).replace(r"\ ", r"\s+") for f in sorted(LEGAL_FORMS, key=len, reverse=True)] + [_BUILT_FORM]
)
# A form may be followed by the initials of its region or level: "ГБПОУ ПО" (Псковской области),
# "ГАУ СО", "ФГБОУ ВО": the pair is the legal form.
_FORM_PREFIX = rf"((?:{_ABBR_FORMS})(?![\w-])(?:\s+[А-ЯЁ]{{2,3}}(?![\w-]))?)\s*(?=[«„“\"])"
_ABBR_RE = re.compile(rf"(?<![\w-]){_FORM_PREFIX}")
_WORD_RE = re.compile(r"[А-Яа-яЁёA-Za-z0-9]+(?:-[А-Яа-яЁёA-Za-z0-9]+)*\.?|[«»„“”\"(),;:–—-]")
# An eponym: "им. М.И. Глинки", "имени Янки Купалы", "имени Тенишевых".
_INITIALS = re.compile(
    r"(?:им\.|имени)\s+(?:(?:[А-ЯЁ]\.\s*){1,2}[А-ЯЁ][а-яё]+|[А-ЯЁ][а-яё]+(?:\s+[А-ЯЁ][а-яё]+){0,2})"
)


def flatten(text: str) -> str:
    """One line, single spaces: spans then compare equal across line breaks."""
    return " ".join(text.replace("\xa0", " ").split())


def quoted_end(text: str, start: int) -> int | None:
    """End (exclusive) of the quoted name opening at ``text[start]``, nested quotes allowed.

    Sources often drop the final ``»`` of a nested name ("«Мемориальный комплекс «Брестская
    крепость – герой» (г. Брест…)"): at a "(" or ";" or the end, the last closing quote seen
    ends the name.
    """
    if start >= len(text) or text[start] not in _OPEN + '"':
        return None
    if text[start] == '"':
        end = text.find('"', start + 1)
        return end + 1 if end > 0 else None
    depth, last_close = 0, None
    for i in range(start, len(text)):
        ch = text[i]
        if ch in _OPEN and not (ch == "“" and depth > 0 and _closes_here(text, i)):
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
            last_close = i + 1
            if depth == 0:
                return i + 1
        elif ch in "(;" and depth > 0:
            break
    return last_close


def _closes_here(text: str, i: int) -> bool:
    # "“" opens in „…“ pairs and closes in “…”: treat it as closing when a „ is open.
    return "„" in text[:i] and text.rfind("„", 0, i) > text.rfind("“", 0, i)


def unquote(name: str) -> str:
    """Strip one pair of outer quotes; supply the closing quotes a nested name lacks."""
    inner = name[1:-1] if name[:1] in _OPEN + '"' and name[-1:] in _CLOSE + '"' else name.strip('«»"“”„')
    opened = sum(inner.count(c) for c in "«„") - sum(inner.count(c) for c in "»“")
    return inner.strip() + "»" * max(opened, 0)


def quoted_regions(text: str) -> list[tuple[int, int]]:
    regions, i = [], 0
    while i < len(text):
        if text[i] in "«„":
            end = quoted_end(text, i) or len(text)
            regions.append((i, end))
            i = end
        else:
            i += 1
    return regions


# --------------------------------------------------------------------------- alias table


@dataclass(frozen=True)
class Alias:
    alias: str
    canonical_name: str
    legal_form: str
    country: str
    place: str


@cache
def aliases() -> dict[str, Alias]:
    """Alias rows keyed by the normalised key of the alias (see ``_base_key``)."""
    with ALIASES.open(encoding="utf-8", newline="") as f:
        rows = [Alias(**row) for row in csv.DictReader(f)]
    index = {_base_key(row.alias): row for row in rows}
    for row in rows:  # a canonical name is its own alias: it brings country and seat
        index.setdefault(_base_key(row.canonical_name), row)
    return index


@cache
def _alias_pattern() -> re.Pattern[str]:
    """Any alias in any case form: each Cyrillic word's ending is free, abbreviations exact."""
    alternatives = []
    for row in sorted(aliases().values(), key=lambda r: len(r.alias), reverse=True):
        words = []
        for word in flatten(row.alias).split():
            if len(word) > 1 and (word.isupper() or not word.isalpha() or not word[1:].islower()):
                words.append(re.escape(word))
            else:
                words.append(re.escape(stem(word.lower())) + r"[а-яё]*")
        alternatives.append(r"\s*".join(words) if len(words) == 1 else r"\s+".join(words))
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.I)


# --------------------------------------------------------------------------- keys


def split_legal_form(name: str) -> tuple[str | None, str]:
    """("СОГБУК", "«Музей Ю.А. Гагарина»") from "СОГБУК «Музей Ю.А. Гагарина»"."""
    flat = flatten(name)
    match = re.match(_FORM_PREFIX, flat)
    if match:
        return match.group(1).replace("  ", " "), flat[match.end() :]
    written = _written_form_at(flat, 0)
    if written and written[1] < len(flat) and flat[written[1]] in _OPEN + '"':
        return written[0], flat[written[1] :]
    return None, flat


_WRITTEN_RE = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(
        f"(?P<f{i}>" + r"\s+".join(p + r"[а-яё]*" for p in stems.split()) + ")"
        for i, (stems, _) in enumerate(WRITTEN_FORMS)
    )
    + r")(?![\w-])\s*",
    re.I,
)


def _written_form_at(text: str, start: int) -> tuple[str, int] | None:
    """(abbreviation, end) when a written-out legal form begins at ``start``."""
    match = _WRITTEN_RE.match(text, start)
    if match is None:
        return None
    index = int(match.lastgroup[1:]) if match.lastgroup else 0
    return WRITTEN_FORMS[index][1], match.end()


@lru_cache(maxsize=20_000)
def _normalise_name(short_name: str) -> str:
    """Nominative, ё -> е, "им." -> "имени", облисполком spelt out; quotes kept."""
    text = re.sub(r"\bим\.\s*", "имени ", flatten(short_name).replace("ё", "е").replace("Ё", "Е"))
    return text if text[:1] in _OPEN else to_nominative(spell_out_executive(text)).text


# Case endings of "облисполком" -> the endings of the spelt-out adjectives in that case.
_EXECUTIVE_ENDINGS = {"а": "ого", "у": "ому", "ом": "ым", "е": "ом"}


def spell_out_executive(text: str) -> str:
    """ "Могилевским облисполкомом" -> "Могилевским областным исполнительным комитетом"."""

    def spell(match: re.Match[str]) -> str:
        adjective = EXECUTIVE[match.group(1).lower() + "исполком"]
        ending = match.group(2).lower()
        if ending in _EXECUTIVE_ENDINGS:
            adj_ending = _EXECUTIVE_ENDINGS[ending]
            return f"{adjective[:-2]}{adj_ending} исполнительн{adj_ending} комитет{ending}"
        return f"{adjective} исполнительный комитет"

    return re.sub(r"\b(обл|гор|рай)исполком(ом|а|у|е|)\b", spell, text, flags=re.I)


@lru_cache(maxsize=20_000)
def _base_key(name: str) -> str:
    _, short = split_legal_form(name)
    return slugify(_normalise_name(unquote(short) if short[:1] in _OPEN + '"' else short))


@lru_cache(maxsize=20_000)
def organisation_key(name: str) -> str:
    """One key per organisation: legal form, quotes, case, word forms, ё and known aliases
    do not matter.

    >>> organisation_key("ГБУК «Смоленский государственный музей-заповедник»")
    'smolenskii-gosudarstvennyi-muzei-zapovednik'
    >>> organisation_key("Администрацией Смоленской области")
    'administratsiia-smolenskoi-oblasti'
    """
    key = _base_key(name)
    alias = aliases().get(key)
    return _base_key(alias.canonical_name) if alias else key


# --------------------------------------------------------------------------- finding mentions


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    legal_form: str | None
    short_name: str  # nominative, without legal form or outer quotes
    quoted: bool
    fuzzy: bool = False
    country: str | None = None  # from the mention itself (nationality adjective)
    key_name: str | None = None  # the name the key is made from, when not short_name


def _legal_form_mentions(text: str) -> Iterator[_Mention]:
    for match in _ABBR_RE.finditer(text):
        end = quoted_end(text, match.end())
        if end:
            short = unquote(text[match.end() : end])
            yield _Mention(match.start(), end, match.group(1), short, quoted=True)
    for match in _WRITTEN_RE.finditer(text):
        form, end = WRITTEN_FORMS[int(match.lastgroup[1:])][1], match.end()
        quote = end + len(text[end:]) - len(text[end:].lstrip())
        close = quoted_end(text, quote)
        if close:
            yield _Mention(match.start(), close, form, unquote(text[quote:close]), quoted=True)
    for match in re.finditer(rf"(?:([а-яё]+)\s+)?{_COMPANY_NOUNS}\s*(?=[«\"])", text, re.I):
        close = quoted_end(text, match.end())
        if close:
            adjective = stem((match.group(1) or "").lower())
            country = next((c for s, c in NATIONALITY.items() if adjective.startswith(s)), None)
            start = match.end()
            yield _Mention(start, close, None, unquote(text[start:close]), quoted=True, country=country)


def _tokens(text: str) -> list[re.Match[str]]:
    return list(_WORD_RE.finditer(text))


def _is(token: str, pos: set[str], case: str | None = None) -> bool:
    return any(p.tag.POS in pos and (case is None or p.tag.case == case) for p in parses(token.rstrip(".")))


# Head stems by their first three letters: most tokens are ruled out by one dict lookup.
_HEADS_BY_PREFIX: dict[str, tuple[str, ...]] = {}
for _head in (*BODY_HEADS, *INSTITUTION_HEADS):
    _HEADS_BY_PREFIX[_head[:3]] = (*_HEADS_BY_PREFIX.get(_head[:3], ()), _head)


def _body_mentions(
    text: str, taken: list[tuple[int, int]], quoted: list[tuple[int, int]]
) -> Iterator[_Mention]:
    tokens = _tokens(text)
    gazetteer = load_gazetteer()
    for i, token in enumerate(tokens):
        word = token.group()
        lower = word.lower().replace("ё", "е")
        office = OFFICES.get(lower)
        head = (
            "office"
            if office
            else next((h for h in _HEADS_BY_PREFIX.get(lower[:3], ()) if lower.startswith(h)), None)
        )
        if head is None or _inside(token.start(), taken + quoted) or not _is(word, {"NOUN"}):
            continue
        first = i
        while (
            not office
            and first > 0
            and not ends_sentence(tokens[first - 1].group())
            and _is(tokens[first - 1].group(), {"ADJF", "PRTF"})
        ):
            first -= 1
        last = _tail_end(
            tokens, i, text, head_stem=head, located=head in LOCATED_HEADS, quoted=head in QUOTED_HEADS
        )
        start, end = tokens[first].start(), tokens[last].end()
        if ends_sentence(tokens[last].group()):  # "… комитетом. Представлено": the period is not the name's
            end -= 1
        span_words = [t.group() for t in tokens[first : last + 1]]
        if _inside(start, quoted) or any(s < end and start < e for s, e in taken):
            continue
        if not _accept(head, span_words, tokens[first].group(), gazetteer, first, i, last):
            continue
        if head in STAFF_HEADS and any(_starts_body(t.group()) for t in tokens[i + 1 : last + 1]):
            continue  # "Аппарата Администрации …": the body is found inside
        raw = spell_out_executive(text[start:end])
        short = office + raw[len(word) :] if office else to_nominative(raw).text
        short = short[:1].upper() + short[1:]
        yield _Mention(start, end, None, short, quoted=False)


def _tail_end(
    tokens: list[re.Match[str]], head: int, text: str, *, head_stem: str, located: bool, quoted: bool
) -> int:
    """Index of the last token of the genitive tail after the head noun.

    A word that ends a sentence ("Беларусь. Следующая встреча") is the tail's last; "и" joins
    the next words only when they do not name a body of their own ("Министерства спорта и
    туризма", but "Администрации Псковской области и Минского областного исполнительного
    комитета" is two bodies).
    """
    last, i = head, head + 1
    if ends_sentence(tokens[head].group()):
        return head
    while i < len(tokens):
        word = tokens[i].group()
        if ends_sentence(word):
            bare = word[:-1]
            if _genitive(bare) or (head_stem in SUBJECT_HEADS and _oblique(bare) and i - 1 > head):
                last = i
            break
        if word in ("«", '"', "„"):  # Фонд … «Космос – это мы»: the quoted name belongs to it
            if quoted and i > head:
                close = quoted_end(text, tokens[i].start())
                while close and i + 1 < len(tokens) and tokens[i + 1].start() < close:
                    i += 1
                last = i if close else last
            break
        if word.lower() in ("им.", "имени"):
            match = _INITIALS.match(" ".join(t.group() for t in tokens[i : i + 5]))
            if not match:
                break
            n = len(_tokens(match.group()))
            last, i = i + n - 1, i + n
            continue
        following = tokens[i + 1].group() if i + 1 < len(tokens) else ""
        if (
            re.fullmatch(r"[А-ЯЁ]\.", following)
            and word[:1].isupper()
            and not load_gazetteer().find(word, exact=True)
        ):
            break  # "Правительства Смоленской области Иванов И.И.": a surname, not the name
        if word == "и" and _genitive(following) and not _body_ahead(tokens, i + 1):
            i += 1
            continue
        if word == "по" and head_stem in SUBJECT_HEADS and following[:1].islower():
            i += 1  # "Департамент Смоленской области по культуре", "Комитет по делам молодежи"
            while i < len(tokens):
                subject = tokens[i].group()
                if ends_sentence(subject):
                    return i if _oblique(subject[:-1]) else last
                if subject == "и" and i + 1 < len(tokens):
                    # "по сельскому хозяйству и продовольствию", not "… и 13 обучающихся"
                    after = tokens[i + 1].group()
                    if not (_oblique(after) or _oblique(after.rstrip("."))) or _body_ahead(tokens, i + 1):
                        break
                    i += 1
                    continue
                if not _oblique(subject):
                    break
                last, i = i, i + 1
            continue
        if fold_type(word) and head_stem in TOWN_HEADS:  # "Администрации г. Орши"
            end = _location_end(tokens, i)
            if end is not None:
                last = i = end
                i += 1
                continue
        if located and word == "в" and i + 1 < len(tokens):
            end = _location_end(tokens, i + 1)
            if end is not None:
                last = i = end
                i += 1
                continue
            break
        if not _genitive(word):
            break
        last = i
        i += 1
    return last


def _starts_body(word: str) -> bool:
    lower = word.lower()
    return lower in OFFICES or any(lower.startswith(h) for h in BODY_HEADS)


def _body_ahead(tokens: list[re.Match[str]], i: int) -> bool:
    """Whether the words from ``i`` name a body of their own: adjectives, then a body's head noun
    ("Минского областного исполнительного комитета", "Белорусского государственного университета")."""
    for adjectives, token in enumerate(tokens[i : i + 6]):
        word = token.group().rstrip(".")
        if _starts_body(word) or (not adjectives and _WRITTEN_RE.match(token.string, token.start())):
            return True  # a head noun, or a legal form written out: "и Общественного объединения «…»"
        if adjectives and word.lower().startswith((*INSTITUTION_HEADS, "отделени", "филиал")):
            return True
        if not _is(word, {"ADJF", "PRTF"}):
            return False
    return False


def ends_sentence(word: str) -> bool:
    """ "комитетом.", "Беларусь." end a sentence; "г.", "им.", "обл.", "Респ." are abbreviations."""
    bare = word[:-1]
    if not word.endswith(".") or len(bare) < 4 or bare.isupper() or not bare.replace("-", "").isalpha():
        return False
    return not any("Abbr" in p.tag for p in parses(bare)[:1])


def _oblique(word: str) -> bool:
    if len(word) < 2 or not word[:1].isalpha() or word.isupper():
        return False
    return any(p.tag.case in ("datv", "gent", "loct") and p.tag.POS in ("NOUN", "ADJF") for p in parses(word))


def _genitive(word: str) -> bool:
    if len(word) < 2 or word.isupper() or not word[:1].isalpha() or word.endswith("."):
        return False
    if any(p.tag.POS in ("PREP", "CONJ", "PRCL", "INFN") for p in parses(word)):
        return False
    if parses(word)[0].tag.POS == "VERB":  # "стали" is a verb first; "дел" (иностранных дел) a noun
        return False
    if word.lower() in ("беларусь", "беларуси"):
        return True
    return any(p.tag.case == "gent" and p.tag.POS in ("NOUN", "ADJF", "PRTF") for p in parses(word))


def _location_end(tokens: list[re.Match[str]], i: int) -> int | None:
    """End index of "г. Гомеле" / "Республике Беларусь" after "в", or None."""
    gazetteer = load_gazetteer()
    for n in (3, 2, 1):
        window = [t.group() for t in tokens[i : i + n]]
        if len(window) < n or not all(w[:1].isalpha() for w in window):
            continue
        typed = fold_type(window[0])
        if (typed or window[0][:1].isupper()) and gazetteer.find(" ".join(window)) and (n > 1 or not typed):
            return i + n - 1
    return None


def fold_type(word: str) -> bool:
    """True for a settlement-type word ("г.", "пос.")."""
    return word.lower().rstrip(".") in SETTLEMENT_TYPES


def _accept(head: str, words: list[str], first: str, gazetteer: Gazetteer, a: int, h: int, z: int) -> bool:
    if len(words) == 1 and head not in EXECUTIVE and head != "исполком":
        return False  # a bare "Администрация", "музей", "Фонд": not a name
    if head in UNIT_HEADS:  # "Главного управления спорта …", not "государственного управления"
        return z > h and (first[:1].isupper() or words[0].lower().startswith("главн"))
    if not first[:1].isupper():
        # "администрация Звездного городка", "министра образования Республики Беларусь": a
        # lower-case body counts when its tail names a place; "союз", "совет" never do
        if head in EXECUTIVE:
            return True
        named = any(w[:1].isupper() for w in words[1:])
        return named and head not in ("совет", "союз", "палат", "дум", *INSTITUTION_HEADS)
    if head in INSTITUTION_HEADS:
        eponym = any(w.lower() in ("им.", "имени") for w in words)
        adjectives = words[: h - a]
        return eponym or any(_place_of_adjective(w, gazetteer) or _nationality(w) for w in adjectives)
    if head == "комитет":
        return any(w.lower().startswith("исполнительн") for w in words[: h - a]) or "по" in words
    if head in ("совет", "союз"):  # "Героя Советского Союза" is no body
        return first[:1].isupper() and z > h
    if head in ("палат", "дум"):
        return first[:1].isupper() and (h > a or z > h)
    return True


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= position < e for s, e in spans)


def _alias_mentions(text: str, taken: list[tuple[int, int]]) -> Iterator[_Mention]:
    for match in _alias_pattern().finditer(text):
        if _inside(match.start(), taken) or _inside(match.end() - 1, taken):
            continue
        row = aliases().get(_base_key(match.group()))
        if row is None:
            continue
        yield _Mention(match.start(), match.end(), row.legal_form or None, row.canonical_name, False, True)


# --------------------------------------------------------------------------- country, seat


def _nationality(word: str) -> str | None:
    s = stem(word.lower())
    return next((c for n, c in NATIONALITY.items() if s == n or s == n + "ая"), None)


def _place_of_adjective(word: str, gazetteer: Gazetteer) -> GazetteerEntry | None:
    """The region or district a place adjective names ("Гомельский" -> Гомельский район)."""
    if not word[:1].isupper() or len(word) < 5:
        return None
    return adjective_index().get(stem(word.lower().replace("ё", "е")))


@cache
def adjective_index() -> dict[str, GazetteerEntry]:
    """Stem of a place adjective -> region (wins) or district: "смоленск" -> Смоленская область."""
    gazetteer = load_gazetteer()
    index: dict[str, GazetteerEntry] = {}
    for entry in sorted(gazetteer.entries, key=lambda e: e.kind != "region"):
        if entry.kind in ("region", "district") and " " in entry.name_ru:
            adjective = entry.name_ru.split()[0].lower().replace("ё", "е")
            index.setdefault(stem(adjective), entry)
    return index


def seat_of(entry: GazetteerEntry, gazetteer: Gazetteer) -> GazetteerEntry | None:
    """The town a district (or a region, by its capital) is named after."""
    return _seat_of(entry.key)


@cache
def _seat_of(key: str) -> GazetteerEntry | None:
    gazetteer = load_gazetteer()
    entry = gazetteer.get(key)
    adjective = stem(entry.name_ru.split()[0].lower().replace("ё", "е"))
    best, best_length = None, 3
    for candidate in gazetteer.entries:
        if candidate.kind != "settlement" or candidate.country != entry.country:
            continue
        if entry.kind == "district" and candidate.parent == entry.key:
            return candidate
        town = stem(candidate.name_ru.lower().replace("ё", "е"))
        if adjective.startswith(town) and len(town) > best_length:
            best, best_length = candidate, len(town)
    return best


@dataclass
class _Where:
    country: str | None = None
    place: GazetteerEntry | None = None
    region: str | None = None


def _where_from_text(text: str, gazetteer: Gazetteer) -> _Where:
    """Country and seat from words like "(г. Брест, Республика Беларусь)" or "в г. Гомеле"."""
    where = _Where()
    folded = text.lower().replace("ё", "е")
    for match in re.finditer(
        r"(?:г\.|город\w*|пос\.|д\.|аг\.|гп|пгт)\s*([А-ЯЁа-яё-]+(?:\s+[А-ЯЁа-яё]+)?)", text
    ):
        entry = gazetteer.find(match.group(1).split()[0]) or gazetteer.find(match.group(1))
        if entry and entry.kind == "settlement":
            where.place = where.place or entry
    if where.place is None:
        for match in re.finditer(r"[А-ЯЁа-яё][а-яё-]+(?:\s+[а-яёА-ЯЁ][а-яё]+)?", text):
            entry = gazetteer.find(match.group())
            if entry and entry.kind in ("settlement", "region"):
                where.place = entry
                break
    if where.place:
        where.country = where.place.country
        where.region = gazetteer.region_of(where.place.key)
    for words, country in COUNTRY_WORDS.items():
        if re.search(r"\b" + r"\w*\s+".join(words.split()) + r"\w*", folded):
            where.country = where.country or country
            break
    return where


def _where_from_name(name: str, gazetteer: Gazetteer, *, quoted: bool) -> _Where:
    where = _Where()
    own = re.split(r"\s+в\s+(?=г\.|[А-ЯЁ])", name, maxsplit=1)
    typed = re.search(r"(?<![\w.])(?:г\.|пос\.|д\.|аг\.|гп|пгт)\s*[А-ЯЁ]", own[0])
    if typed:  # "Средняя школа № 5 г. Орши"
        own = [own[0][: typed.start()], own[0][typed.start() :]]
    elif not quoted:  # a body named after its territory: "администрация Звездного городка"
        tail = _territory(own[0], gazetteer)
        if tail:
            own = [own[0], tail]
    words = re.findall(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)?", own[0])
    folded = " ".join(stem(w.lower()) for w in words)
    for i, word in enumerate(words):
        entry = _place_of_adjective(word, gazetteer)
        if entry is not None:
            city = i + 1 < len(words) and words[i + 1].lower().startswith("городск")
            seat = seat_of(entry, gazetteer)
            where.place = seat if (city or entry.kind == "district") else None
            where.region = gazetteer.region_of((seat if city and seat else entry).key)
            where.country = entry.country
            break
        where.country = where.country or _nationality(word)
    for stems, country in COUNTRY_WORDS.items():
        if re.search(rf"(?<!\S){stems}", folded):
            where.country = where.country or country
    if len(own) > 1:
        located = _where_from_text(own[1], gazetteer)
        where.place = where.place or located.place
        where.region = where.region or located.region
        where.country = where.country or located.country
    return where


def _territory(name: str, gazetteer: Gazetteer) -> str | None:
    """The capitalised place words in a name's genitive tail, if the gazetteer knows them."""
    words = name.split()
    for i in range(1, len(words)):
        if not words[i][:1].isupper() or (i > 0 and re.fullmatch(r"(?:[А-ЯЁ]\.)+", words[i - 1])):
            continue
        for n in (2, 1):
            candidate = " ".join(words[i : i + n])
            if len(words[i : i + n]) == n and gazetteer.find(candidate):
                return candidate
    return None


def _parenthesis_after(text: str, end: int) -> tuple[str, int] | None:
    rest = text[end:]
    match = re.match(r"\s*\(([^()]*)\)", rest)
    return (match.group(1), end + match.end()) if match else None


def _place_before(text: str, start: int, gazetteer: Gazetteer) -> GazetteerEntry | None:
    """The nearest settlement written before ``start`` in a place cell ("г. Гагарин, … СОГБУК")."""
    found = None
    for match in re.finditer(r"(?:г\.|пос\.|д\.|аг\.|гп|пгт)\s*([А-ЯЁ][а-яё-]+)", text[:start]):
        entry = gazetteer.find(match.group(1))
        if entry and entry.kind == "settlement":
            found = entry
    return found


_SUPPORT = re.compile(r"при\s+поддержке\s*$", re.I)
_ORGANISER = re.compile(r"(организатор\w*|организован\w*|разработчик\w*|проводим\w*)[^;.]{0,40}$", re.I)
_FOUNDER = re.compile(r"учредител", re.I)


def _role(text: str, start: int, role: OrgRole) -> OrgRole:
    if role not in (OrgRole.PARTICIPANT, OrgRole.MENTIONED):
        return role
    before = text[max(0, start - 60) : start].rstrip(" –-:")
    if _SUPPORT.search(before):
        return OrgRole.SUPPORTER
    if _ORGANISER.search(before):
        return OrgRole.ORGANISER
    return role


# --------------------------------------------------------------------------- public API


def extract_organisations(
    text: str, column: str, role: OrgRole = OrgRole.PARTICIPANT
) -> tuple[OrganisationRecord, ...]:
    """Every organisation named in one cell, in order of mention, one record per key."""
    flat = flatten(text)
    if not flat:
        return ()
    gazetteer = load_gazetteer()
    records: dict[str, OrganisationRecord] = {}
    for mention in _mentions(flat):
        record = _record(flat, mention, column, role, gazetteer)
        first = records.get(record.key)
        if first is None or (first.fuzzy and not record.fuzzy):  # the exact spelling wins
            records[record.key] = record
    return tuple(records.values())


@lru_cache(maxsize=2048)
def _mentions(flat: str) -> tuple[_Mention, ...]:
    """Every mention in a flattened cell, in order; cached, since places look too."""
    mentions = _non_overlapping(list(_legal_form_mentions(flat)))
    taken = [(m.start, m.end) for m in mentions]
    mentions += _non_overlapping(list(_body_mentions(flat, taken, quoted_regions(flat))))
    taken = [(m.start, m.end) for m in mentions]
    mentions += _non_overlapping(list(_alias_mentions(flat, taken)))
    return tuple(sorted(_with_branches(flat, mentions), key=lambda m: m.start))


# A branch named before its parent: "Смоленского регионального отделения <parent>".
_BRANCH_NOUN = re.compile(r"(?<![\w-])(отделени[еяюйм]\w*|филиал\w*)\s+$", re.I)
_BRANCH_WORD = re.compile(r"(\([А-ЯЁ][а-яё]+\)|[А-ЯЁа-яё-]+)\s*$")


def _with_branches(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Mentions with each parent preceded by "<adjectives> отделения / филиала" replaced by the
    branch, a body of its own ("Смоленское региональное отделение Общероссийской общественной
    организации «Российский Союз Молодежи»"). "Могилевского (Витебского) отделения …" names
    two branches, written by one span."""
    result = []
    for m in mentions:
        noun = _BRANCH_NOUN.search(text, max(0, m.start - 120), m.start)
        words: list[tuple[int, str]] = []  # (start, word) of the adjectives, last first
        position = noun.start() if noun else 0
        while noun and len(words) < 4:
            word = _BRANCH_WORD.search(text, max(0, position - 40), position)
            if not word or ends_sentence(word.group(1)):
                break
            bare = word.group(1).strip("()")
            if not _is(bare, {"ADJF", "PRTF"}):
                break
            words.append((word.start(), word.group(1)))
            position = word.start()
        plain = [w for _, w in reversed(words) if not w.startswith("(")]
        if not noun or not plain or not plain[0][:1].isupper():
            result.append(m)
            continue
        parent, start = text[m.start : m.end], words[-1][0]
        # Keys are cut at 80 characters: a long written legal form would make the branches of
        # two parents one key, so the key leaves it out ("… отделение «Российский Союз Молодежи»").
        own = f"«{m.short_name}»" if m.quoted else parent
        for first in [plain[0]] + [w.strip("()") for _, w in reversed(words) if w.startswith("(")]:
            # "Могилевского (Витебского) отделения": the alternative replaces the word before it
            branch = to_nominative(" ".join([first, *plain[1:], noun.group(1)])).text
            result.append(
                _Mention(start, m.end, None, f"{branch} {parent}", False, key_name=f"{branch} {own}")
            )
    return result


def seat_before(flat: str, position: int) -> str | None:
    """Gazetteer key of the settlement of the last organisation named before ``position`` in a
    place cell ("СОГБУК «Музей Ю.А. Гагарина», Дом космонавтов" -> "gagarin")."""
    gazetteer = load_gazetteer()
    for mention in reversed([m for m in _mentions(flat) if m.end <= position]):
        record = _record(flat, mention, "place", OrgRole.HOST, gazetteer)
        if record.place_key:
            return record.place_key
    return None


def organisation_spans(flat: str) -> list[tuple[int, int]]:
    """(start, end) of every organisation mention in a flattened text."""
    return [(m.start, m.end) for m in _mentions(flat)]


def _non_overlapping(mentions: list[_Mention]) -> list[_Mention]:
    kept: list[_Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if not any(k.start < m.end and m.start < k.end for k in kept):
            kept.append(m)
    return kept


def _record(text: str, m: _Mention, column: str, role: OrgRole, gazetteer: Gazetteer) -> OrganisationRecord:
    key = organisation_key(m.key_name or m.short_name)
    alias = aliases().get(_base_key(m.short_name))
    fuzzy = m.fuzzy
    legal_form = m.legal_form
    short_name = m.short_name
    if alias is not None and _base_key(alias.canonical_name) != _base_key(m.short_name):
        fuzzy = True
    if alias is not None:
        legal_form = legal_form or alias.legal_form or None
        short_name = alias.canonical_name if fuzzy else short_name
    if re.search(r"(обл|гор|рай)исполком", m.short_name, re.I) or re.search(
        r"(обл|гор|рай)исполком", text[m.start : m.end], re.I
    ):
        fuzzy = True
    founder = None
    where = _where_from_name(short_name, gazetteer, quoted=m.quoted)
    where.country = m.country or where.country
    paren = _parenthesis_after(text, m.end)
    if paren and _FOUNDER.search(paren[0]):
        founder = _founder_country(paren[0], gazetteer)
    elif paren:
        explicit = _where_from_text(paren[0], gazetteer)
        where.place = explicit.place or where.place
        # a body's own words say whose it is and which region it serves ("Посольство Российской
        # Федерации … (Республика Беларусь)" is Russian, "Минский областной исполнительный
        # комитет (г. Минск, …)" serves BY-MI, seated in Minsk); a quoted trade name says
        # nothing of the kind: the parenthesis does
        own = where if not m.quoted else _Where()
        where.region = own.region or explicit.region or where.region
        where.country = own.country or explicit.country or where.country
    after = re.match(r"\s*((?:г\.|пос\.|д\.|аг\.|гп|пгт)\s*[А-ЯЁ][а-яё-]+)", text[m.end :])
    if after and m.quoted and where.place is None:  # МБОУ «СШ № 7» г. Смоленска
        named = _where_from_text(after.group(1), gazetteer)
        where.place, where.region = named.place, named.region or where.region
        where.country = where.country or named.country
    if alias is not None and alias.place in gazetteer:  # the table knows the seat: before a guess
        where.place = where.place or gazetteer.get(alias.place)
        where.region = where.region or gazetteer.region_of(alias.place)
    if where.place is None and column == "place":
        where.place = _place_before(text, m.start, gazetteer)
        if where.place and where.region is None:
            where.region = gazetteer.region_of(where.place.key)
    country = (
        (alias.country if alias is not None and alias.country else None)
        or where.country
        or WRITTEN_COUNTRY.get(legal_form or "")
        or form_country(legal_form)
    )
    if where.region is None and (legal_form or "").startswith("СОГ"):
        where.region = "RU-SMO"  # "Смоленское областное …" is spelt into the legal form
    if where.region is None and where.place is not None:
        where.region = gazetteer.region_of(where.place.key)
    in_parenthesis = re.search(r"\([^()]*$", text[: m.start]) is not None
    record_role = OrgRole.MENTIONED if in_parenthesis and _FOUNDER.search(text[: m.start][-80:]) else role
    return OrganisationRecord(
        key=key,
        name=_display(legal_form, short_name, m.quoted or legal_form is not None),
        short_name=short_name,
        legal_form=legal_form,
        country=country or (where.region[:2] if where.region else None),
        text=text[m.start : m.end],
        role=_role(text, m.start, record_role),
        column=column,
        place_key=where.place.key if where.place and where.place.kind == "settlement" else None,
        region_code=where.region,
        founder_country=founder,
        fuzzy=fuzzy,
    )


def form_country(legal_form: str | None) -> str | None:
    """The country a legal form implies: "ГБПОУ ПО" -> RU, "УО" -> BY, "ОАО" -> None."""
    if not legal_form:
        return None
    if legal_form in LEGAL_FORMS:
        return LEGAL_FORMS[legal_form]
    base = legal_form.split()[0]
    if base in LEGAL_FORMS:
        return LEGAL_FORMS[base]
    return "RU" if re.fullmatch(_BUILT_FORM, base) else None


def _display(legal_form: str | None, short_name: str, quoted: bool) -> str:
    if not legal_form:
        return short_name
    return f"{legal_form} «{short_name}»" if quoted else f"{legal_form} {short_name}"


def _founder_country(text: str, gazetteer: Gazetteer) -> str | None:
    for word in re.findall(r"[А-ЯЁа-яё]+", text):
        country = _nationality(word)
        if country:
            return country
    return _where_from_text(text, gazetteer).country
