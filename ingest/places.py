"""Places named in a cell: settlements, districts, regions, countries, venues, addresses.

Organisations are not places: their spans ("СОГБУК «Музей Ю.А. Гагарина»") are masked first,
but the parenthesis after one still counts ("(г. Брест, Республика Беларусь)"). Settlements
need their type word ("г. Кричева") or a gazetteer name standing alone between commas
("Минск, Беларусь"). Venues — a quoted name after a venue abbreviation ("ДС «Юбилейный»") or a
capitalised phrase with a venue noun ("Дом космонавтов", "Историко-художественный музей") —
and street addresses sit under the last settlement named before them; their keys are minted
under it ("gagarin-dom-kosmonavtov"). Every gazetteer place carries its parent, first-level
region and country from the gazetteer; places not in it have ``in_gazetteer=False`` and a slug.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

from coopgraph.ingest.gazetteer import SETTLEMENT_TYPES, Gazetteer, GazetteerEntry, load_gazetteer, stem
from coopgraph.ingest.nominative import to_nominative
from coopgraph.ingest.organisations import flatten, organisation_spans, quoted_end, seat_before
from coopgraph.ingest.records import PlaceKind, PlaceRecord
from coopgraph.ingest.settlement_names import TYPE_GENDER, settlement_nominative
from coopgraph.iris import slugify

_KINDS = {
    "country": PlaceKind.COUNTRY,
    "region": PlaceKind.REGION,
    "district": PlaceKind.DISTRICT,
    "settlement": PlaceKind.SETTLEMENT,
}
_NAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*"
_TYPE_WORDS = sorted((w for w in SETTLEMENT_TYPES if w not in ("с", "п", "д")), key=len, reverse=True)
# One-letter types need their dot ("с." is a village, "с" a preposition).
# Type words written out, in any case: "в городе Пинске", "в агрогородке Ратьково".
_TYPE_INFLECTED = (
    r"город(?:а|е|у|ом)?|деревн(?:я|и|е|ю|ей)|агрогород(?:ок|ка|ке|ку|ком)|пос[её]л(?:ок|ка|ке|ку|ком)"
    r"|сел(?:о|а|е|у|ом)"
)
_TYPE = (
    r"(?:(?:"
    + _TYPE_INFLECTED
    + r")(?![а-яё])|(?:"
    + "|".join(re.escape(w) for w in _TYPE_WORDS)
    + r")\.?|[сдп]\.)"
)
_TYPE_STEMS = (
    ("город", "г."),
    ("деревн", "д."),
    ("агрогород", "аг."),
    ("посёл", "пос."),
    ("посел", "пос."),
    ("сел", "с."),
)
# Nominative endings of adjective-like names: "Красное" is not a case form of "Красный".
_NOMINATIVE_ADJECTIVE = ("ое", "ее", "ая", "яя", "ые", "ие", "ый", "ий")
_SETTLEMENT_RE = re.compile(rf"(?<![\w.])({_TYPE})\s*({_NAME}(?:\s+{_NAME})?)")
_REGION_RE = re.compile(r"(?<![\w-])([А-ЯЁ][а-яё]+(?:ой|ая|ую|ую|ей|яя))\s+(област[ьияей]\w*|обл\.)")
_DISTRICT_RE = re.compile(
    r"(?:муниципальн\w+\s+образовани\w+\s+«\s*)?(?<![\w-])([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)?)\s+"
    r"(район\w*|р-н|муниципальн\w+\s+округ\w*)»?"
)
_ADDRESS_RE = re.compile(
    r"(?<![\w.])(ул\.|улица|пр-т|просп\.|проспект|пер\.|переулок|пл\.|площадь|бул\.|бульвар|наб\.|шоссе)"
    r"\s*([А-ЯЁ0-9][А-ЯЁа-яё0-9.-]*(?:\s+(?!д\.|дом\b)[А-ЯЁа-яё0-9-]+)?)"
    r"(?:\s*,?\s*(?:д\.|дом)\s*(\d+[а-яА-Я]?(?:/\d+)?)|\s*,\s*(\d+[а-яА-Я]?(?:/\d+)?)(?![\d.]))?"
)
# Venue abbreviations that open a quoted name: ДС «Юбилейный», ДК «Химик».
_VENUE_ABBR = re.compile(r"(?<![\w-])(ДС|ДК|СК|КЗ|ФОК|ЛДС|СОК|ЦКР|ГДК|РДК|ЛА)\s*(?=«)")
_VENUE_NOUNS = [
    "музе", "дом", "дворц", "дворец", "стадион", "зал", "площад", "парк", "галере", "арен", "комплекс",
    "театр", "библиотек", "манеж", "сквер", "мемориал", "усадьб", "собор", "храм", "кремл", "крепост",
    "центр"
]  # fmt: skip
_CORRESPONDENCE = re.compile(r"в\s+рабочем\s+порядке", re.I)


@dataclass
class _Found:
    start: int
    end: int
    record: PlaceRecord


def _from_entry(entry: GazetteerEntry, text: str, settlement_type: str | None = None) -> PlaceRecord:
    gazetteer = load_gazetteer()
    return PlaceRecord(
        key=entry.key,
        name=entry.name_ru,
        kind=_KINDS[entry.kind],
        text=text,
        settlement_type=(settlement_type or entry.settlement_type or None)
        if entry.kind == "settlement"
        else None,
        parent_key=entry.parent or None,
        region_code=gazetteer.region_of(entry.key),
        country=entry.country or None,
        in_gazetteer=True,
    )


def _settlement_type(word: str) -> str:
    word = word.lower().rstrip(".")
    if word in SETTLEMENT_TYPES:
        return SETTLEMENT_TYPES[word]
    return next((t for stem_, t in _TYPE_STEMS if word.startswith(stem_)), word)


def _same_name(written: str, entry: GazetteerEntry, stype: str) -> bool:
    """Whether a name the gazetteer matched by its stem is a case form of the entry's name, not
    another name on the same stem: "с. Красное" and "д. Красной" are not "пгт Красный"."""
    names = [entry.name_ru, *entry.alias_list]
    folded = {n.split()[-1].lower().replace("ё", "е") for n in names}
    if stype in TYPE_GENDER:
        nominative = settlement_nominative(written, stype).split()[-1].lower().replace("ё", "е")
        if nominative.endswith(_NOMINATIVE_ADJECTIVE) and nominative not in folded:
            return False
    last = written.split()[-1].lower().replace("ё", "е")
    ending = next((e for e in _NOMINATIVE_ADJECTIVE if last.endswith(e)), None)
    if ending is None:
        return True
    return any(n.split()[-1].lower().replace("ё", "е").endswith(ending) for n in names)


def _settlements(text: str) -> Iterator[_Found]:
    gazetteer = load_gazetteer()
    for match in _SETTLEMENT_RE.finditer(text):
        stype, name = _settlement_type(match.group(1)), match.group(2)
        words = name.split()
        entry = None
        for n in range(len(words), 0, -1):  # "г. Гагарин Смоленской": the longest known name
            entry = gazetteer.find(" ".join(words[:n]), kind="settlement")
            if entry and not _same_name(" ".join(words[:n]), entry, stype):
                entry = None
            if entry:
                end = match.start(2) + len(" ".join(words[:n]))
                break
        if entry is not None:
            yield _Found(match.start(), end, _from_entry(entry, text[match.start() : end], stype))
            continue
        # "д. Новая Жизнь" keeps both words; "д. Ивановка Смоленской области" only the first
        area_follows = re.match(r"\s+(?:област|обл\.|район|р-н)", text[match.end() :])
        name = " ".join(words[:1] if area_follows else words)
        end = match.start(2) + len(name)
        nominative = settlement_nominative(name, stype)
        yield _Found(
            match.start(),
            end,
            PlaceRecord(
                key=slugify(nominative),
                name=nominative,
                kind=PlaceKind.SETTLEMENT,
                text=text[match.start() : end],
                settlement_type=stype,
                in_gazetteer=False,
            ),
        )


def _areas(text: str) -> Iterator[_Found]:
    gazetteer = load_gazetteer()
    for pattern, kind in ((_REGION_RE, "region"), (_DISTRICT_RE, "district")):
        for match in pattern.finditer(text):
            span = match.group()
            entry = gazetteer.find(f"{match.group(1)} {match.group(2)}", kind=kind)
            if entry is None and kind == "district":
                entry = gazetteer.find(f"{match.group(1)} район", kind=kind)
            if entry is not None:
                yield _Found(match.start(), match.end(), _from_entry(entry, span))
            elif kind == "district" and match.group(2).startswith(("район", "р-н")):
                name = to_nominative(f"{match.group(1)} район").text
                record = PlaceRecord(slugify(name), name, PlaceKind.DISTRICT, span, in_gazetteer=False)
                yield _Found(match.start(), match.end(), record)


@cache
def _country_pattern() -> re.Pattern[str]:
    names = {
        name
        for entry in load_gazetteer().entries
        if entry.kind == "country"
        for name in (entry.name_ru, *entry.alias_list)
    }
    alternatives = []
    for name in sorted(names, key=len, reverse=True):
        words = name.split()
        if len(words) == 1 and name.isupper():
            alternatives.append(re.escape(name))
        else:
            alternatives.append(r"\s+".join(re.escape(stem(w.lower())) + r"[а-яё]*" for w in words))
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.I)


def _countries(text: str) -> Iterator[_Found]:
    gazetteer = load_gazetteer()
    for match in _country_pattern().finditer(text):
        if not match.group()[:1].isupper():
            continue
        entry = gazetteer.find(match.group(), kind="country")
        if entry is not None:
            yield _Found(match.start(), match.end(), _from_entry(entry, match.group()))


def _addresses(text: str) -> Iterator[tuple[int, int, str]]:
    for match in _ADDRESS_RE.finditer(text):
        street = f"{match.group(1)} {match.group(2)}".rstrip(",. ")
        number = match.group(3) or match.group(4)
        name = f"{street}, д. {number}" if number else street
        yield match.start(), match.end(), name


def _venues(text: str, masked: list[tuple[int, int]]) -> Iterator[tuple[int, int, str]]:
    for match in _VENUE_ABBR.finditer(text):
        end = quoted_end(text, match.end())
        if end:
            yield match.start(), end, f"{match.group(1)} {text[match.end() : end]}"
    # Capitalised phrases with a venue noun, between separators, outside organisations.
    for segment in re.finditer(r"[^,;()\n]+", text):
        start = segment.start() + len(segment.group()) - len(segment.group().lstrip())
        # "Парк культуры и отдыха г. Смоленска": the town after it is not part of the venue
        phrase = re.split(rf"\s(?:{_TYPE})\s*[А-ЯЁ]", segment.group().strip(), maxsplit=1)[0]
        if not phrase[:1].isupper() or any(s <= start < e for s, e in masked):
            continue
        words = phrase.split()
        if len(words) > 6 or ("«" in phrase and not phrase.endswith("»")):
            continue
        lowered = [w.lower() for w in words]
        if any(w.startswith(noun) or f"-{noun}" in w for w in lowered[:3] for noun in _VENUE_NOUNS):
            yield start, start + len(phrase), phrase


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _named_places(flat: str, masked: list[tuple[int, int]]) -> list[_Found]:
    """Settlements, districts, regions and countries, outside organisation names."""
    found: list[_Found] = []
    taken: list[tuple[int, int]] = list(masked)
    for finder in (_settlements, _areas, _countries, _bare_names):
        for item in finder(flat):
            if not _overlaps(item.start, item.end, taken):
                found.append(item)
                taken.append((item.start, item.end))
    return [_Found(f.start, f.end, _placed(f.record, [g.record for g in found])) for f in found]


def named_places(text: str) -> tuple[PlaceRecord, ...]:
    """Only the administrative places of a text (no venues or addresses): what ``regions_for``
    needs from a free-text cell, at a fraction of the cost."""
    flat = flatten(text)
    if not flat:
        return ()
    found = sorted(_named_places(flat, organisation_spans(flat)), key=lambda f: f.start)
    return tuple({f.record.key: f.record for f in reversed(found)}.values())[::-1]


def extract_places(text: str, column: str = "place") -> tuple[PlaceRecord, ...]:
    """Every place in a cell, in order of mention, one record per key."""
    flat = flatten(text)
    if not flat or _CORRESPONDENCE.fullmatch(flat.strip(" .")):
        return ()
    gazetteer = load_gazetteer()
    masked = organisation_spans(flat)
    found = _named_places(flat, masked)
    # Addresses and venues hang under the nearest settlement written before them.
    extras = [(s, e, name, PlaceKind.ADDRESS) for s, e, name in _addresses(flat)]
    extras += [(s, e, name, PlaceKind.VENUE) for s, e, name in _venues(flat, masked)]
    for start, end, name, kind in sorted(extras):
        if _overlaps(start, end, [(f.start, f.end) for f in found]):
            continue
        if kind is PlaceKind.VENUE and _overlaps(start, end, masked):
            continue
        host = (
            _settlement_before(found, start)
            or _settlement_of_organisation(flat, start, gazetteer)
            or _settlement_after(found, start)  # "Дворец культуры профсоюзов (г. Минск)"
        )
        key = slugify(f"{host.key} {name}" if host else name)
        found.append(
            _Found(
                start,
                end,
                PlaceRecord(
                    key=key,
                    name=name,
                    kind=kind,
                    text=flat[start:end],
                    parent_key=host.key if host else None,
                    region_code=host.region_code if host else None,
                    country=host.country if host else None,
                    in_gazetteer=False,
                ),
            )
        )
    records: dict[str, PlaceRecord] = {}
    for item in sorted(found, key=lambda f: f.start):
        records.setdefault(item.record.key, item.record)
    return tuple(records.values())


def _placed(record: PlaceRecord, cell: list[PlaceRecord]) -> PlaceRecord:
    """A settlement the gazetteer lacks goes under the district or region the cell names
    ("д. Ивановка, Рославльский район"); its key then carries that area, since village names
    repeat from one district to the next."""
    if record.in_gazetteer or record.kind is not PlaceKind.SETTLEMENT or record.parent_key:
        return record
    areas = [p for p in cell if p.kind in (PlaceKind.DISTRICT, PlaceKind.REGION) and p.in_gazetteer]
    if not areas:
        return record
    area = min(areas, key=lambda p: p.kind is not PlaceKind.DISTRICT)  # the innermost
    return replace(
        record,
        key=f"{record.key}-{area.key}",
        parent_key=area.key,
        region_code=area.region_code,
        country=area.country,
    )


def _bare_names(text: str) -> Iterator[_Found]:
    """A known settlement or region standing alone between separators: "Минск, Беларусь"."""
    gazetteer = load_gazetteer()
    for segment in re.finditer(r"[^,;()\n–—]+", text):  # "Смоленск – Могилев"
        phrase = segment.group().strip()
        words = phrase.split()
        # lower case only for names of several words ("звездный городок"): "красный" is no town
        if not (phrase[:1].isupper() or len(words) > 1) or len(words) > 3:
            continue
        entry = gazetteer.find(phrase)
        if entry is not None and entry.kind in ("settlement", "region", "district"):
            start = segment.start() + segment.group().index(phrase)
            yield _Found(start, start + len(phrase), _from_entry(entry, phrase))


def _settlement_before(found: list[_Found], position: int) -> PlaceRecord | None:
    before = [f for f in found if f.start < position and f.record.kind is PlaceKind.SETTLEMENT]
    return max(before, key=lambda f: f.start).record if before else None


def _settlement_after(found: list[_Found], position: int) -> PlaceRecord | None:
    after = [f for f in found if f.start > position and f.record.kind is PlaceKind.SETTLEMENT]
    return min(after, key=lambda f: f.start).record if after else None


def _settlement_of_organisation(text: str, position: int, gazetteer: Gazetteer) -> PlaceRecord | None:
    """A venue after an organisation with a known seat: "СОГБУК «Музей…», Дом космонавтов"."""
    key = seat_before(text, position)
    if key and key in gazetteer and gazetteer.get(key).kind == "settlement":
        return _from_entry(gazetteer.get(key), gazetteer.get(key).name_ru)
    return None
