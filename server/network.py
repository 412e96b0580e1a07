"""Partner-network pages: `/network` (cytoscape.js, vendored), `/network/regions` (a Leaflet map,
vendored, of region outlines shaded by joint events, ties and places, from
`/network/regions.geojson`; no tile server: the outlines are the map), `/timeline`
(events per month by sector) and `/network/download.<fmt>` (GEXF, GraphML, PNG, SVG, JSON, CSV).

Every page takes the same filters as `coopgraph network`: kind, sector, from, to, report, country.
"""

from __future__ import annotations

import math
from urllib.parse import urlencode

import networkx as nx
from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request

from coopgraph.formats import Media
from coopgraph.network.data import KINDS, NetworkData, NetworkError, NetworkFilter, load_network_data
from coopgraph.network.export import (
    COUNTRY_COLOURS,
    EVENT_COLOUR,
    MEDIA_TYPES,
    OTHER_COLOUR,
    export_network,
    network_title,
)
from coopgraph.network.export import layout as picture_layout
from coopgraph.network.graphs import PlaceTree, build_network, events_per_month
from coopgraph.network.measures import annotate, brokers, cross_border_ties, density_by_sector
from coopgraph.publish.geojson import MEDIA_TYPE as GEOJSON_MEDIA_TYPE
from coopgraph.publish.geojson import geojson_bytes, region_map_geojson
from coopgraph.server.i18n import current_lang
from coopgraph.server.labels import labels
from coopgraph.server.query_memo import page_store

blueprint = Blueprint("network", __name__)

FILTER_ARGS = ("kind", "sector", "from", "to", "report", "country")
SECTOR_COLOURS = [
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#393b79",
    "#637939",
]


def _data() -> NetworkData:
    store = page_store(current_app)
    data = load_network_data(store)
    # Sector names in the page's language (the library keeps one label per sector).
    data.sector_labels.update(labels(store, data.sector_labels, current_lang()))
    return data


def _filter() -> NetworkFilter:
    args = request.args
    try:
        return NetworkFilter.from_strings(
            sector=args.get("sector"),
            start=args.get("from"),
            end=args.get("to"),
            report=args.get("report"),
            country=args.get("country"),
        )
    except NetworkError as exc:
        abort(Response(str(exc), status=400, mimetype=Media.PLAIN_TEXT))


def _kind(default: str = "orgs") -> str:
    kind = request.args.get("kind") or default
    if kind not in KINDS:
        abort(Response(f"kind must be one of {', '.join(KINDS)}", status=400, mimetype=Media.PLAIN_TEXT))
    return kind


def _query_string(**override: str) -> str:
    values = {k: request.args.get(k, "") for k in FILTER_ARGS} | override
    return urlencode({k: v for k, v in values.items() if v})


def page_href(iri: str) -> str | None:
    """The path of a resource's linked-data page on this server, when it is one of ours."""
    base = current_app.extensions["coopgraph.minter"].base
    return request.script_root + "/" + iri[len(base) :] if iri.startswith(base) else None


def _choices(data: NetworkData) -> dict[str, list[tuple[str, str]]]:
    """Options for the filter form, from what the store holds."""
    used = {s for e in data.events.values() for s in e.sectors}
    sectors = sorted(((s.rsplit("/", 1)[-1], data.sector_labels.get(s, s)) for s in used), key=lambda p: p[1])
    countries = sorted({o.country for o in data.orgs.values() if o.country})
    reports = sorted({e.report.rsplit("/", 1)[-1] for e in data.events.values()})
    return {
        "sectors": sectors,
        "countries": [(c, c) for c in countries],
        "reports": [(r, r) for r in reports],
    }


def _node_colour(attrs: dict) -> str:
    if attrs.get("type") == "event":
        return EVENT_COLOUR
    return COUNTRY_COLOURS.get(attrs.get("country", ""), OTHER_COLOUR)


def cytoscape_elements(graph: nx.Graph) -> list[dict]:
    """Nodes with their measures, colour, size and the seeded layout's positions; edges."""
    positions = picture_layout(graph)
    extent = max(700.0, 160.0 * math.sqrt(graph.number_of_nodes()))  # model units; cytoscape fits the view
    top = max((a["pagerank"] for _, a in graph.nodes(data=True)), default=1) or 1
    elements = []
    for v, a in sorted(graph.nodes(data=True)):
        x, y = positions[v]
        name = str(a.get("name", v))
        elements.append(
            {
                "group": "nodes",
                "data": {
                    "id": v,
                    "name": name,
                    "short": name if len(name) <= 40 else name[:39] + "…",
                    "country": a.get("country", ""),
                    "type": a.get("type", ""),
                    "sectors": list(a.get("sectors", ())),
                    "events": a.get("events", 0),
                    "degree": a["degree"],
                    "weighted_degree": a["weighted_degree"],
                    "betweenness": round(a["betweenness"], 4),
                    "pagerank": round(a["pagerank"], 4),
                    "community": a["community"],
                    "component": a["component"],
                    "href": page_href(v),
                    "colour": _node_colour(a),
                    "size": round(18 + 42 * math.sqrt(a["pagerank"] / top), 1),
                },
                "position": {"x": round(x * extent, 1), "y": round(-y * extent, 1)},
            }
        )
    for a, b, d in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])):
        elements.append(
            {
                "group": "edges",
                "data": {
                    "id": f"{a}|{b}",
                    "source": a,
                    "target": b,
                    "weight": d.get("weight", 1),
                    "sectors": list(d.get("sectors", ())),
                },
            }
        )
    return elements


@blueprint.get("/network")
def network_page() -> str:
    data = _data()
    return render_template(
        "network.html",
        choices=_choices(data),
        args=request.args,
        kind=_kind(),
        query=_query_string(),
        root=request.script_root,
    )


@blueprint.get("/network/data.json")
def network_data() -> Response:
    data = _data()
    flt = _filter()
    graph = annotate(build_network(data, _kind(), flt))
    names = {v: a.get("name", v) for v, a in graph.nodes(data=True)}
    return jsonify(
        elements=cytoscape_elements(graph),
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        filter=flt.as_params(),
        brokers=[{"id": v, "name": names[v], "partners": n} for v, n in brokers(graph)],
        cross_border_ties=len(cross_border_ties(graph)),
        density={sector: round(d, 3) for sector, d in density_by_sector(graph).items()},
    )


@blueprint.get("/network/download.<fmt>")
def download(fmt: str) -> Response:
    if fmt not in MEDIA_TYPES:
        abort(404)
    kind = _kind()
    flt = _filter()
    graph = annotate(build_network(_data(), kind, flt))
    body = export_network(graph, fmt, title=network_title(kind, flt.as_params()))
    response = Response(body, mimetype=MEDIA_TYPES[fmt].split(";")[0])
    if fmt != "svg":
        response.headers["Content-Disposition"] = f'attachment; filename="coopgraph-{kind}.{fmt}"'
    return response


# ---------------------------------------------------------------------------- regions map


def _region_map_data(data: NetworkData) -> tuple[nx.Graph, dict]:
    graph = build_network(data, "regions", _filter())
    tree = PlaceTree(data.places)
    region_of = {v: tree.region(v) for v in graph}
    base = current_app.extensions["coopgraph.minter"].place("")
    return graph, region_map_geojson(graph, region_of, base)


@blueprint.get("/network/regions.geojson")
def regions_geojson() -> Response:
    """The regions map's data: outlines with joint-event counts, ties and places (same filters)."""
    _, collection = _region_map_data(_data())
    for feature in collection["features"]:
        feature["properties"]["href"] = page_href(feature["properties"].get("iri", ""))
    return Response(geojson_bytes(collection), mimetype=GEOJSON_MEDIA_TYPE)


@blueprint.get("/network/regions")
def regions_page() -> str:
    data = _data()
    graph, collection = _region_map_data(data)
    ties = []
    for a, b, d in graph.edges(data=True):
        if graph.nodes[a]["country"] != "RU":  # Russian side first, whichever way networkx stored it
            a, b = b, a
        ties.append((graph.nodes[a]["name"], graph.nodes[b]["name"], d["weight"]))
    table = sorted(ties, key=lambda t: (-t[2], t[0], t[1]))
    shaded = sorted(
        ((f["properties"]["name"], f["properties"]["events"]) for f in collection["features"]
         if f["properties"]["layer"] == "region" and f["properties"]["events"]),
        key=lambda r: (-r[1], r[0]),
    )  # fmt: skip
    return render_template(
        "network_regions.html",
        ties=table,
        regions=shaded,
        unplaced=collection["unplaced"],
        attribution=collection["attribution"],
        choices=_choices(data),
        args=request.args,
        query=_query_string(kind="regions"),
        map_query=_query_string(),
        root=request.script_root,
    )


# ---------------------------------------------------------------------------- timeline


def timeline_bars(months: dict[str, dict[str, int]], width: int = 900, height: int = 360) -> dict:
    """Stacked bars (one per month, one colour per sector) in SVG coordinates."""
    sectors = sorted({s for counts in months.values() for s in counts})
    colours = {s: SECTOR_COLOURS[i % len(SECTOR_COLOURS)] for i, s in enumerate(sectors)}
    tallest = max((sum(c.values()) for c in months.values()), default=1) or 1
    left, bottom, top = 40, height - 40, 20
    step = (width - left - 10) / max(len(months), 1)
    bars = []
    for i, (month, counts) in enumerate(months.items()):
        y: float = bottom
        for sector in sectors:
            n = counts.get(sector, 0)
            if not n:
                continue
            h = (bottom - top) * n / tallest
            y -= h
            bars.append(
                {
                    "x": round(left + i * step + step * 0.15, 1),
                    "y": round(y, 1),
                    "w": round(step * 0.7, 1),
                    "h": round(h, 1),
                    "colour": colours[sector],
                    "title": f"{month}: {sector} — {n}",
                }
            )
    labels = [
        {"x": round(left + i * step + step / 2, 1), "y": bottom + 16, "text": m} for i, m in enumerate(months)
    ]
    ticks = [{"y": round(bottom - (bottom - top) * k / tallest, 1), "k": k} for k in range(0, tallest + 1)]
    return {
        "bars": bars,
        "labels": labels,
        "ticks": ticks if tallest <= 20 else ticks[:: max(tallest // 10, 1)],
        "legend": [(s, colours[s]) for s in sectors],
        "width": width,
        "height": height,
        "left": left,
        "bottom": bottom,
    }


@blueprint.get("/timeline")
def timeline_page() -> str:
    data = _data()
    months = events_per_month(data, _filter())
    return render_template(
        "timeline.html",
        chart=timeline_bars(months),
        months=months,
        choices=_choices(data),
        args=request.args,
        query=_query_string(kind="bipartite"),
        root=request.script_root,
    )
