"""Measures on small hand-built graphs whose values are known by hand."""

from __future__ import annotations

import networkx as nx
import pytest

from coopgraph.network.measures import (
    MEASURES,
    Tie,
    annotate,
    brokers,
    communities,
    compare,
    components,
    cross_border_ties,
    density_by_sector,
    node_measures,
    pagerank,
)


def path_graph(n: int) -> nx.Graph:
    g = nx.Graph()
    for i in range(n - 1):
        g.add_edge(f"n{i}", f"n{i + 1}", weight=1)
    return g


def test_degree_and_weighted_degree():
    g = nx.Graph()
    g.add_edge("a", "b", weight=3)
    g.add_edge("a", "c", weight=1)
    m = node_measures(g)
    assert (m["a"]["degree"], m["a"]["weighted_degree"]) == (2, 4)
    assert (m["b"]["degree"], m["b"]["weighted_degree"]) == (1, 3)


def test_betweenness_on_a_path_of_five():
    m = node_measures(path_graph(5))
    # n2 lies on the paths of 4 of the 6 pairs not involving it; n1 on 3 of 6.
    assert m["n2"]["betweenness"] == pytest.approx(4 / 6)
    assert m["n1"]["betweenness"] == pytest.approx(3 / 6)
    assert m["n0"]["betweenness"] == 0


def test_pagerank_is_uniform_on_a_cycle():
    g = nx.cycle_graph(6)
    ranks = pagerank(g)
    assert all(r == pytest.approx(1 / 6) for r in ranks.values())


def test_pagerank_on_a_star_matches_the_closed_form():
    g = nx.star_graph(4)  # centre 0 and 4 leaves
    a, n = 0.85, 5
    b = (1 - a) / n
    centre = b * (1 + a * (n - 1)) / (1 - a * a)
    ranks = pagerank(g, alpha=a)
    assert ranks[0] == pytest.approx(centre, abs=1e-8)
    assert ranks[1] == pytest.approx((1 - centre) / 4, abs=1e-8)
    assert sum(ranks.values()) == pytest.approx(1.0)


def test_pagerank_follows_weights_and_spreads_isolated_nodes():
    g = nx.Graph()
    g.add_edge("a", "b", weight=10)
    g.add_edge("a", "c", weight=1)
    g.add_node("lonely")
    ranks = pagerank(g)
    assert ranks["b"] > ranks["c"]
    assert ranks["lonely"] > 0
    assert sum(ranks.values()) == pytest.approx(1.0)
    assert pagerank(nx.Graph()) == {}


def test_components_are_numbered_largest_first():
    g = nx.Graph([("x", "y"), ("a", "b"), ("b", "c")])
    g.add_node("solo")
    comp = components(g)
    assert comp["a"] == comp["b"] == comp["c"] == 0
    assert comp["x"] == comp["y"] == 1
    assert comp["solo"] == 2


def two_cliques(order: list[tuple[str, str]] | None = None) -> nx.Graph:
    left = [f"l{i}" for i in range(5)]
    right = [f"r{i}" for i in range(5)]
    edges = [(a, b) for group in (left, right) for i, a in enumerate(group) for b in group[i + 1 :]]
    edges.append(("l0", "r0"))
    g = nx.Graph()
    g.add_edges_from(order or edges, weight=1)
    return g


def test_louvain_finds_two_cliques_and_is_deterministic():
    g = two_cliques()
    found = communities(g, seed=7)
    assert {found[f"l{i}"] for i in range(5)} != {found[f"r{i}"] for i in range(5)}
    assert len(set(found.values())) == 2
    reversed_graph = two_cliques(list(reversed(list(g.edges()))))
    assert communities(reversed_graph, seed=7) == found
    assert communities(g, seed=7) == found


def test_annotate_puts_every_measure_on_the_nodes():
    g = annotate(path_graph(3), seed=3)
    assert set(g.nodes["n1"]) >= set(MEASURES)
    assert g.graph["louvain_seed"] == 3


def org_graph() -> nx.Graph:
    g = nx.Graph()
    countries = {"ru1": "RU", "ru2": "RU", "by1": "BY", "by2": "BY", "by3": "BY", "pl": "PL"}
    for v, c in countries.items():
        g.add_node(v, country=c, type="organisation")
    g.add_edge("ru1", "by1", weight=2, sectors=("culture",))
    g.add_edge("ru1", "by2", weight=1, sectors=("culture", "youth"))
    g.add_edge("ru1", "by3", weight=1, sectors=("youth",))
    g.add_edge("ru2", "by1", weight=1, sectors=("culture",))
    g.add_edge("ru1", "ru2", weight=5, sectors=("culture",))
    g.add_edge("pl", "by1", weight=1, sectors=("culture",))
    g.add_edge("pl", "by2", weight=1, sectors=("culture",))
    return g


def test_cross_border_ties_are_oriented_and_sorted():
    ties = cross_border_ties(org_graph())
    assert [(t.a, t.b, t.weight) for t in ties] == [
        ("ru1", "by1", 2), ("ru1", "by2", 1), ("ru1", "by3", 1), ("ru2", "by1", 1),
    ]  # fmt: skip
    assert ties[1].sectors == ("culture", "youth")
    assert cross_border_ties(org_graph(), ("PL", "BY"))[0] == Tie("pl", "by1", 1, ("culture",))


def test_brokers_connect_many_belarusian_partners():
    g = org_graph()
    assert brokers(g) == [("ru1", 3), ("pl", 2)]
    assert brokers(g, min_partners=3) == [("ru1", 3)]
    assert brokers(g, partner_country="RU") == [("by1", 2)]
    g.nodes["ru1"]["type"] = "event"  # events are never brokers (bipartite graphs)
    assert brokers(g, min_partners=3) == []


def test_density_per_sector():
    g = nx.Graph()
    active = {"a": ("culture", "youth"), "b": ("culture",), "c": ("culture",), "d": ("youth",)}
    for v, sectors in active.items():
        g.add_node(v, sectors=sectors)
    g.add_edge("a", "b", sectors=("culture",))
    g.add_edge("a", "d", sectors=("youth",))
    g.add_edge("b", "c", sectors=("culture",))
    density = density_by_sector(g)
    assert density["culture"] == pytest.approx(2 / 3)  # 2 of the 3 possible ties among a, b, c
    assert density["youth"] == pytest.approx(1.0)


def test_compare_finds_new_lost_and_growing_ties():
    before = nx.Graph()
    before.add_edge("a", "b", weight=1, cross_border=True)
    before.add_edge("a", "c", weight=2, cross_border=True)
    before.add_edge("a", "r", weight=3, cross_border=False)
    after = nx.Graph()
    after.add_edge("b", "a", weight=3, cross_border=True)
    after.add_edge("a", "d", weight=1, cross_border=True)
    change = compare(before, after)
    assert [(t.a, t.b) for t in change.new_ties] == [("a", "d")]
    assert [(t.a, t.b) for t in change.lost_ties] == [("a", "c"), ("a", "r")]
    assert [(t.a, t.b, t.weight, w) for t, w in change.growing_ties] == [("a", "b", 3, 1)]
    assert change.new_nodes == ["d"] and change.lost_nodes == ["c", "r"]
    only_cross = compare(before, after, cross_border_only=True)
    assert [(t.a, t.b) for t in only_cross.lost_ties] == [("a", "c")]
