"""Words of Russian text as the search index sees them: lemmas, not forms.

Russian inflects: "в г. Гомеле", "филармонию", "Гомельским облисполкомом". A word stands for the
set of its dictionary forms (every pymorphy3 reading, since a bare word is often ambiguous:
"стали" is "стать" or "сталь"), so a query in any form meets a text in any other form.

Places are named by adjectives as often as by nouns ("Гомельская область", "Смоленский
музей"). An adjective in -ский/-цкий is also indexed as the place name it is derived from, when
that name is one of the known places (`place_lemmas`): the suffix rules below are forms of
Russian word formation, the check against known places keeps "культурный" from becoming a
place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

from coopgraph.ingest.nominative import parses

WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Endings of relational adjectives: гомельский, смоленский, витебский, брестский, бобруйский.
_ADJECTIVE_ENDINGS = ("ский", "цкий")
# What the place name may end with once the adjective's suffix is taken off: Гомель (nothing),
# Смоленск/Минск (-ск, swallowed by -ский), Гродно/Лиозно (-о), Климовичи (-и), Вязьма (-а).
_NAME_ENDINGS = ("", "ск", "о", "и", "а", "ь", "ы")


def fold(text: str) -> str:
    """Lower case, with ё as е: the report writes both for one word."""
    return text.lower().replace("ё", "е")


def words(text: str) -> Iterator[re.Match[str]]:
    """The words of `text` with their positions (letters and digits; hyphens split words)."""
    return WORD.finditer(text)


@lru_cache(maxsize=100_000)
def lemmas(word: str) -> frozenset[str]:
    """Every dictionary form `word` may be a form of, folded; the word itself included."""
    folded = fold(word)
    if not folded.isalpha():
        return frozenset({folded})
    return frozenset({folded} | {fold(p.normal_form) for p in parses(folded)})


def place_names(lemma: str, place_lemmas: frozenset[str]) -> set[str]:
    """The known place names a relational adjective `lemma` is derived from ("гомельский" →
    {"гомель"}); empty for any other word."""
    for ending in _ADJECTIVE_ENDINGS:
        if lemma.endswith(ending) and len(lemma) > len(ending) + 2:
            stem = lemma[: -len(ending)]
            candidates = {stem + tail for tail in _NAME_ENDINGS}
            if stem.endswith("ен"):  # гродненский → Гродно, лиозненский → Лиозно
                candidates.add(stem[:-2] + "о")
            return candidates & place_lemmas
    return set()


@lru_cache(maxsize=200_000)
def word_terms(word: str, place_lemmas: frozenset[str] = frozenset()) -> frozenset[str]:
    """The index terms of one word: its lemmas and the places its adjectives name."""
    found = lemmas(word)
    derived = set()
    for lemma in found:
        derived |= place_names(lemma, place_lemmas)
    return found | derived if derived else found


@lru_cache(maxsize=20_000)
def text_terms(text: str, place_lemmas: frozenset[str] = frozenset()) -> str:
    """`text` as the index stores it: the terms of its words, separated by spaces (in no
    particular order within a word: the index is searched by terms, never by phrases)."""
    terms: list[str] = []
    for match in words(text):
        terms.extend(word_terms(match.group(), place_lemmas))
    return " ".join(terms)


@dataclass(frozen=True)
class Query:
    """What a query asks for: per word, the terms any of which must occur; the last word may
    also be the start of a longer one (typing "филармон" already finds "филармонию")."""

    per_word: tuple[frozenset[str], ...]
    prefix: str = ""

    @classmethod
    def of(cls, text: str, max_words: int = 12) -> Query:
        found = [m.group() for m in words(text)][:max_words]
        return cls(tuple(word_terms(w) for w in found), fold(found[-1]) if found else "")

    def fts(self) -> str:
        """The FTS5 MATCH expression (terms are letters and digits only, quoted anyway)."""
        groups = []
        for number, terms in enumerate(self.per_word, start=1):
            options = [f'"{t}"' for t in sorted(terms)]
            if number == len(self.per_word) and self.prefix:
                options.append(f'"{self.prefix}" *')
            groups.append("(" + " OR ".join(options) + ")")
        return " AND ".join(groups)

    def matches(self, word: str, place_lemmas: frozenset[str]) -> bool:
        terms = word_terms(word, place_lemmas)
        if any(terms & wanted for wanted in self.per_word):
            return True
        return bool(self.prefix) and any(t.startswith(self.prefix) for t in terms)


def highlight(text: str, query: Query, place_lemmas: frozenset[str]) -> Markup:
    """`text` as escaped HTML with the words `query` matches in ``<mark>``."""
    out: list[str] = []
    last = 0
    for match in words(text):
        if query.matches(match.group(), place_lemmas):
            out.append(escape(text[last : match.start()]))
            out.append(Markup("<mark>{}</mark>").format(match.group()))
            last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def excerpt(text: str, query: Query, place_lemmas: frozenset[str], width: int = 240) -> str:
    """At most `width` characters of `text` around the first word `query` matches (cut at
    spaces, with "…" where cut)."""
    if len(text) <= width:
        return text
    start = 0
    for match in words(text):
        if query.matches(match.group(), place_lemmas):
            start = max(0, match.start() - width // 3)
            break
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
