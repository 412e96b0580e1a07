"""Finding organisation mentions in a flattened cell: legal form + quoted name, bodies by
their head noun, the alias table; branches named before their parent."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from coopgraph.ingest.gazetteer import Gazetteer, load_gazetteer, stem
from coopgraph.ingest.nominative import analyzer, match_case, parses, to_nominative
from coopgraph.ingest.organisations.keys import _alias_pattern, _base_key, aliases, spell_out_executive
from coopgraph.ingest.organisations.quotes import quoted_end, quoted_regions, unquote
from coopgraph.ingest.organisations.seats import _nationality, _place_of_adjective, _territory
from coopgraph.ingest.organisations.vocabulary import (
    _ABBR_RE,
    _COMPANY_NOUNS,
    _FORM_ABBREVIATION_RE,
    _INITIALS,
    _PLACE_ABBREVIATION_RE,
    _WRITTEN_RE,
    BODY_HEADS,
    EXECUTIVE,
    INSTITUTION_HEADS,
    LEGAL_FORMS,
    LOCATED_HEADS,
    NATIONALITY,
    NOT_FORMS,
    OFFICES,
    QUOTED_HEADS,
    STAFF_HEADS,
    SUBJECT_HEADS,
    TOWN_HEADS,
    UNIT_HEADS,
    WRITTEN_FORMS,
)
from coopgraph.ingest.organisations.words import (
    _body_ahead,
    _full_name_at,
    _genitive,
    _is,
    _location_end,
    _oblique,
    _starts_body,
    _tokens,
    ends_sentence,
    fold_type,
)

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
    bare: bool = False  # a legal form before an unquoted abbreviation: "ФГБОУ ВО СГМУ"
    written_form: str | None = None  # a legal form written out, in the nominative: "Учреждение образования"


def _legal_form_mentions(text: str) -> Iterator[_Mention]:
    """A legal form and a quoted name, abbreviated or written out; a legal form before an
    abbreviation; an abbreviation after a place adjective; a company with its nationality."""
    for match in _ABBR_RE.finditer(text):
        end = quoted_end(text, match.end())
        if end:
            short = unquote(text[match.end() : end])
            yield _Mention(match.start(), end, match.group(1), short, quoted=True)
    for match in _WRITTEN_RE.finditer(text):
        group = match.lastgroup or ""  # every alternative of _WRITTEN_RE is a named group
        form, end = WRITTEN_FORMS[int(group[1:])][1], match.end()
        quote = end + len(text[end:]) - len(text[end:].lstrip())
        close = quoted_end(text, quote)
        if close:
            written = to_nominative(" ".join(text[match.start() : match.end()].split())).text
            written = written[:1].upper() + written[1:]
            yield _Mention(match.start(), close, form, unquote(text[quote:close]), True, written_form=written)
    for match in _FORM_ABBREVIATION_RE.finditer(text):  # "ФГБОУ ВО СГМУ"
        yield _Mention(match.start(), match.end(), match.group(1), match.group(2), False, bare=True)
    yield from _place_abbreviation_mentions(text)
    yield from _company_mentions(text)


def _place_abbreviation_mentions(text: str) -> Iterator[_Mention]:
    """ "Смоленской АЭС": an abbreviation that is no legal form after a place adjective."""
    for match in _PLACE_ABBREVIATION_RE.finditer(text):
        if match.group(2) in LEGAL_FORMS or match.group(2) in NOT_FORMS:
            continue
        if _place_of_adjective(match.group(1), load_gazetteer()) is None:
            continue
        short = f"{_adjective_to_nominative(match.group(1), match.group(2))} {match.group(2)}"
        yield _Mention(match.start(), match.end(), None, short, quoted=False)


def _company_mentions(text: str) -> Iterator[_Mention]:
    """ "австрийская компания «EGGER»": the country from the adjective before the noun."""
    for match in re.finditer(rf"(?:([а-яё]+)\s+)?{_COMPANY_NOUNS}\s*(?=[«\"])", text, re.I):
        close = quoted_end(text, match.end())
        if close:
            adjective = stem((match.group(1) or "").lower())
            country = next((c for s, c in NATIONALITY.items() if adjective.startswith(s)), None)
            start = match.end()
            yield _Mention(start, close, None, unquote(text[start:close]), quoted=True, country=country)


def _adjective_to_nominative(adjective: str, abbreviation: str) -> str:
    """ "Смоленской" before "АЭС" -> "Смоленская": the gender is the abbreviation's when the
    dictionary knows it (АЭС is feminine), else the adjective's masculine reading."""
    known = analyzer().word_is_known(abbreviation.lower())
    genders = [p.tag.gender for p in parses(abbreviation) if known and p.tag.POS == "NOUN" and p.tag.gender]
    readings = [p for p in parses(adjective) if p.tag.POS == "ADJF"]
    readings.sort(key=lambda p: (p.tag.gender != (genders[0] if genders else "masc"), p.tag.number == "plur"))
    for parse in readings:
        form = parse.inflect({"nomn", "sing", genders[0] if genders else parse.tag.gender or "masc"})
        if form is not None:
            return match_case(adjective, form.word)
    return adjective


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
    if ends_sentence(tokens[head].group()):
        return head
    tail = _Tail(tokens, head, text, head_stem=head_stem, located=located, quoted=quoted)
    last: int = head
    i: int | None = head + 1
    while i is not None and i < len(tokens):
        last, i = tail.step(last, i)
    return last


@dataclass(frozen=True)
class _Tail:
    """The walk of ``_tail_end``, one method per kind of word. Each step takes the index of the
    tail's last token so far and of the token to read, and gives both back: the next token to
    read, or None when the tail is over."""

    tokens: list[re.Match[str]]
    head: int
    text: str
    head_stem: str
    located: bool  # the head takes "в <place>" ("Посольство … в Республике Беларусь")
    quoted: bool  # a quoted name right after the tail belongs to it

    def step(self, last: int, i: int) -> tuple[int, int | None]:
        word = self.tokens[i].group()
        if ends_sentence(word):
            return self._sentence_end(word, last, i), None
        if word in ("«", '"', "„"):  # Фонд … «Космос – это мы»: the quoted name belongs to it
            return self._quote(last, i)
        if word.lower() in ("им.", "имени"):
            return self._eponym(last, i)
        following = self.tokens[i + 1].group() if i + 1 < len(self.tokens) else ""
        if self._person_at(word, following, i):
            return last, None
        if word == "и" and _genitive(following) and not _body_ahead(self.tokens, i + 1):
            return last, i + 1
        if word == "по" and self.head_stem in SUBJECT_HEADS and following[:1].islower():
            # "Департамент Смоленской области по культуре", "Комитет по делам молодежи"
            return self._subject(last, i + 1)
        return self._place_or_genitive(word, last, i)

    def _sentence_end(self, word: str, last: int, i: int) -> int:
        bare = word[:-1]
        if _genitive(bare) or (self.head_stem in SUBJECT_HEADS and _oblique(bare) and i - 1 > self.head):
            return i
        return last

    def _quote(self, last: int, i: int) -> tuple[int, int | None]:
        tokens = self.tokens
        # a quoted name of the genitive tail belongs to the body: "Администрация муниципального
        # образования «…» … области", "Администрация свободной экономической зоны «…»"
        named = (
            i - 1 > self.head
            and tokens[i - 1].group()[:1].islower()
            and _is(tokens[i - 1].group(), {"NOUN"}, "gent")
        )
        if named:
            close = quoted_end(self.text, tokens[i].start())
            if close is None:
                return last, None
            i = self._last_inside(i, close)
            return i, i + 1
        if self.quoted and i > self.head:
            close = quoted_end(self.text, tokens[i].start())
            if close:
                return self._last_inside(i, close), None
        return last, None

    def _last_inside(self, i: int, close: int) -> int:
        """The last token that starts before the closing quote at ``close``."""
        while i + 1 < len(self.tokens) and self.tokens[i + 1].start() < close:
            i += 1
        return i

    def _eponym(self, last: int, i: int) -> tuple[int, int | None]:
        match = _INITIALS.match(" ".join(t.group() for t in self.tokens[i : i + 5]))
        if not match:
            return last, None
        n = len(_tokens(match.group()))
        return i + n - 1, i + n

    def _person_at(self, word: str, following: str, i: int) -> bool:
        if (
            re.fullmatch(r"[А-ЯЁ]\.", following)
            and word[:1].isupper()
            and not load_gazetteer().find(word, exact=True)
        ):
            return True  # "Правительства Смоленской области Иванов И.И.": a surname, not the name
        # "… Смоленской области Шашков Виктор Павлович", "… Ирина Валентиновна …"
        return word[:1].isupper() and _full_name_at(self.tokens, i)

    def _subject(self, last: int, i: int) -> tuple[int, int | None]:
        """The words after "по" in the dative or another oblique case. A word that is not one
        is read again by ``step``."""
        tokens = self.tokens
        while i < len(tokens):
            subject = tokens[i].group()
            if ends_sentence(subject):
                return (i if _oblique(subject[:-1]) else last), None
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
        return last, i

    def _place_or_genitive(self, word: str, last: int, i: int) -> tuple[int, int | None]:
        if fold_type(word) and self.head_stem in TOWN_HEADS:  # "Администрации г. Орши"
            end = _location_end(self.tokens, i)
            if end is not None:
                return end, end + 1
        if self.located and word == "в" and i + 1 < len(self.tokens):
            end = _location_end(self.tokens, i + 1)
            return (end, end + 1) if end is not None else (last, None)
        if not _genitive(word):
            return last, None
        return i, i + 1


def _accept(head: str, words: list[str], first: str, gazetteer: Gazetteer, a: int, h: int, z: int) -> bool:
    if len(words) == 1 and head not in EXECUTIVE and head != "исполком":
        return False  # a bare "Администрация", "музей", "Фонд": not a name
    if head in UNIT_HEADS:  # "Главного управления спорта …", not "государственного управления"
        return _accept_unit(words, first, a, h, z)
    if not first[:1].isupper():
        # "администрация Звездного городка", "министра образования Республики Беларусь": a
        # lower-case body counts when its tail names a place; "союз", "совет" never do
        if head in EXECUTIVE:
            return True
        named = any(w[:1].isupper() for w in words[1:])
        return named and head not in ("совет", "союз", "палат", "дум", *INSTITUTION_HEADS)
    if head in INSTITUTION_HEADS:
        return _accept_institution(words, gazetteer, a, h, z)
    if head == "комитет":
        return any(w.lower().startswith("исполнительн") for w in words[: h - a]) or "по" in words
    if head in ("совет", "союз"):  # "Героя Советского Союза" is no body
        return first[:1].isupper() and z > h
    if head in ("палат", "дум"):
        return first[:1].isupper() and (h > a or z > h)
    return True


def _accept_unit(words: list[str], first: str, a: int, h: int, z: int) -> bool:
    """A structural unit is a body when capitalised or "главное" and followed by its tail."""
    if z > h and (first[:1].isupper() or words[0].lower().startswith("главн")):
        return True
    # "управление культуры Витебского облисполкома": a field, then the body it belongs to
    return h == a and z > h + 1 and _field_of_body(words[1:])


def _accept_institution(words: list[str], gazetteer: Gazetteer, a: int, h: int, z: int) -> bool:
    """An institution (музей, центр…) is named only with an eponym or a place or nationality."""
    eponym = any(w.lower() in ("им.", "имени") for w in words)
    adjectives = words[: h - a]
    if eponym or any(_place_of_adjective(w, gazetteer) or _nationality(w) for w in adjectives):
        return True
    # "Центр поддержки экспорта Смоленской области": the tail names the territory it serves
    return z > h and _territory(" ".join(words[h - a + 1 :]), gazetteer) is not None


def _field_of_body(words: list[str]) -> bool:
    """Whether ``words`` are a field in the genitive ("культуры", "образования") followed by a
    body's head further on ("… Витебского облисполкома")."""
    field = words[0]
    if not field[:1].islower() or not _is(field, {"NOUN"}, "gent"):
        return False
    return any(_starts_body(w) for w in words[1:])


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
_BRANCH_NOUN = re.compile(r"(?<![\w-])(отделени[еяюйм]\w*|филиал\w*|организаци[яиюей]\w*)\s+$", re.I)
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


def organisation_spans(flat: str) -> list[tuple[int, int]]:
    """(start, end) of every organisation mention in a flattened text."""
    return [(m.start, m.end) for m in _mentions(flat)]


def _non_overlapping(mentions: list[_Mention]) -> list[_Mention]:
    kept: list[_Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if not any(k.start < m.end and m.start < k.end for k in kept):
            kept.append(m)
    return kept
