"""What the review grid needs beyond the review itself: the fields' names in the page language,
the choices of the editing widgets (sectors, event types, roles, Belarusian regions,
registered organisations), labels for the codes a row holds, the dates staff type
("31.05.2020"), and the summary of what is still flagged."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext

from coopgraph.curation.entities import list_entities
from coopgraph.curation.review import Review
from coopgraph.ontology.vocab import EVENT_TYPE_NS, FLAG_NS, ROLE_NS, SECTOR_NS
from coopgraph.server.codes import COLUMNS
from coopgraph.server.labels import bind, labels
from coopgraph.store import GraphStore

# The row's fields as the grid names them (the keys are the correction files' field names).
FIELD_LABELS = {
    "title": lazy_gettext("Title"),
    "sector": lazy_gettext("Sector"),
    "type": lazy_gettext("Event type"),
    "start": lazy_gettext("Start"),
    "end": lazy_gettext("End"),
    "place": lazy_gettext("Places"),
    "organisation": lazy_gettext("Organisations"),
    "person": lazy_gettext("People"),
    "participants": lazy_gettext("Participants"),
    "agreement": lazy_gettext("Agreement"),
    "region": lazy_gettext("Belarusian regions"),
}
# The report's columns (source cells): the names of the linked-data pages.
COLUMN_LABELS = COLUMNS
ACTION_LABELS = {
    "set": lazy_gettext("set"),
    "add": lazy_gettext("add"),
    "remove": lazy_gettext("remove"),
    "same-as": lazy_gettext("same as"),
}
AGREEMENT_LABELS = {"approval": lazy_gettext("approval"), "registration": lazy_gettext("registration")}

_CONCEPTS = """
SELECT DISTINCT ?c WHERE { #PARAMETERS
  ?c a skos:Concept . FILTER(STRSTARTS(STR(?c), ?p_ns)) }
"""
_DOTTED = re.compile(r"^\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\s*$")


def typed_date(text: str) -> str | None:
    """An ISO date from what staff type: "31.05.2020", "31/05/2020" or "2020-05-31"; None when
    it is no date of the calendar."""
    text = text.strip()
    try:
        if match := _DOTTED.match(text):
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day).isoformat()
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return None


@dataclass
class Widgets:
    """Choices of the editing widgets, (key, label) pairs, and labels of the codes shown."""

    sectors: list[tuple[str, str]]
    types: list[tuple[str, str]]
    roles: dict[str, str]
    regions: list[tuple[str, str]]
    organisations: list[tuple[str, str]]
    flags: dict[str, str]

    def label(self, kind: str, key: str) -> str:
        table = {"sector": dict(self.sectors), "type": dict(self.types), "role": self.roles,
                 "flag": self.flags, "region": dict(self.regions)}[kind]  # fmt: skip
        return table.get(key, key)


def _concepts(store: GraphStore, namespace: str, lang: str) -> list[tuple[str, str]]:
    import pyoxigraph as ox

    iris = [r["c"].value for r in store.query(bind(_CONCEPTS, {"p_ns": ox.Literal(namespace)}))]
    found = labels(store, iris, lang)
    return sorted(
        ((i.removeprefix(namespace), found.get(i, i.removeprefix(namespace))) for i in iris),
        key=lambda p: p[1],
    )


_REGIONS = """
SELECT DISTINCT ?r WHERE { #PARAMETERS
  ?r cg:placeKind "region" . FILTER(STRSTARTS(STR(?r), ?p_prefix)) }
"""


def widgets(store: GraphStore, lang: str, belarus_prefix: str) -> Widgets:
    """The widgets' choices from the store: the vocabularies' concepts, the gazetteer's Belarusian
    regions (IRIs starting with `belarus_prefix`), the registry's organisations."""
    import pyoxigraph as ox

    orgs = sorted(((e.key, e.name) for e in list_entities(store, "org")), key=lambda p: p[1])
    region_iris = [
        r["r"].value for r in store.query(bind(_REGIONS, {"p_prefix": ox.Literal(belarus_prefix)}))
    ]
    found = labels(store, region_iris, lang)
    regions = sorted(((i.rsplit("/", 1)[-1], found.get(i, i)) for i in region_iris), key=lambda p: p[1])
    return Widgets(
        sectors=_concepts(store, SECTOR_NS, lang),
        types=_concepts(store, EVENT_TYPE_NS, lang),
        roles=dict(_concepts(store, ROLE_NS, lang)),
        regions=regions,
        organisations=orgs,
        flags=dict(_concepts(store, FLAG_NS, lang)),
    )


def flag_summary(review: Review, widgets: Widgets) -> list[tuple[str, int, int]]:
    """(flag label, rows with it, first such row) for every flag kind still on a row, most first."""
    counts: Counter[str] = Counter(kind for r in review.rows for kind in set(r.flags))
    first = {kind: min(r.row for r in review.rows if kind in r.flags) for kind in counts}
    return [(widgets.label("flag", k), n, first[k]) for k, n in counts.most_common()]


def date_error(field: str) -> str:
    return _("%(field)s: not a date — write it as 31.05.2020 or 2020-05-31", field=FIELD_LABELS[field])
