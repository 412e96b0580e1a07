"""What a word or a few words are, for the mention finder: a sentence's end, a genitive or
another oblique case, a settlement type, a place after "в", a person's full name, the start of
a body's name."""

from __future__ import annotations

import re

from coopgraph.ingest.gazetteer import SETTLEMENT_TYPES, load_gazetteer
from coopgraph.ingest.nominative import parses
from coopgraph.ingest.organisations.vocabulary import (
    _WORD_RE,
    _WRITTEN_RE,
    BODY_HEADS,
    INSTITUTION_HEADS,
    OFFICES,
)


def _tokens(text: str) -> list[re.Match[str]]:
    return list(_WORD_RE.finditer(text))


def _is(token: str, pos: set[str], case: str | None = None) -> bool:
    return any(p.tag.POS in pos and (case is None or p.tag.case == case) for p in parses(token.rstrip(".")))


def ends_sentence(word: str) -> bool:
    """ "комитетом.", "Беларусь." end a sentence; "г.", "им.", "обл.", "Респ." are abbreviations."""
    bare = word[:-1]
    if not word.endswith(".") or len(bare) < 4 or bare.isupper() or not bare.replace("-", "").isalpha():
        return False
    return not any("Abbr" in p.tag for p in parses(bare)[:1])


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


def _oblique(word: str) -> bool:
    if len(word) < 2 or not word[:1].isalpha() or word.isupper():
        return False
    return any(p.tag.case in ("datv", "gent", "loct") and p.tag.POS in ("NOUN", "ADJF") for p in parses(word))


def fold_type(word: str) -> bool:
    """True for a settlement-type word ("г.", "пос.")."""
    return word.lower().rstrip(".") in SETTLEMENT_TYPES


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


def _full_name_at(tokens: list[re.Match[str]], i: int) -> bool:
    """Whether a person's full name starts at ``tokens[i]``: "Шашков Виктор Павлович" (surname,
    first name, patronymic) or "Виктор Павлович" (first name, patronymic)."""
    words = [t.group() for t in tokens[i : i + 3]]
    if not all(w[:1].isupper() for w in words):
        return False

    def tagged(word: str, grammeme: str) -> bool:
        return any(grammeme in p.tag for p in parses(word))

    first_pair = len(words) >= 2 and tagged(words[0], "Name") and tagged(words[1], "Patr")
    return first_pair or (len(words) == 3 and tagged(words[1], "Name") and tagged(words[2], "Patr"))


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
