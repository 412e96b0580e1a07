"""The identity key of an organisation (used by ingest and curation) and the alias table."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from coopgraph.ingest.gazetteer import stem
from coopgraph.ingest.nominative import to_nominative
from coopgraph.ingest.organisations.quotes import flatten, unquote
from coopgraph.ingest.organisations.vocabulary import (
    _FORM_PREFIX,
    _OPEN,
    _WRITTEN_RE,
    ALIASES,
    EXECUTIVE,
    WRITTEN_FORMS,
)
from coopgraph.iris import slugify

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
