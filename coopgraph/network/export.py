"""Write partner networks for other tools: GEXF (Gephi), GraphML (Cytoscape, yEd, igraph),
node-link JSON, an edge CSV, and PNG/SVG pictures.

GEXF and GraphML take only scalar attributes, so tuples (sectors, event IRIs) become
"; "-joined text and empty values are left out. Pictures are drawn with matplotlib's object
API (no pyplot state): Cyrillic labels in DejaVu Sans, colour by country, size by a measure,
and a legend.
"""

from __future__ import annotations

import csv
import io
import json
import math
from typing import cast

import networkx as nx
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from coopgraph.formats import Media

FORMATS = ("gexf", "graphml", "json", "csv", "png", "svg")
MEDIA_TYPES = {
    "gexf": "application/gexf+xml",
    "graphml": "application/graphml+xml",
    "json": Media.JSON,
    "csv": Media.CSV + "; charset=utf-8",
    "png": "image/png",
    "svg": "image/svg+xml",
}
COUNTRY_COLOURS = {"RU": "#c0392b", "BY": "#2e7d32"}
OTHER_COLOUR = "#7f8c8d"
EVENT_COLOUR = "#f1c40f"
COUNTRY_NAMES = {"RU": "Россия", "BY": "Беларусь"}


def _scalar(value: object) -> str | int | float | bool | None:
    if isinstance(value, (tuple, list, set, frozenset)):
        return "; ".join(str(v) for v in value) or None
    if value is None or value == "":
        return None
    return cast(str | int | float | bool, value)  # node and edge attributes are built from these


def flat_copy(graph: nx.Graph) -> nx.Graph:
    """A copy whose attributes are all scalars (what GEXF and GraphML can carry), with a
    `label` on every node for Gephi."""
    flat = nx.Graph()
    flat.graph.update({k: v for k, v in graph.graph.items() if _scalar(v) is not None and k != "name"})
    for v, attrs in graph.nodes(data=True):
        values = {k: s for k, val in attrs.items() if (s := _scalar(val)) is not None}
        values.setdefault("label", str(attrs.get("name", v)))
        flat.add_node(v, **values)
    for a, b, attrs in graph.edges(data=True):
        flat.add_edge(a, b, **{k: s for k, val in attrs.items() if (s := _scalar(val)) is not None})
    return flat


def to_gexf(graph: nx.Graph) -> bytes:
    buf = io.BytesIO()
    nx.write_gexf(flat_copy(graph), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def to_graphml(graph: nx.Graph) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(flat_copy(graph), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def to_json(graph: nx.Graph) -> bytes:
    data = nx.node_link_data(flat_copy(graph), edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def to_csv(graph: nx.Graph) -> bytes:
    """One row per edge with both ends' names and countries."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["source", "source_name", "source_country", "target", "target_name", "target_country",
                     "weight", "sectors"])  # fmt: skip
    for a, b, attrs in sorted(graph.edges(data=True), key=lambda e: tuple(sorted(e[:2]))):
        a, b = sorted((a, b))
        na, nb = graph.nodes[a], graph.nodes[b]
        sectors = _scalar(attrs.get("sectors", ())) or ""
        weight = attrs.get("weight", 1)
        writer.writerow([a, na.get("name", a), na.get("country", ""),
                         b, nb.get("name", b), nb.get("country", ""), weight, sectors])  # fmt: skip
    return buf.getvalue().encode("utf-8")


# ---------------------------------------------------------------------------- pictures


def _colour(attrs: dict) -> str:
    if attrs.get("type") == "event":
        return EVENT_COLOUR
    return COUNTRY_COLOURS.get(attrs.get("country", ""), OTHER_COLOUR)


def _short(text: str, limit: int = 36) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Positions scaled into [0, 1] on the longer side: gazetteer coordinates when most nodes have
    them (regions), else a seeded spring layout per connected component, components packed in
    rows, largest first (one spring layout of everything pushes small components far away)."""
    placed = {v: a for v, a in graph.nodes(data=True) if "lat" in a and "long" in a}
    if placed and len(placed) * 2 >= graph.number_of_nodes():
        mean_lat = sum(a["lat"] for a in placed.values()) / len(placed)
        shrink = math.cos(math.radians(mean_lat))  # equirectangular: keep shapes near true
        pos = _unit({v: (a["long"] * shrink, a["lat"]) for v, a in placed.items()})
        # Places without coordinates ("region unknown") go in a row under the map.
        for i, v in enumerate(sorted(set(graph) - set(placed))):
            pos[v] = (0.1 * i, -0.12)
        return pos
    parts = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    # A cell grows with the component's size and, for chains, with its length.
    sides = [2.0 * math.sqrt(len(part)) + 0.8 * nx.diameter(graph.subgraph(part)) for part in parts]
    row_width = max(max(sides, default=1.0), 1.7 * math.sqrt(sum(side * side for side in sides)))
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for part, side in zip(parts, sides, strict=True):
        if x > 0 and x + side > row_width:
            x, y, row_height = 0.0, y - row_height - 1.0, 0.0
        for v, (px, py) in _spring(graph.subgraph(part)).items():
            positions[v] = (x + (px + 1) * side / 2, y - (1 - py) * side / 2)
        x += side + 1.0
        row_height = max(row_height, side)
    return _unit(positions)


def _spring(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """A seeded spring layout of one component in [-1, 1]², independent of insertion order."""
    if graph.number_of_nodes() == 1:
        return {next(iter(graph)): (0.0, 0.0)}
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(graph))
    ordered.add_edges_from(sorted(tuple(sorted((a, b))) for a, b in graph.edges()))
    pos = nx.spring_layout(ordered, seed=7, k=1.5 / math.sqrt(graph.number_of_nodes()), iterations=200)
    return {v: (float(px), float(py)) for v, (px, py) in _unit(pos, centred=True).items()}


def _unit(pos: dict, *, centred: bool = False) -> dict[str, tuple[float, float]]:
    """Scale positions so the longer side spans 1 ([0, 1]), or 2 around 0 when `centred`."""
    if not pos:
        return {}
    xs, ys = [float(p[0]) for p in pos.values()], [float(p[1]) for p in pos.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    if centred:
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        return {v: (2 * (float(x) - cx) / span, 2 * (float(y) - cy) / span) for v, (x, y) in pos.items()}
    return {v: ((float(x) - min(xs)) / span, (float(y) - min(ys)) / span) for v, (x, y) in pos.items()}


def draw(graph: nx.Graph, *, size_by: str = "pagerank", title: str = "", max_labels: int = 40) -> Figure:
    """A figure of the network: nodes coloured by country, sized by `size_by`, labelled
    (the `max_labels` largest when there are more), edges as wide as their weight."""
    fig = Figure(figsize=(16, 11), dpi=100)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_aspect("equal", adjustable="datalim")  # a map stays a map; a layout keeps its shape
    pos = layout(graph)
    values = {v: float(a.get(size_by, a.get("events", 1)) or 0) for v, a in graph.nodes(data=True)}
    top = max(values.values(), default=1) or 1
    max_weight = max((d.get("weight", 1) for *_, d in graph.edges(data=True)), default=1)
    for a, b, d in sorted(graph.edges(data=True), key=lambda e: e[2].get("weight", 1)):
        (xa, ya), (xb, yb) = pos[a], pos[b]
        width = 0.8 + 4.0 * d.get("weight", 1) / max_weight
        ax.plot([xa, xb], [ya, yb], color="#95a5a6", linewidth=width, alpha=0.7, zorder=1)
    for v in sorted(graph):
        attrs = graph.nodes[v]
        marker = "s" if attrs.get("type") == "event" else "o"
        ax.scatter(*pos[v], s=120 + 1400 * values[v] / top, c=_colour(attrs), marker=marker,
                   edgecolors="white", linewidths=1.0, zorder=2)  # fmt: skip
    labelled = set(sorted(graph, key=lambda v: (-values[v], v))[:max_labels])
    for v, above in _label_sides(graph, pos).items():
        if v not in labelled:
            continue
        ax.annotate(_short(str(graph.nodes[v].get("name", v))), pos[v], xytext=(0, 10 if above else -10),
                    textcoords="offset points", ha="center", va="bottom" if above else "top", fontsize=8,
                    zorder=3)  # fmt: skip
    present = sorted({a.get("country", "") for _, a in graph.nodes(data=True) if a.get("type") != "event"})
    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=10, color=COUNTRY_COLOURS.get(c, OTHER_COLOUR),
               label=COUNTRY_NAMES.get(c, c or "страна не указана"))
        for c in present
    ]  # fmt: skip
    if any(a.get("type") == "event" for _, a in graph.nodes(data=True)):
        handles.append(Line2D([], [], marker="s", linestyle="", markersize=10, color=EVENT_COLOUR,
                              label="мероприятие"))  # fmt: skip
    handles.append(Line2D([], [], linestyle="", label=f"размер: {size_by}; толщина: совместные мероприятия"))
    ax.legend(handles=handles, loc="lower left", frameon=True, fontsize=9)
    if title:
        ax.set_title(title, fontsize=13)
    ax.margins(0.12)
    fig.tight_layout()
    return fig


TITLES = {
    "orgs": "Организации: совместные мероприятия",
    "regions": "Регионы: мероприятия, связывающие районы Смоленской области и области Беларуси",
    "bipartite": "Организации и мероприятия",
}


def network_title(kind: str, params: dict[str, str]) -> str:
    """A picture title: the kind in words and the filters applied."""
    filters = ", ".join(f"{k}={v}" for k, v in params.items())
    return TITLES.get(kind, kind) + (f" ({filters})" if filters else "")


def _label_sides(graph: nx.Graph, pos: dict) -> dict[str, bool]:
    """Label above (True) or below each node: away from the middle of its component, and
    alternating along x where nodes sit level (chains), so neighbours do not overprint."""
    sides = {}
    singles = sorted((v for v in graph if graph.degree(v) == 0), key=lambda v: pos[v])
    sides.update({v: i % 2 == 0 for i, v in enumerate(singles)})
    for part in nx.connected_components(graph):
        if len(part) == 1:
            continue
        cy = sum(pos[v][1] for v in part) / len(part)
        spread = (max(pos[v][1] for v in part) - min(pos[v][1] for v in part)) or 1.0
        for i, v in enumerate(sorted(part, key=lambda v: (pos[v][0], pos[v][1]))):
            level = abs(pos[v][1] - cy) < 0.25 * spread
            sides[v] = i % 2 == 0 if level else pos[v][1] > cy
    return sides


def to_picture(graph: nx.Graph, fmt: str, *, size_by: str = "pagerank", title: str = "") -> bytes:
    buf = io.BytesIO()
    fig = draw(graph, size_by=size_by, title=title)
    metadata = {"Date": None} if fmt == "svg" else {}
    fig.savefig(buf, format=fmt, metadata=metadata)
    return buf.getvalue()


def export_network(graph: nx.Graph, fmt: str, *, size_by: str = "pagerank", title: str = "") -> bytes:
    """The network in one of `FORMATS`."""
    if fmt in {"png", "svg"}:
        return to_picture(graph, fmt, size_by=size_by, title=title)
    writers = {"gexf": to_gexf, "graphml": to_graphml, "json": to_json, "csv": to_csv}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return writers[fmt](graph)
