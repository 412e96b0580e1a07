"""The open-data files: whole-dataset dumps, per-report dumps, CSV tables with their Data
Package descriptor, and the DCAT catalogue and VoID description. The server's ``/downloads``
serves them; `publish` writes the same files into a folder for a portal that takes uploads
(``coopgraph export --folder DIR``), with the Russian open-data passport (coopgraph.publish.passport,
served under ``/opendata/``) in its ``opendata/`` subfolder.

Download URLs in the metadata are ``{base_iri}downloads/{file}``: the base IRI is the public
address of the published site.
"""

from __future__ import annotations

from dataclasses import dataclass

from coopgraph import formats
from coopgraph.formats import FORMATS, JSONLD, TURTLE, Media
from coopgraph.iris import Minter
from coopgraph.publish.geojson import MEDIA_TYPE as GEOJSON_MEDIA_TYPE
from coopgraph.publish.spreadsheet import XLSX
from coopgraph.publish.tables import TABLES
from coopgraph.store import GraphStore

DUMP_STEM = "coopgraph"
# The model the data follows: the SHACL shapes it is validated with, and the ontology with its
# SKOS schemes, so that a consumer can check the dumps with the very shapes we use.
SCHEMA_FILES = ("shapes.ttl", "ontology.ttl")
METADATA = (TURTLE, JSONLD)  # the formats of the DCAT catalogue and the VoID description
# Which of the registry's RDF formats (coopgraph.formats) are published, by name; a format's
# media type, extension and label come from the registry.
DUMP_FORMATS = ("ttl", "jsonld", "nt", "trig", "nq")
REPORT_FORMATS = ("ttl", "jsonld", "nt")
# The large dumps also as .gz files (N-Triples is ~170 MB at a million triples, ~10 MB gzipped).
GZIP_FORMATS = ("nt", "nq", "ttl")
GZIP = Media.GZIP
# Download.format -> the name shown: the registry's RDF formats, and the other files we publish.
FORMAT_NAMES = {
    **{f.name: f.label for f in formats.serving(formats.Kind.GRAPH, formats.Kind.DATASET)},
    "csv": "CSV",
    "json": "JSON",
    "xlsx": "Excel (xlsx)",
    "geojson": "GeoJSON",
}
# The tables for spreadsheets: each CSV also with a byte-order mark (Excel reads UTF-8 only
# then), and all of them as sheets of one workbook.
EXCEL_SUFFIX = "-excel.csv"
WORKBOOK = "coopgraph.xlsx"
TITLE = {
    "ru": "Сотрудничество регионов России с Республикой Беларусь: граф мероприятий",
    "en": "Cooperation of Russian regions with the Republic of Belarus: events graph",
}
DESCRIPTION = {
    "ru": "Мероприятия, организации, места, персоны и соглашения из полугодовых отчётов о сотрудничестве "
    "с Республикой Беларусь, в виде графа знаний RDF.",
    "en": "Events, organisations, places, people and agreements from the half-year reports on cooperation "
    "with the Republic of Belarus, as an RDF knowledge graph.",
}


@dataclass(frozen=True)
class Download:
    name: str  # file name under /downloads/
    media_type: str
    kind: str  # "dump", "report", "table", "schema", "geodata", "metadata"
    format: str  # key of FORMAT_NAMES
    report: str | None = None  # report id of per-report dumps
    table: str | None = None
    compressed: bool = False  # a gzip file of the `format` (application/gzip)
    bom: bool = False  # a CSV table with a UTF-8 byte-order mark (for Excel)


def downloads(report_ids: list[str]) -> list[Download]:
    """Every published file, given the stored reports' ids."""
    dumps = [FORMATS[f] for f in DUMP_FORMATS]
    files = [Download(f"{DUMP_STEM}.{f.extension}", f.media_type, "dump", f.name) for f in dumps]
    files += [
        Download(f"{DUMP_STEM}.{FORMATS[f].extension}.gz", GZIP, "dump", f, compressed=True)
        for f in GZIP_FORMATS
    ]
    files += [Download(t.file_name, Media.CSV, "table", "csv", table=t.name) for t in TABLES.values()]
    files += [
        Download(t.name + EXCEL_SUFFIX, Media.CSV, "table", "csv", table=t.name, bom=True)
        for t in TABLES.values()
    ]
    files.append(Download(WORKBOOK, XLSX, "table", "xlsx"))
    files.append(Download("datapackage.json", Media.JSON, "metadata", "json"))
    files.append(Download("places.geojson", GEOJSON_MEDIA_TYPE, "geodata", "geojson"))
    files += [Download(name, TURTLE.media_type, "schema", TURTLE.name) for name in SCHEMA_FILES]
    for stem in ("catalog", "void"):
        files += [
            Download(f"{stem}.{f.extension}", f.media_type, "metadata", f.name) for f in (TURTLE, JSONLD)
        ]
    for rid in report_ids:
        files += [
            Download(f"report-{rid}.{f.extension}", f.media_type, "report", f.name, report=rid)
            for f in (FORMATS[n] for n in REPORT_FORMATS)
        ]
    return files


def report_ids(store: GraphStore, minter: Minter) -> list[str]:
    prefix = minter.base + "id/report/"
    query = "SELECT DISTINCT ?r WHERE { ?r a <https://w3id.org/coopgraph/ns#Report> }"
    found = [s["r"].value for s in store.query(query)]
    return sorted(r[len(prefix) :] for r in found if r.startswith(prefix))


def download_url(minter: Minter, name: str) -> str:
    return f"{minter.base}downloads/{name}"
