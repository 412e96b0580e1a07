"""First-level regions an event involves (ISO 3166-2: "RU-SMO", "BY-HO", "BY-HM" for Minsk).

The union of the regions of the event's places and organisations and of the settlements,
districts and regions its texts name ("представители … Минской области" -> BY-MI; "г. Минска,
г. Витебска, г. Климовичи" -> BY-HM, BY-VI, BY-MA). A country alone ("Республика Беларусь")
adds no region: it does not say which one.

An organisation brings the region of its name ("Гомельский облисполком", "Лиозненская районная
организация …" -> their oblast) or of its seat. A body of a whole country ("Белорусский
республиканский союз молодежи", "… Республики Беларусь", "Национальной академии наук") sits in
the capital but speaks for the country: its seat's region counts only when the row names that
place itself ("(г. Минск)"), which the texts' places already give.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coopgraph.ingest.places import named_places
from coopgraph.ingest.records import OrganisationRecord, PlaceKind, PlaceRecord

_AREA_KINDS = (PlaceKind.SETTLEMENT, PlaceKind.DISTRICT, PlaceKind.REGION)
# Oblasts written with one shared noun: "из Гомельской и Могилевской областей", "Витебской,
# Могилевской, Гомельской и Брестской областей" — each adjective names an oblast of its own.
_SHARED_NOUN = re.compile(
    r"((?:[А-ЯЁ][а-яё]+(?:ой|ей)\s*(?:,\s*и|,|и)\s+)+[А-ЯЁ][а-яё]+(?:ой|ей))\s+област(?:ей|ях|ям|ями|и)(?![а-яё])"
)
_ADJECTIVE = re.compile(r"[А-ЯЁ][а-яё]+(?:ой|ей)")
# A national body: its first word says the country or the republic, or its genitive tail does.
_NATIONAL = re.compile(
    r"^(?:белорусск|республиканск|национальн|российск|общероссийск|всероссийск)\w*"
    r"|\b(?:республиканск|национальн)\w*|\bРеспублики\s+Беларусь\b|\bБеларуси\b|\bРоссийской\s+Федерации\b",
    re.I,
)


def is_national(organisation: OrganisationRecord) -> bool:
    """Whether the organisation's name makes it a body of a whole country."""
    return _NATIONAL.search(organisation.short_name.strip('«»"')) is not None


def regions_for(
    places: Sequence[PlaceRecord], organisations: Sequence[OrganisationRecord], texts: Sequence[str]
) -> tuple[str, ...]:
    """ISO 3166-2 codes of every first-level region involved, sorted."""
    codes = {p.region_code for p in places if p.region_code}
    codes |= {o.region_code for o in organisations if o.region_code and not is_national(o)}
    for text in texts:
        codes |= {p.region_code for p in named_places(text) if p.kind in _AREA_KINDS and p.region_code}
        codes |= set(shared_noun_regions(text))
    return tuple(sorted(codes))


def shared_noun_regions(text: str) -> list[str]:
    """Regions of oblasts listed with one noun: "Смоленской и Витебской областей" -> each."""
    codes = []
    for match in _SHARED_NOUN.finditer(" ".join(text.split())):
        for adjective in _ADJECTIVE.findall(match.group(1)):
            codes += [
                p.region_code
                for p in named_places(f"{adjective} области")
                if p.kind is PlaceKind.REGION and p.region_code
            ]
    return codes
