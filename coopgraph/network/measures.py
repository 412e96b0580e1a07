"""Measures on partner networks: centrality, components, communities, cross-border ties,
brokers, density per sector, and what changed between two reports.

Everything is deterministic: node order is sorted, Louvain takes a fixed seed, and ties in
rankings are broken by node id, so the same store gives the same numbers and the same pictures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

DEFAULT_SEED = 42
MEASURES = ("degree", "weighted_degree", "betweenness", "pagerank", "component", "community")


def pagerank(
    graph: nx.Graph, *, alpha: float = 0.85, weight: str = "weight", tol: float = 1.0e-10, max_iter: int = 500
) -> dict[str, float]:
    """Weighted PageRank by power iteration (networkx's own needs SciPy, which we do not ship).

    Same model as `networkx.pagerank`: an undirected edge counts both ways, a node without
    edges spreads its rank evenly over all nodes, the teleport vector is uniform.
    """
    nodes = sorted(graph)
    n = len(nodes)
    if n == 0:
        return {}
    strength = {v: sum(d.get(weight, 1) for d in graph[v].values()) for v in nodes}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(rank[v] for v in nodes if strength[v] == 0) / n
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for v in nodes:
            if strength[v]:
                share = alpha * rank[v] / strength[v]
                for u, data in graph[v].items():
                    new[u] += share * data.get(weight, 1)
        if sum(abs(new[v] - rank[v]) for v in nodes) < n * tol:
            return new
        rank = new
    raise nx.PowerIterationFailedConvergence(max_iter)


def components(graph: nx.Graph) -> dict[str, int]:
    """Node -> component number; 0 is the largest (ties: the one with the smallest node id)."""
    parts = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    return {v: i for i, part in enumerate(parts) for v in part}


def communities(graph: nx.Graph, *, seed: int = DEFAULT_SEED, weight: str = "weight") -> dict[str, int]:
    """Louvain communities with a fixed seed; numbered like `components` (0 = largest)."""
    if graph.number_of_nodes() == 0:
        return {}
    ordered = nx.Graph()  # same insertion order whatever order the graph was built in
    ordered.add_nodes_from(sorted(graph))
    ordered.add_edges_from(sorted((*sorted((a, b)), d) for a, b, d in graph.edges(data=True)))
    found = nx.community.louvain_communities(ordered, weight=weight, seed=seed)
    parts = sorted(found, key=lambda c: (-len(c), min(c)))
    return {v: i for i, part in enumerate(parts) for v in part}


def node_measures(graph: nx.Graph, *, seed: int = DEFAULT_SEED) -> dict[str, dict[str, float | int]]:
    """Every measure of `MEASURES` for every node: {node: {measure: value}}."""
    degree = dict(graph.degree())
    weighted = dict(graph.degree(weight="weight"))
    betweenness = nx.betweenness_centrality(graph, normalized=True)
    ranks = pagerank(graph)
    comp = components(graph)
    comm = communities(graph, seed=seed)
    return {
        v: {
            "degree": degree[v],
            "weighted_degree": weighted[v],
            "betweenness": betweenness[v],
            "pagerank": ranks[v],
            "component": comp[v],
            "community": comm[v],
        }
        for v in sorted(graph)
    }


def annotate(graph: nx.Graph, *, seed: int = DEFAULT_SEED) -> nx.Graph:
    """Store the measures as node attributes (for exports and pictures); returns `graph`."""
    for v, values in node_measures(graph, seed=seed).items():
        graph.nodes[v].update(values)
    graph.graph["louvain_seed"] = seed
    return graph


# ---------------------------------------------------------------------------- cross-border


@dataclass(frozen=True)
class Tie:
    a: str
    b: str
    weight: int
    sectors: tuple[str, ...] = ()


def cross_border_ties(graph: nx.Graph, countries: tuple[str, str] = ("RU", "BY")) -> list[Tie]:
    """Edges between a node of countries[0] and one of countries[1], heaviest first;
    each tie is oriented (countries[0] side, countries[1] side)."""
    first, second = countries
    ties = []
    for a, b, data in graph.edges(data=True):
        ca, cb = graph.nodes[a].get("country"), graph.nodes[b].get("country")
        if {ca, cb} != {first, second}:
            continue
        if ca == second:
            a, b = b, a
        ties.append(Tie(a, b, int(data.get("weight", 1)), tuple(data.get("sectors", ()))))
    return sorted(ties, key=lambda t: (-t.weight, t.a, t.b))


def brokers(graph: nx.Graph, *, partner_country: str = "BY", min_partners: int = 2) -> list[tuple[str, int]]:
    """Organisations outside `partner_country` tied to at least `min_partners` distinct
    organisations of `partner_country`: (node, number of such partners), most first."""
    found = []
    for v, attrs in graph.nodes(data=True):
        if attrs.get("country") == partner_country or attrs.get("type", "organisation") != "organisation":
            continue
        partners = sum(1 for u in graph[v] if graph.nodes[u].get("country") == partner_country)
        if partners >= min_partners:
            found.append((v, partners))
    return sorted(found, key=lambda p: (-p[1], p[0]))


def density_by_sector(graph: nx.Graph) -> dict[str, float]:
    """For each sector: the density of the organisations active in it and their ties in it."""
    sectors = sorted({s for _, attrs in graph.nodes(data=True) for s in attrs.get("sectors", ())})
    result = {}
    for sector in sectors:
        sub = nx.Graph()
        sub.add_nodes_from(v for v, attrs in graph.nodes(data=True) if sector in attrs.get("sectors", ()))
        sub.add_edges_from((a, b) for a, b, d in graph.edges(data=True) if sector in d.get("sectors", ()))
        result[sector] = nx.density(sub)
    return result


# ---------------------------------------------------------------------------- change


@dataclass
class NetworkChange:
    """What changed from an earlier network to a later one (both of the same kind)."""

    new_ties: list[Tie] = field(default_factory=list)
    lost_ties: list[Tie] = field(default_factory=list)
    growing_ties: list[tuple[Tie, int]] = field(default_factory=list)  # (later tie, earlier weight)
    shrinking_ties: list[tuple[Tie, int]] = field(default_factory=list)
    new_nodes: list[str] = field(default_factory=list)
    lost_nodes: list[str] = field(default_factory=list)


def _ties(graph: nx.Graph, cross_border_only: bool) -> dict[tuple[str, str], Tie]:
    out = {}
    for a, b, data in graph.edges(data=True):
        if cross_border_only and not data.get("cross_border", False):
            continue
        a, b = sorted((a, b))
        out[a, b] = Tie(a, b, int(data.get("weight", 1)), tuple(data.get("sectors", ())))
    return out


def compare(earlier: nx.Graph, later: nx.Graph, *, cross_border_only: bool = False) -> NetworkChange:
    """New and lost partners (ties), ties that grew or shrank in weight, new and lost nodes."""
    before, after = _ties(earlier, cross_border_only), _ties(later, cross_border_only)
    change = NetworkChange(
        new_ties=[after[k] for k in sorted(after.keys() - before.keys())],
        lost_ties=[before[k] for k in sorted(before.keys() - after.keys())],
        new_nodes=sorted(set(later) - set(earlier)),
        lost_nodes=sorted(set(earlier) - set(later)),
    )
    for key in sorted(after.keys() & before.keys()):
        if after[key].weight > before[key].weight:
            change.growing_ties.append((after[key], before[key].weight))
        elif after[key].weight < before[key].weight:
            change.shrinking_ties.append((after[key], before[key].weight))
    return change
