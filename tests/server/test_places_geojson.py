"""places.geojson, from a real store holding the bundled report, as a GIS user opens it: parsed
with shapely, every feature a valid point inside the expected bounding box."""

from __future__ import annotations

import json
import re

import pytest
from shapely.geometry import box, shape

from coopgraph.ingest.gazetteer import load_gazetteer
from coopgraph.publish.geojson import geojson_bytes, places_geojson
from coopgraph.store import Store

# Where the places of this series lie: countries from Western Europe to China; Belarusian
# places inside the second box.
WORLD_OF_THE_SERIES = box(-10.0, 20.0, 135.0, 70.0)
BELARUS_AND_WESTERN_RUSSIA = box(23.0, 51.0, 39.5, 60.5)


@pytest.fixture(scope="module")
def places(loaded_store) -> dict:
    with Store(loaded_store) as store:
        return json.loads(geojson_bytes(places_geojson(store)))


def test_every_place_is_a_valid_point_inside_the_expected_box(places):
    assert places["type"] == "FeatureCollection"
    assert len(places["features"]) >= len(load_gazetteer().entries)  # every gazetteer place has one
    for feature in places["features"]:
        geometry = shape(feature["geometry"])
        assert geometry.geom_type == "Point" and geometry.is_valid, feature["id"]
        assert WORLD_OF_THE_SERIES.contains(geometry), feature["properties"]["name"]
        if feature["properties"]["country"] in ("BY",) or feature["properties"]["iso_code"].startswith("BY-"):
            assert BELARUS_AND_WESTERN_RUSSIA.contains(geometry), feature["properties"]["name"]


def test_places_carry_names_kinds_and_country(places):
    by_name = {f["properties"]["name"]: f for f in places["features"]}
    vitebsk = by_name["Витебск"]
    assert vitebsk["properties"]["kind"] == "settlement" and vitebsk["properties"]["country"] == "BY"
    assert vitebsk["geometry"]["coordinates"] == pytest.approx([30.2049, 55.1904])  # longitude first
    region = by_name["Смоленская область"]
    assert region["properties"]["iso_code"] == "RU-SMO" and region["properties"]["kind"] == "region"
    assert by_name["Республика Беларусь"]["properties"]["country"] == "BY"
    assert len({f["id"] for f in places["features"]}) == len(places["features"])


def test_places_geojson_download_is_served_as_geojson(client):
    response = client.get("/downloads/places.geojson")
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    assert json.loads(response.data)["type"] == "FeatureCollection"
    assert "places.geojson" in client.get("/downloads").get_data(as_text=True)


def test_geometry_of_a_place_dereferences_as_linked_data(client):
    response = client.get(
        "/id/place/vitebsk/geometry", headers={"Accept": "text/turtle"}, follow_redirects=True
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert re.search(r"\"POINT\(30\.20490? 55\.19040?\)\"\^\^geosparql:wktLiteral", body), body[:600]
