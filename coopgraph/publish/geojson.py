"""Places as GeoJSON (RFC 7946: WGS 84, longitude first) for GIS users and the region map.

- `places_geojson`: every place in the store with coordinates, one Point feature each
  (``/downloads/places.geojson``);
- `region_map_geojson`: the region network on a map (``/network/regions.geojson``): region
  outlines shaded by the number of joint events, ties as LineStrings, places as Points.
"""

from __future__ import annotations

import json

import networkx as nx

from coopgraph.ingest.geometry import boundaries, boundary_attribution
from coopgraph.ontology.vocab import sparql_prefixes
from coopgraph.store import GraphStore

MEDIA_TYPE = "application/geo+json"

_PLACES = """SELECT ?place ?name ?name_en ?kind ?iso ?country ?parent ?lat ?long WHERE {
  ?place a schema:Place ; geo:lat ?lat ; geo:long ?long .
  OPTIONAL { ?place schema:name ?name FILTER(langMatches(lang(?name), "ru")) }
  OPTIONAL { ?place schema:name ?name_en FILTER(langMatches(lang(?name_en), "en")) }
  OPTIONAL { ?place cg:placeKind ?kind }
  OPTIONAL { ?place cg:isoCode ?iso }
  OPTIONAL { ?place schema:address/schema:addressCountry ?country }
  OPTIONAL { ?place schema:containedInPlace ?parent }
}
ORDER BY ?place ?name ?name_en"""


def places_geojson(store: GraphStore) -> dict:
    """A FeatureCollection of the places with coordinates (first spelling of each, in IRI order)."""
    features: dict[str, dict] = {}
    result = store.query(sparql_prefixes() + _PLACES)
    names = [v.value for v in result.variables]
    for solution in result:
        row = {n: (solution[n].value if solution[n] is not None else "") for n in names}
        iri = row["place"]
        if iri in features:
            continue
        features[iri] = {
            "type": "Feature",
            "id": iri,
            "geometry": {"type": "Point", "coordinates": [float(row["long"]), float(row["lat"])]},
            "properties": {
                "iri": iri,
                "name": row["name"],
                "name_en": row["name_en"],
                "kind": row["kind"],
                "iso_code": row["iso"],
                "country": row["country"] or (row["iso"][:2] if row["kind"] == "country" else ""),
                "contained_in": row["parent"],
            },
        }
    return {"type": "FeatureCollection", "features": list(features.values())}


def geojson_bytes(collection: dict) -> bytes:
    return (json.dumps(collection, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def _point(attrs: dict) -> list[float] | None:
    if attrs.get("lat") is None or attrs.get("long") is None:
        return None
    return [round(float(attrs["long"]), 5), round(float(attrs["lat"]), 5)]


def region_map_geojson(graph: nx.Graph, region_of: dict[str, str | None], place_base: str) -> dict:
    """Region outlines with the number of joint events, ties and places of a region network.

    `graph` is a ``regions`` network (`coopgraph.network.graphs.region_network`); `region_of` maps each
    node to the IRI of the first-level region it lies in (itself for a region); `place_base` is
    the minter's place IRI prefix, to find the shipped outline of a region by its gazetteer key.
    A region's count is the number of distinct events that tie any of its places across the border.
    """
    events: dict[str, set[str]] = {}
    for a, b, d in graph.edges(data=True):
        for node in (a, b):
            if region := region_of.get(node):
                events.setdefault(region, set()).update(d.get("event_iris", ()))
    names = {v: a.get("name", v) for v, a in graph.nodes(data=True)}
    features: list[dict] = []
    for key, feature in sorted(boundaries().items()):
        iri = place_base + key
        props = feature["properties"]
        features.append(
            {
                "type": "Feature",
                "id": iri,
                "geometry": feature["geometry"],
                "properties": {
                    "layer": "region", "iri": iri, "key": key, "iso_code": props["iso_code"],
                    "name": props["name_ru"], "name_en": props["name_en"], "country": props["country"],
                    "events": len(events.get(iri, ())),
                },
            }
        )  # fmt: skip
    unplaced = []
    for v, a in sorted(graph.nodes(data=True)):
        point = _point(a)
        if point is None:
            unplaced.append(names[v])
            continue
        features.append(
            {
                "type": "Feature",
                "id": v,
                "geometry": {"type": "Point", "coordinates": point},
                "properties": {"layer": "place", "iri": v, "name": names[v], "country": a.get("country", ""),
                               "kind": a.get("type", ""), "events": a.get("events", 0),
                               "region": region_of.get(v) or ""},
            }
        )  # fmt: skip
    for a, b, d in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])):
        if graph.nodes[a].get("country") != "RU":
            a, b = b, a  # Russian side first
        ends = _point(graph.nodes[a]), _point(graph.nodes[b])
        if None in ends:
            continue
        features.append(
            {
                "type": "Feature",
                "id": f"{a}|{b}",
                "geometry": {"type": "LineString", "coordinates": list(ends)},
                "properties": {"layer": "tie", "from": names[a], "to": names[b], "from_iri": a, "to_iri": b,
                               "events": d.get("weight", 0)},
            }
        )  # fmt: skip
    return {
        "type": "FeatureCollection",
        "features": features,
        "unplaced": unplaced,
        "max_events": max((len(s) for s in events.values()), default=0),
        "attribution": boundary_attribution(),
    }
