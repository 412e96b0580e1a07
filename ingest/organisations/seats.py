"""Country, seat and first-level region of an organisation, from its words and the text around it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from coopgraph.ingest.gazetteer import Gazetteer, GazetteerEntry, load_gazetteer, stem
from coopgraph.ingest.organisations.vocabulary import _BUILT_FORM, COUNTRY_WORDS, LEGAL_FORMS, NATIONALITY

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
            following = words[i + 1].lower() if i + 1 < len(words) else ""
            city = following.startswith("городск")
            seat = seat_of(entry, gazetteer)
            if entry.kind == "region" and seat and not following.startswith(("областн", "районн")):
                # "Минский тракторный завод" is of the city, and Minsk is a region of its own;
                # for other capitals ("Витебский мясокомбинат") city and oblast are one region
                city = city or gazetteer.region_of(seat.key) != gazetteer.region_of(entry.key)
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


def _founder_country(text: str, gazetteer: Gazetteer) -> str | None:
    for word in re.findall(r"[А-ЯЁа-яё]+", text):
        country = _nationality(word)
        if country:
            return country
    return _where_from_text(text, gazetteer).country
