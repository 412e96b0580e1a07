"""Where places and organisations are, in RDF: GeoSPARQL geometries for gazetteer places (a
point for every place with coordinates and the outline of the regions
``ingest/data/boundaries.geojson`` holds: Natural Earth, simplified, see
``ingest/data/build_boundaries.py``), and the country code on a schema.org postal address.

Literals are ``geosparql:wktLiteral`` without a CRS IRI, which GeoSPARQL reads as OGC CRS84
(longitude first), the order GeoJSON uses too.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from coopgraph.ontology.vocab import GEOSPARQL, SDO, SF

BOUNDARIES = Path(__file__).with_name("data") / "boundaries.geojson"


def point_wkt(lat: str | Decimal | float, long: str | Decimal | float) -> Literal:
    return Literal(f"POINT({Decimal(str(long))} {Decimal(str(lat))})", datatype=GEOSPARQL.wktLiteral)


def _ring(ring: list[list[float]]) -> str:
    return "(" + ", ".join(f"{x} {y}" for x, y in ring) + ")"


def geojson_to_wkt(geometry: dict) -> str:
    """WKT for a GeoJSON Polygon or MultiPolygon (the only kinds boundaries.geojson holds)."""
    if geometry["type"] == "Polygon":
        return "POLYGON(" + ", ".join(_ring(r) for r in geometry["coordinates"]) + ")"
    if geometry["type"] == "MultiPolygon":
        polygons = ("(" + ", ".join(_ring(r) for r in poly) + ")" for poly in geometry["coordinates"])
        return "MULTIPOLYGON(" + ", ".join(polygons) + ")"
    raise ValueError(f"unsupported geometry type {geometry['type']!r} in {BOUNDARIES.name}")


@cache
def boundaries() -> dict[str, dict]:
    """{gazetteer key: GeoJSON feature} of the shipped region outlines."""
    data = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    return {f["properties"]["key"]: f for f in data["features"]}


def boundary_attribution() -> str:
    return json.loads(BOUNDARIES.read_text(encoding="utf-8"))["attribution"]


def add_geometries(graph: Graph, place: URIRef, key: str, lat: str, long: str) -> None:
    """``place geosparql:hasGeometry`` its point (``<place>/geometry``) and, for a region with
    an outline, its boundary (``<place>/boundary``); the point is also the default geometry."""
    if lat and long:
        point = URIRef(f"{place}/geometry")
        graph.add((place, GEOSPARQL.hasGeometry, point))
        graph.add((place, GEOSPARQL.hasDefaultGeometry, point))
        graph.add((point, RDF.type, GEOSPARQL.Geometry))
        graph.add((point, RDF.type, SF.Point))
        graph.add((point, GEOSPARQL.asWKT, point_wkt(lat, long)))
    if feature := boundaries().get(key):
        outline = URIRef(f"{place}/boundary")
        kind = SF.MultiPolygon if feature["geometry"]["type"] == "MultiPolygon" else SF.Polygon
        graph.add((place, GEOSPARQL.hasGeometry, outline))
        graph.add((outline, RDF.type, GEOSPARQL.Geometry))
        graph.add((outline, RDF.type, kind))
        graph.add(
            (
                outline,
                GEOSPARQL.asWKT,
                Literal(geojson_to_wkt(feature["geometry"]), datatype=GEOSPARQL.wktLiteral),
            )
        )


def add_address(graph: Graph, subject: URIRef, country: str) -> None:
    """The country code where schema.org wants it: on a ``schema:PostalAddress`` (``<subject>/address``),
    the value of the organisation's or place's ``schema:address``."""
    address = URIRef(f"{subject}/address")
    graph.add((subject, SDO.address, address))
    graph.add((address, RDF.type, SDO.PostalAddress))
    graph.add((address, SDO.addressCountry, Literal(country)))
