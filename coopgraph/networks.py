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

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import networkx as nx

from coopgraph.ontology.vocab import ROLE_NS, SECTOR_NS, sparql_prefixes

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


def _rows(store: object, query: str) -> Iterable[dict[str, str | None]]:
    result = store.query(sparql_prefixes() + query)
    names = [v.value for v in result.variables]
    for solution in result:
        yield {n: (solution[n].value if solution[n] is not None else None) for n in names}


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def load_network_data(store: object) -> NetworkData:
    """Read events, participations, organisations, places and sector labels from `store`.

    `store` is anything with ``query(sparql)`` returning pyoxigraph solutions over the union
    of the report graphs (`coopgraph.store.Store`). Where a value has several spellings (one
    organisation named differently by two reports) the first in sorted order wins, so the
    result does not depend on storage order.
    """
    events: dict[str, EventInfo] = {}
    for r in _rows(store, _EVENTS):
        e = events.setdefault(r["event"], EventInfo(r["event"], r["report"]))
        e.row = int(r["row"]) if r["row"] else e.row
        e.title = e.title or r["title"] or ""
        e.start = e.start or _day(r["start"])
        e.end = e.end or _day(r["end"])
        buckets = (("sector", e.sectors), ("location", e.locations), ("byRegion", e.belarus_regions))
        for key, bucket in buckets:
            if r[key]:
                bucket.add(r[key])
    for r in _rows(store, _PARTICIPANTS):
        if r["event"] in events:
            events[r["event"]].participants.setdefault(r["org"], set()).add(r["role"] or "")
    for r in _rows(store, _PERIODS):
        first, last = _day(r["start"]), _day(r["end"])
        if r["event"] in events and first and last:
            events[r["event"]].periods.add((first, last))
    orgs: dict[str, OrgInfo] = {}
    for r in _rows(store, _ORGS):
        o = orgs.setdefault(r["org"], OrgInfo(r["org"]))
        o.name = o.name or r["name"] or ""
        o.country = o.country or r["country"] or ""
        o.legal_form = o.legal_form or r["form"] or ""
        if r["region"]:
            o.regions.add(r["region"])
        if r["seat"]:
            o.seats.add(r["seat"])
    places: dict[str, PlaceInfo] = {}
    for r in _rows(store, _PLACES):
        p = places.setdefault(r["place"], PlaceInfo(r["place"]))
        p.name = p.name or r["name"] or ""
        p.kind = p.kind or r["kind"] or ""
        p.parent = p.parent or r["parent"]
        p.iso = p.iso or r["iso"] or ""
        if r["lat"] and r["long"]:
            p.lat, p.long = float(r["lat"]), float(r["long"])
    labels: dict[str, str] = {}
    for r in _rows(store, _SECTORS):
        labels.setdefault(r["sector"], r["label"])
    return NetworkData(events, orgs, places, labels)


# ---------------------------------------------------------------------------- builders


def build_network(data: NetworkData, kind: str, flt: NetworkFilter | None = None) -> nx.Graph:
    """The network of `kind` over the events `flt` keeps; graph attributes record both."""
    builders = {"orgs": organisation_network, "regions": region_network, "bipartite": bipartite_network}
    if kind not in builders:
        raise NetworkError(f"unknown network kind {kind!r}; choose one of {', '.join(KINDS)}")
    flt = flt or NetworkFilter()
    graph = builders[kind](data, data.selected(flt))
    graph.graph.update(kind=kind, **{f"filter_{k}": v for k, v in flt.as_params().items()})
    return graph


def _add_org(graph: nx.Graph, data: NetworkData, org: str) -> None:
    info = data.orgs.get(org, OrgInfo(org))
    if org not in graph:
        graph.add_node(
            org, name=info.name or org, country=info.country, type="organisation",
            legal_form=info.legal_form, sectors=set(), events=0,
        )  # fmt: skip


def _finish_sets(graph: nx.Graph) -> nx.Graph:
    """Sets become sorted tuples: stable order for exports and tests."""
    for _, attrs in itertools.chain(graph.nodes(data=True), ((None, d) for *_, d in graph.edges(data=True))):
        for key, value in attrs.items():
            if isinstance(value, set):
                attrs[key] = tuple(sorted(value))
    return graph


def organisation_network(data: NetworkData, events: list[EventInfo]) -> nx.Graph:
    graph = nx.Graph()
    for event in events:
        sectors = data.sector_names(event)
        orgs = data.participants(event)
        for org in orgs:
            _add_org(graph, data, org)
            graph.nodes[org]["events"] += 1
            graph.nodes[org]["sectors"].update(sectors)
        for a, b in itertools.combinations(orgs, 2):
            if not graph.has_edge(a, b):
                graph.add_edge(a, b, weight=0, events=0, sectors=set(), event_iris=set())
            edge = graph.edges[a, b]
            edge["weight"] += min(data.tie_weight(event, a), data.tie_weight(event, b))
            edge["events"] += 1
            edge["sectors"].update(sectors)
            edge["event_iris"].add(event.iri)
    for a, b, edge in graph.edges(data=True):
        countries = {graph.nodes[a]["country"], graph.nodes[b]["country"]}
        edge["cross_border"] = len(countries) == 2 and "" not in countries
        if float(edge["weight"]).is_integer():  # whole weights stay integers in every export
            edge["weight"] = int(edge["weight"])
    return _finish_sets(graph)


def bipartite_network(data: NetworkData, events: list[EventInfo]) -> nx.Graph:
    graph = nx.Graph()
    for event in events:
        sectors = data.sector_names(event)
        graph.add_node(
            event.iri, name=event.title or event.iri, type="event", bipartite=1, country="",
            sectors=set(sectors), report=event.report, row=event.row or 0,
            start=event.start.isoformat() if event.start else "", events=1,
        )  # fmt: skip
        for org in data.participants(event):
            _add_org(graph, data, org)
            graph.nodes[org]["bipartite"] = 0
            graph.nodes[org]["events"] += 1
            graph.nodes[org]["sectors"].update(sectors)
            roles = sorted(r.rsplit("/", 1)[-1] for r in event.participants[org] if r)
            graph.add_edge(org, event.iri, weight=1, role=", ".join(roles))
    return _finish_sets(graph)


# ---------------------------------------------------------------------------- regions


class PlaceTree:
    """The gazetteer's containment tree: which municipality, region and country a place is in."""

    def __init__(self, places: dict[str, PlaceInfo]) -> None:
        self.places = places

    def chain(self, place: str) -> list[PlaceInfo]:
        """The place and its ancestors, most specific first (cycles cut)."""
        out: list[PlaceInfo] = []
        seen: set[str] = set()
        current: str | None = place
        while current and current in self.places and current not in seen:
            seen.add(current)
            out.append(self.places[current])
            current = self.places[current].parent
        return out

    def ancestors(self, place: str) -> set[str]:
        return {p.iri for p in self.chain(place)[1:]}

    def country(self, place: str) -> str:
        for p in self.chain(place):
            if p.kind == "country" and p.iso:
                return p.iso.upper()
            if p.kind == "region" and p.iso:
                return p.iso[:2].upper()
        return ""

    def region(self, place: str) -> str | None:
        return next((p.iri for p in self.chain(place) if p.kind == "region"), None)

    def municipality(self, place: str) -> str | None:
        """A district, or a settlement directly under its region (a city of regional rank);
        the region itself when the place is only known that precisely."""
        chain = self.chain(place)
        for i, p in enumerate(chain):
            parent = chain[i + 1] if i + 1 < len(chain) else None
            if p.kind == "district" or (p.kind == "settlement" and parent and parent.kind == "region"):
                return p.iri
            if p.kind == "region":
                return p.iri
        return None

    def coordinates(self, place: str) -> tuple[float, float] | None:
        """Its own coordinates, else the mean of the places inside it that have some."""
        info = self.places.get(place)
        if info and info.lat is not None and info.long is not None:
            return info.lat, info.long
        inside = [
            (p.lat, p.long)
            for p in self.places.values()
            if p.lat is not None and p.long is not None and place in {a.iri for a in self.chain(p.iri)[1:]}
        ]
        if not inside:
            return None
        return sum(x for x, _ in inside) / len(inside), sum(y for _, y in inside) / len(inside)


def _region_sides(data: NetworkData, tree: PlaceTree, event: EventInfo) -> tuple[set[str], set[str]]:
    """(Russian municipalities or regions, Belarusian regions) an event links.

    Only places in Russia count on the Russian side: a Russian organisation seated in Minsk or
    Gomel (an embassy, a cultural centre) does not make Minsk a Russian municipality.
    """
    orgs = [data.orgs[o] for o in data.participants(event) if o in data.orgs]
    ru_places = set(event.locations) | {s for o in orgs if o.country == "RU" for s in o.seats}
    russian = {m for p in ru_places if (m := tree.municipality(p)) and tree.country(m) == "RU"}
    if not russian:
        russian = {r for o in orgs if o.country == "RU" for r in o.regions if tree.country(r) == "RU"}
    # A region adds nothing when a municipality inside it is already there.
    russian = {r for r in russian if not any(o != r and r in tree.ancestors(o) for o in russian)}
    belarusian = {r for r in event.belarus_regions if tree.country(r) in {"BY", ""}}
    if not belarusian:
        belarusian = {r for o in orgs if o.country == "BY" for r in o.regions if tree.country(r) == "BY"}
        belarusian |= {r for p in event.locations if tree.country(p) == "BY" and (r := tree.region(p))}
    if not belarusian and (
        any(o.country == "BY" for o in orgs) or any(tree.country(p) == "BY" for p in event.locations)
    ):
        belarusian = {UNKNOWN_REGION}
    return russian, belarusian


def region_network(data: NetworkData, events: list[EventInfo]) -> nx.Graph:
    tree = PlaceTree(data.places)
    graph = nx.Graph()

    def add_place(iri: str, country: str) -> None:
        if iri in graph:
            return
        info = data.places.get(iri, PlaceInfo(iri, name="Беларусь (регион не указан)", kind="country"))
        coords = tree.coordinates(iri) if iri in data.places else None
        graph.add_node(
            iri, name=info.name or iri, country=country, type=info.kind or "place", sectors=set(),
            events=0, lat=coords[0] if coords else None, long=coords[1] if coords else None,
        )  # fmt: skip

    for event in events:
        russian, belarusian = _region_sides(data, tree, event)
        if not (russian and belarusian):
            continue  # no tie to draw: one side of the border is not known
        sectors = data.sector_names(event)
        for place, country in [(r, "RU") for r in russian] + [(b, "BY") for b in belarusian]:
            add_place(place, country)
            graph.nodes[place]["events"] += 1
            graph.nodes[place]["sectors"].update(sectors)
        for ru, by in itertools.product(sorted(russian), sorted(belarusian)):
            if not graph.has_edge(ru, by):
                graph.add_edge(ru, by, weight=0, sectors=set(), event_iris=set(), cross_border=True)
            graph.edges[ru, by]["weight"] += 1
            graph.edges[ru, by]["sectors"].update(sectors)
            graph.edges[ru, by]["event_iris"].add(event.iri)
    for _, attrs in graph.nodes(data=True):
        for key in ("lat", "long"):
            if attrs[key] is None:
                del attrs[key]
    return _finish_sets(graph)


def network_for(store: object, kind: str, flt: NetworkFilter | None = None) -> nx.Graph:
    """Read the store and build one network (the usual entry point)."""
    return build_network(load_network_data(store), kind, flt)


def events_per_month(data: NetworkData, flt: NetworkFilter | None = None) -> dict[str, dict[str, int]]:
    """{"2020-03": {sector label: events}}: an event counts once in every month its dates touch."""
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for event in data.selected(flt or NetworkFilter()):
        for month in _months(event):
            for sector in data.sector_names(event) or ["—"]:
                table[month][sector] += 1
    return {m: dict(v) for m, v in sorted(table.items())}


def _months(event: EventInfo) -> set[str]:
    """Months ("2020-03") the event's periods touch."""
    months = set()
    for first, last in event.spans():
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            months.add(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
