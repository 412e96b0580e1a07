"""The shipped region outlines, their WKT, and the region map's GeoJSON; parsed as a GIS would
(shapely), not by string matching. places.geojson: tests/server/test_places_geojson.py."""

from __future__ import annotations

import networkx as nx
import pytest
from shapely.geometry import Point, box, shape

from coopgraph.ingest.gazetteer import load_gazetteer
from coopgraph.ingest.geometry import BOUNDARIES, boundaries, geojson_to_wkt
from coopgraph.publish.geojson import region_map_geojson

BELARUS_AND_WESTERN_RUSSIA = box(23.0, 51.0, 39.5, 60.5)


def test_shipped_outlines_are_valid_and_hold_their_capitals():
    outlines = boundaries()
    assert BOUNDARIES.stat().st_size < 300_000
    assert {"by-br", "by-ho", "by-hr", "by-ma", "by-mi", "by-vi", "by-hm", "ru-smo"} <= set(outlines)
    gazetteer = load_gazetteer()
    for key, feature in outlines.items():
        geometry = shape(feature["geometry"])
        assert geometry.is_valid and geometry.geom_type in ("Polygon", "MultiPolygon"), key
        assert BELARUS_AND_WESTERN_RUSSIA.contains(geometry.centroid), key
        capitals = [e for e in gazetteer.entries if e.kind == "settlement" and e.parent == key and e.lat]
        for town in capitals:  # settlements placed directly under a region are its cities
            assert geometry.contains(Point(float(town.long), float(town.lat))), (key, town.name_ru)
    # Minsk city is a hole in Minsk oblast: the two do not overlap
    assert shape(outlines["by-mi"]["geometry"]).intersection(shape(outlines["by-hm"]["geometry"])).area < 1e-3


def test_region_centroids_in_the_gazetteer_lie_inside_their_outline():
    gazetteer = load_gazetteer()
    for key, feature in boundaries().items():
        entry = gazetteer.get(key)
        assert shape(feature["geometry"]).contains(Point(float(entry.long), float(entry.lat))), key


def test_wkt_of_a_polygon_with_a_hole():
    polygon = {
        "type": "Polygon",
        "coordinates": [[[0, 0], [4, 0], [4, 4], [0, 0]], [[1, 1], [2, 1], [2, 2], [1, 1]]],
    }
    assert geojson_to_wkt(polygon) == "POLYGON((0 0, 4 0, 4 4, 0 0), (1 1, 2 1, 2 2, 1 1))"
    with pytest.raises(ValueError, match="unsupported geometry type 'Point'"):
        geojson_to_wkt({"type": "Point", "coordinates": [0, 0]})


def test_region_map_counts_distinct_events_per_region():
    graph = nx.Graph()
    graph.add_node("ru:a", name="A", country="RU", lat=54.8, long=32.0, events=2)
    graph.add_node("ru:b", name="B", country="RU", events=1)  # no coordinates: listed as unplaced
    graph.add_node("by:x", name="X", country="BY", lat=52.4, long=31.0, events=2)
    graph.add_edge("ru:a", "by:x", weight=2, event_iris={"e1", "e2"})
    graph.add_edge("ru:b", "by:x", weight=1, event_iris={"e2"})
    base = "https://example.test/id/place/"
    region_of = {"ru:a": base + "ru-smo", "ru:b": base + "ru-smo", "by:x": base + "by-ho"}
    collection = region_map_geojson(graph, region_of, base)
    events = {f["properties"]["key"]: f["properties"]["events"] for f in collection["features"]
              if f["properties"]["layer"] == "region"}  # fmt: skip
    assert events["ru-smo"] == 2 and events["by-ho"] == 2 and events["by-vi"] == 0  # e2 counts once
    assert collection["unplaced"] == ["B"]
    ties = [f for f in collection["features"] if f["properties"]["layer"] == "tie"]
    assert [(t["properties"]["from"], t["properties"]["to"]) for t in ties] == [("A", "X")]
    assert ties[0]["geometry"]["coordinates"] == [[32.0, 54.8], [31.0, 52.4]]
