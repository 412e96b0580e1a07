"""Partner networks as networkx graphs, built from SPARQL over the store.

Three kinds (``KINDS``):
- ``bipartite``: organisations and events, an edge for each participation;
- ``orgs``: organisations, an edge for taking part in the same event, weighted by the number of
  joint events and labelled with their sectors;
- ``regions``: Russian municipalities (a district, or a city directly under its region, else the
  region) and Belarusian oblasts and Minsk, an edge weighted by the events linking them.

Node ids are the resources' IRIs. Filters (`NetworkFilter`) select events first; the graph is then
built from the selected events only.

The edge rule (``ROLE_WEIGHTS``): in each event an organisation counts with its strongest role —
participant, organiser, host, party (signatory) and counterpart 1, supporter 0.5; a mere mention
in the event's text (``role:mentioned``) is not participation and makes no node and no edge. Two
organisations of one event are tied with the weaker of their two weights; an edge's ``weight``
is the sum over their joint events and ``events`` the number of those events. The canned query
``partner-pairs`` applies the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import pyoxigraph as ox

from coopgraph.ontology.vocab import ROLE_NS, SECTOR_NS, sparql_prefixes
from coopgraph.store import GraphStore

KINDS = ("orgs", "regions", "bipartite")
MENTIONED = ROLE_NS + "mentioned"
# How strongly a role ties an organisation into an event; a role not listed (a mention) does not.
ROLE_WEIGHTS: dict[str, float] = {
    ROLE_NS + "participant": 1.0,
    ROLE_NS + "organiser": 1.0,
    ROLE_NS + "host": 1.0,
    ROLE_NS + "party": 1.0,
    ROLE_NS + "counterpart": 1.0,
    ROLE_NS + "supporter": 0.5,
}
UNKNOWN_ROLE_WEIGHT = 1.0  # a participation stored without a role still takes part
UNKNOWN_REGION = "region unknown"


class NetworkError(ValueError):
    """A filter or kind that cannot be applied (shown to the user as is)."""


# ---------------------------------------------------------------------------- filters


@dataclass(frozen=True)
class NetworkFilter:
    """Which events a network is built from; every field left None keeps everything.

    sector: a sector concept IRI or its local name ("culture"); start/end: keep events whose
    dates overlap [start, end] (events without dates are dropped when a period is given);
    report: a report id or IRI; country: ISO 3166-1 alpha-2 — keep events in which an
    organisation of that country takes part.
    """

    sector: str | None = None
    start: date | None = None
    end: date | None = None
    report: str | None = None
    country: str | None = None

    @classmethod
    def from_strings(
        cls,
        *,
        sector: str | None = None,
        start: str | None = None,
        end: str | None = None,
        report: str | None = None,
        country: str | None = None,
    ) -> NetworkFilter:
        """Build a filter from CLI or query-string values; empty strings mean 'no filter'."""
        return cls(
            sector=(sector or "").strip() or None,
            start=_parse_day(start, "from"),
            end=_parse_day(end, "to"),
            report=(report or "").strip() or None,
            country=(country or "").strip().upper() or None,
        )

    def as_params(self) -> dict[str, str]:
        """The filter as name -> text (for provenance and links); unset fields left out."""
        values = {
            "sector": self.sector,
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "report": self.report,
            "country": self.country,
        }
        return {k: v for k, v in values.items() if v}

    def keeps(self, event: EventInfo, countries: set[str]) -> bool:
        if self.sector and not any(_same_sector(self.sector, s) for s in event.sectors):
            return False
        if self.report and not (event.report == self.report or event.report.endswith("/" + self.report)):
            return False
        if self.country and self.country not in countries:
            return False
        if self.start or self.end:
            lower, upper = self.start or date.min, self.end or date.max
            return any(first <= upper and last >= lower for first, last in event.spans())
        return True


def _parse_day(text: str | None, name: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        if len(text) == 7:  # "2020-03": a whole month
            text += "-01" if name == "from" else "-" + str(_month_end(text))
        return date.fromisoformat(text)
    except ValueError:
        raise NetworkError(f"--{name} takes a date as YYYY-MM-DD or YYYY-MM, got {text!r}") from None


def _month_end(year_month: str) -> int:
    year, month = (int(p) for p in year_month.split("-"))
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - date(year, month, 1)).days


def _same_sector(wanted: str, sector_iri: str) -> bool:
    return wanted == sector_iri or SECTOR_NS + wanted == sector_iri


# ---------------------------------------------------------------------------- data from the store


@dataclass
class EventInfo:
    iri: str
    report: str
    row: int | None = None
    title: str = ""
    start: date | None = None
    end: date | None = None
    sectors: set[str] = field(default_factory=set)
    locations: set[str] = field(default_factory=set)
    belarus_regions: set[str] = field(default_factory=set)
    participants: dict[str, set[str]] = field(default_factory=dict)  # org IRI -> role IRIs
    periods: set[tuple[date, date]] = field(default_factory=set)  # separate days/months/ranges

    def spans(self) -> set[tuple[date, date]]:
        """When it happened: its separate periods, else start..end; empty when undated."""
        if self.periods:
            return set(self.periods)
        first, last = self.start or self.end, self.end or self.start
        return {(first, last)} if first and last else set()


@dataclass
class OrgInfo:
    iri: str
    name: str = ""
    country: str = ""
    legal_form: str = ""
    regions: set[str] = field(default_factory=set)
    seats: set[str] = field(default_factory=set)


@dataclass
class PlaceInfo:
    iri: str
    name: str = ""
    kind: str = ""
    parent: str | None = None
    iso: str = ""
    lat: float | None = None
    long: float | None = None


@dataclass
class NetworkData:
    """Everything the builders need, read from the store in a handful of queries."""

    events: dict[str, EventInfo]
    orgs: dict[str, OrgInfo]
    places: dict[str, PlaceInfo]
    sector_labels: dict[str, str]

    def selected(self, flt: NetworkFilter) -> list[EventInfo]:
        chosen = []
        for event in self.events.values():
            countries = {self.orgs[o].country for o in self.participants(event) if o in self.orgs}
            if flt.keeps(event, countries):
                chosen.append(event)
        return sorted(chosen, key=lambda e: (e.report, e.row or 0, e.iri))

    def participants(self, event: EventInfo) -> list[str]:
        """Organisations that take part (any role but a mere mention), in a stable order."""
        return sorted(o for o, roles in event.participants.items() if roles != {MENTIONED})

    def tie_weight(self, event: EventInfo, org: str) -> float:
        """The organisation's strongest role weight in the event (0 for a mere mention)."""
        return max(
            (
                ROLE_WEIGHTS.get(r, 0.0 if r == MENTIONED else UNKNOWN_ROLE_WEIGHT)
                for r in event.participants[org]
            ),
            default=0.0,
        )

    def sector_names(self, event: EventInfo) -> list[str]:
        return sorted(self.sector_labels.get(s, s.rsplit("/", 1)[-1]) for s in event.sectors)


_EVENTS = """SELECT DISTINCT ?event ?report ?row ?title ?start ?end ?sector ?location ?byRegion WHERE {
  ?event a cg:CooperationEvent ; cg:inReport ?report .
  OPTIONAL { ?event cg:rowNumber ?row }
  OPTIONAL { ?event schema:name ?title }
  OPTIONAL { ?event schema:startDate ?start }
  OPTIONAL { ?event schema:endDate ?end }
  OPTIONAL { ?event cg:sector ?sector }
  OPTIONAL { ?event schema:location ?location }
  OPTIONAL { ?event cg:belarusRegion ?byRegion }
}
ORDER BY ?event ?title"""

_PARTICIPANTS = """SELECT DISTINCT ?event ?org ?role WHERE {
  ?event a cg:CooperationEvent ; cv:hasParticipation ?p .
  ?p cv:hasParticipant ?org .
  ?org a schema:Organization .
  OPTIONAL { ?p cv:role ?role }
}"""

_PERIODS = """SELECT DISTINCT ?event ?start ?end WHERE {
  ?event a cg:CooperationEvent ; cg:occursDuring ?period .
  ?period dcat:startDate ?start ; dcat:endDate ?end .
}"""

_ORGS = """SELECT DISTINCT ?org ?name ?country ?form ?region ?seat WHERE {
  ?org a schema:Organization .
  OPTIONAL { ?org schema:name ?name }
  OPTIONAL { ?org schema:address/schema:addressCountry ?country }
  OPTIONAL { ?org cg:legalForm ?form }
  OPTIONAL { ?org cg:region ?region }
  OPTIONAL { ?org schema:location ?seat }
}
ORDER BY ?org ?name ?country ?form"""

_PLACES = """SELECT DISTINCT ?place ?name ?kind ?parent ?iso ?lat ?long WHERE {
  ?place a schema:Place .
  OPTIONAL { ?place schema:name ?name FILTER(langMatches(lang(?name), "ru") || lang(?name) = "") }
  OPTIONAL { ?place cg:placeKind ?kind }
  OPTIONAL { ?place schema:containedInPlace ?parent }
  OPTIONAL { ?place cg:isoCode ?iso }
  OPTIONAL { ?place geo:lat ?lat ; geo:long ?long }
}
ORDER BY ?place ?name ?kind ?parent ?iso"""

_SECTORS = """SELECT DISTINCT ?sector ?label WHERE {
  ?sector skos:inScheme ?scheme ; skos:prefLabel ?label .
  FILTER(STRSTARTS(STR(?sector), STR(sector:)) && langMatches(lang(?label), "ru"))
}
ORDER BY ?sector ?label"""


class _Row(dict[str, str | None]):
    """One solution by variable name (None: unbound)."""

    def bound(self, name: str) -> str:
        """A variable the query always binds (a required pattern's)."""
        value = self[name]
        if value is None:
            raise ValueError(f"?{name} is unbound in a network query's solution")
        return value


def _rows(store: GraphStore, query: str) -> Iterable[_Row]:
    result = store.query(sparql_prefixes() + query)
    if isinstance(result, ox.QueryBoolean | ox.QueryTriples):
        raise TypeError("a network query must be a SELECT")
    names = [v.value for v in result.variables]
    for solution in result:
        yield _Row({n: (term.value if (term := solution[n]) is not None else None) for n in names})


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def load_network_data(store: GraphStore) -> NetworkData:
    """Read events, participations, organisations, places and sector labels from `store`.

    `store` is anything with ``query(sparql)`` returning pyoxigraph solutions over the union
    of the report graphs (`coopgraph.store.Store`). Where a value has several spellings (one
    organisation named differently by two reports) the first in sorted order wins, so the
    result does not depend on storage order.
    """
    events, orgs, places = _load_events(store), _load_orgs(store), _load_places(store)
    labels: dict[str, str] = {}
    for r in _rows(store, _SECTORS):
        labels.setdefault(r.bound("sector"), r.bound("label"))
    return NetworkData(events, orgs, places, labels)


def _load_events(store: GraphStore) -> dict[str, EventInfo]:
    """Events with their sectors, locations, participants (by role) and periods."""
    events: dict[str, EventInfo] = {}
    for r in _rows(store, _EVENTS):
        e = events.setdefault(r.bound("event"), EventInfo(r.bound("event"), r.bound("report")))
        e.row = int(r["row"]) if r["row"] else e.row
        e.title = e.title or r["title"] or ""
        e.start = e.start or _day(r["start"])
        e.end = e.end or _day(r["end"])
        buckets = (("sector", e.sectors), ("location", e.locations), ("byRegion", e.belarus_regions))
        for key, bucket in buckets:
            if value := r[key]:
                bucket.add(value)
    for r in _rows(store, _PARTICIPANTS):
        if r["event"] in events:
            events[r.bound("event")].participants.setdefault(r.bound("org"), set()).add(r["role"] or "")
    for r in _rows(store, _PERIODS):
        first, last = _day(r["start"]), _day(r["end"])
        if r["event"] in events and first and last:
            events[r.bound("event")].periods.add((first, last))
    return events


def _load_orgs(store: GraphStore) -> dict[str, OrgInfo]:
    orgs: dict[str, OrgInfo] = {}
    for r in _rows(store, _ORGS):
        o = orgs.setdefault(r.bound("org"), OrgInfo(r.bound("org")))
        o.name = o.name or r["name"] or ""
        o.country = o.country or r["country"] or ""
        o.legal_form = o.legal_form or r["form"] or ""
        if region := r["region"]:
            o.regions.add(region)
        if seat := r["seat"]:
            o.seats.add(seat)
    return orgs


def _load_places(store: GraphStore) -> dict[str, PlaceInfo]:
    places: dict[str, PlaceInfo] = {}
    for r in _rows(store, _PLACES):
        p = places.setdefault(r.bound("place"), PlaceInfo(r.bound("place")))
        p.name = p.name or r["name"] or ""
        p.kind = p.kind or r["kind"] or ""
        p.parent = p.parent or r["parent"]
        p.iso = p.iso or r["iso"] or ""
        if r["lat"] and r["long"]:
            p.lat, p.long = float(r["lat"]), float(r["long"])
    return places
