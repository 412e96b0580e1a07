"""Partner networks as networkx graphs: the three kinds (``KINDS``) built from the events a
filter keeps. `coopgraph.network.data` reads the store; its docstring gives the kinds and the
edge rule.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

import networkx as nx

from coopgraph.network.data import (
    KINDS,
    UNKNOWN_REGION,
    EventInfo,
    NetworkData,
    NetworkError,
    NetworkFilter,
    OrgInfo,
    PlaceInfo,
    load_network_data,
)
from coopgraph.store import GraphStore


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
    for event in events:
        russian, belarusian = _region_sides(data, tree, event)
        if not (russian and belarusian):
            continue  # no tie to draw: one side of the border is not known
        sectors = data.sector_names(event)
        for place, country in [(r, "RU") for r in russian] + [(b, "BY") for b in belarusian]:
            _add_place(graph, data, tree, place, country)
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


def _add_place(graph: nx.Graph, data: NetworkData, tree: PlaceTree, iri: str, country: str) -> None:
    """A place's node, once: name, country, kind and (where known) coordinates."""
    if iri in graph:
        return
    info = data.places.get(iri, PlaceInfo(iri, name="Беларусь (регион не указан)", kind="country"))
    coords = tree.coordinates(iri) if iri in data.places else None
    graph.add_node(
        iri, name=info.name or iri, country=country, type=info.kind or "place", sectors=set(),
        events=0, lat=coords[0] if coords else None, long=coords[1] if coords else None,
    )  # fmt: skip


def network_for(store: GraphStore, kind: str, flt: NetworkFilter | None = None) -> nx.Graph:
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
