"""First-level regions an event involves (ISO 3166-2: "RU-SMO", "BY-HO", "BY-HM" for Minsk).

The union of the regions of the event's places and organisations and of the settlements,
districts and regions its texts name ("представители … Минской области" -> BY-MI; "г. Минска,
г. Витебска, г. Климовичи" -> BY-HM, BY-VI, BY-MA). A country alone ("Республика Беларусь")
adds no region: it does not say which one.
"""

from __future__ import annotations

from collections.abc import Sequence

from coopgraph.ingest.places import named_places
from coopgraph.ingest.records import OrganisationRecord, PlaceKind, PlaceRecord

_AREA_KINDS = (PlaceKind.SETTLEMENT, PlaceKind.DISTRICT, PlaceKind.REGION)


def regions_for(
    places: Sequence[PlaceRecord], organisations: Sequence[OrganisationRecord], texts: Sequence[str]
) -> tuple[str, ...]:
    """ISO 3166-2 codes of every first-level region involved, sorted."""
    codes = {p.region_code for p in places if p.region_code}
    codes |= {o.region_code for o in organisations if o.region_code}
    for text in texts:
        codes |= {p.region_code for p in named_places(text) if p.kind in _AREA_KINDS and p.region_code}
    return tuple(sorted(codes))
