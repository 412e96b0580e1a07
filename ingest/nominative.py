"""Russian noun phrases and surnames to the nominative, with pymorphy3.

The rule (see FIELD-NOTES): put the leading adjectives and the head noun into the nominative,
agreeing with the noun, and leave the tail alone — the tail of an official name is a genitive
("Администрацией Смоленской области" -> "Администрация Смоленской области") or a prepositional
phrase ("Российским центром науки и культуры в г. Гомеле"). Quoted names stay as written.
The analyzer is built once, lazily; parses are cached, so repeated words cost nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import pymorphy3
from pymorphy3.analyzer import Parse

_TOKEN = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*|\s+|.", re.S)
_ADJECTIVES = {"ADJF", "PRTF"}
_OBLIQUE = ("gent", "datv", "accs", "ablt", "loct")


@cache
def analyzer() -> pymorphy3.MorphAnalyzer:
    """The one morphological analyzer of the process: loading its dictionaries takes about
    0.3 s, so the modules that parse words share it, and nothing loads it at import."""
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=50_000)
def parses(word: str) -> tuple[Parse, ...]:
    return tuple(analyzer().parse(word.lower()))


@dataclass(frozen=True)
class Nominative:
    text: str  # the phrase with its head in the nominative
    case: str | None  # the case the head was written in ("ablt"), None when not analysed


def match_case(original: str, new: str) -> str:
    """Carry the original's capitalisation over to an inflected form."""
    if "ё" not in original.lower():  # the dictionary spells "Могилёвский"; keep the source's е
        new = new.replace("ё", "е")
    if len(original) > 1 and original.isupper():
        return new.upper()
    if original[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def _agreeing_parse(head: str, adjectives: list[str]) -> tuple[Parse | None, list[Parse]]:
    """The head noun's parse that its adjectives agree with, and theirs; best score first."""
    nouns = [p for p in parses(head) if p.tag.POS == "NOUN" and p.tag.case]
    # Names are singular: a nominative singular reading wins, a plural one comes last
    # ("Администрации" is a genitive singular here, not "the administrations").
    nouns.sort(
        key=lambda p: 0 if (p.tag.case, p.tag.number) == ("nomn", "sing") else 1 + (p.tag.number == "plur")
    )
    for noun in nouns:
        chosen = []
        for adjective in adjectives:
            fit = next((a for a in parses(adjective) if a.tag.POS in _ADJECTIVES and _agrees(a, noun)), None)
            if fit is None:
                break
            chosen.append(fit)
        else:
            return noun, chosen
    return None, []


def _modifies(word: str, following: str) -> bool:
    """Whether ``word`` is an adjective of the word after it ("Могилевским областным")."""
    if not following[:1].isalpha() or (len(following) > 1 and following.isupper()):
        return False
    cases = {p.tag.case for p in parses(following) if p.tag.POS in ("NOUN", *_ADJECTIVES)}
    return any(p.tag.POS in _ADJECTIVES and p.tag.case in cases for p in parses(word))


def _agrees(adjective: Parse, noun: Parse) -> bool:
    tag, head = adjective.tag, noun.tag
    if tag.case != head.case and not (tag.case in ("accs", "gent") and head.case in ("accs", "gent")):
        return False
    if tag.number != head.number:
        return False
    return head.number == "plur" or tag.gender == head.gender


@lru_cache(maxsize=20_000)
def to_nominative(phrase: str) -> Nominative:
    """Put the leading adjectives and the head noun of ``phrase`` into the nominative.

    >>> to_nominative("Администрацией Смоленской области").text
    'Администрация Смоленской области'
    >>> to_nominative("Гомельским областным исполнительным комитетом").text
    'Гомельский областной исполнительный комитет'
    """
    tokens = _TOKEN.findall(phrase)
    words = _head_phrase(tokens)
    if not words:
        return Nominative(phrase, None)
    head, adjectives = tokens[words[-1]], [tokens[i] for i in words[:-1]]
    noun, chosen = _agreeing_parse(head, adjectives)
    if noun is None:
        return Nominative(phrase, None)
    number = noun.tag.number or "sing"
    new_head = noun.inflect({"nomn", number}) if noun.tag.case != "nomn" else None
    if new_head is not None:
        tokens[words[-1]] = match_case(head, new_head.word)
    for i, adjective in zip(words[:-1], chosen, strict=True):
        grammemes = {"nomn", number} | ({noun.tag.gender} if number == "sing" and noun.tag.gender else set())
        form = adjective.inflect(grammemes)
        if form is not None:
            tokens[i] = match_case(tokens[i], form.word)
    return Nominative("".join(tokens), noun.tag.case)


def _head_phrase(tokens: list[str]) -> list[int]:
    """Token indexes of the leading adjectives, then the head noun (the last index)."""
    words: list[int] = []
    for i, token in enumerate(tokens):
        if token.isspace():
            continue
        if not token[0].isalpha() or (len(token) > 1 and token.isupper()):
            break  # a quote, an abbreviation, a digit: the head phrase is over
        words.append(i)
        following = next((t for t in tokens[i + 1 :] if not t.isspace()), "")
        if _modifies(token, following):
            continue
        if any(p.tag.POS == "NOUN" for p in parses(token)):
            break
    return words


def surname_to_nominative(word: str, case: str | None = None) -> str:
    """A surname as written in ``case`` (None: unknown) back to the nominative.

    The masculine reading wins when both fit ("коллекции М. Губайдуллина" -> Губайдуллин):
    a feminine genitive would be spelt "Губайдуллиной".
    """
    surnames = [p for p in parses(word) if "Surn" in p.tag]
    if not surnames:
        return word
    if case is None:
        if any(p.tag.case == "nomn" for p in surnames):
            return word
        candidates = [p for p in surnames if p.tag.case in _OBLIQUE]
    elif case == "nomn":
        return word
    else:
        # accusative and genitive coincide for men, not for women: either fits the other
        similar = {case} | ({"gent", "accs"} if case in ("gent", "accs") else set())
        candidates = (
            [p for p in surnames if p.tag.case == case]
            or [p for p in surnames if p.tag.case in similar]
            or surnames
        )
    candidates.sort(key=lambda p: p.tag.gender != "masc")
    for parse in candidates:
        if "Fixd" in parse.tag:
            return word
        form = parse.inflect({"nomn", parse.tag.gender or "masc", "sing"})
        if form is not None:
            return match_case(word, form.word)
    return word
