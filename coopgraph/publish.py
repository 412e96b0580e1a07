"""The open-data files: whole-dataset dumps, per-report dumps, CSV tables with their Data
Package descriptor, and the DCAT catalogue and VoID description. The server's ``/downloads``
serves them; `publish` writes the same files into a folder for a portal that takes uploads
(``coopgraph export --folder DIR``), with the Russian open-data passport (coopgraph.passport,
served under ``/opendata/``) in its ``opendata/`` subfolder.

Download URLs in the metadata are ``{base_iri}downloads/{file}``: the base IRI is the public
address of the published site.
"""

from __future__ import annotations

import gzip
import itertools
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from coopgraph.atomic_files import write_files_atomically
from coopgraph.export import MEDIA_TYPES, export_bytes
from coopgraph.geojson import MEDIA_TYPE as GEOJSON_MEDIA_TYPE
from coopgraph.geojson import geojson_bytes, places_geojson
from coopgraph.ingest.errors import CoopgraphError
from coopgraph.ingest.iris import Minter
from coopgraph.ontology.load import ontology_graph
from coopgraph.passport import passport_files
from coopgraph.publication import Publication, from_settings
from coopgraph.spreadsheet import XLSX, workbook_bytes
from coopgraph.store import Store
from coopgraph.tables import TABLES, datapackage, table_csv

DUMP_STEM = "coopgraph"
# The model the data follows: the SHACL shapes it is validated with, and the ontology with its
# SKOS schemes, so that a consumer can check the dumps with the very shapes we use.
SCHEMA_FILES = ("shapes.ttl", "ontology.ttl")
DUMP_FORMATS = ("ttl", "jsonld", "nt", "trig", "nq")
REPORT_FORMATS = ("ttl", "jsonld", "nt")
# The large dumps also as .gz files (N-Triples is ~170 MB at a million triples, ~10 MB gzipped).
GZIP_FORMATS = ("nt", "nq", "ttl")
GZIP = "application/gzip"
FORMAT_NAMES = {
    "ttl": "Turtle",
    "jsonld": "JSON-LD",
    "nt": "N-Triples",
    "trig": "TriG",
    "nq": "N-Quads",
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
    files = [Download(f"{DUMP_STEM}.{f}", MEDIA_TYPES[f], "dump", f) for f in DUMP_FORMATS]
    files += [Download(f"{DUMP_STEM}.{f}.gz", GZIP, "dump", f, compressed=True) for f in GZIP_FORMATS]
    files += [Download(t.file_name, "text/csv", "table", "csv", table=t.name) for t in TABLES.values()]
    files += [
        Download(t.name + EXCEL_SUFFIX, "text/csv", "table", "csv", table=t.name, bom=True)
        for t in TABLES.values()
    ]
    files.append(Download(WORKBOOK, XLSX, "table", "xlsx"))
    files.append(Download("datapackage.json", "application/json", "metadata", "json"))
    files.append(Download("places.geojson", GEOJSON_MEDIA_TYPE, "geodata", "geojson"))
    files += [Download(name, "text/turtle", "schema", "ttl") for name in SCHEMA_FILES]
    files += [
        Download("catalog.ttl", "text/turtle", "metadata", "ttl"),
        Download("catalog.jsonld", "application/ld+json", "metadata", "jsonld"),
        Download("void.ttl", "text/turtle", "metadata", "ttl"),
        Download("void.jsonld", "application/ld+json", "metadata", "jsonld"),
    ]
    for rid in report_ids:
        files += [
            Download(f"report-{rid}.{f}", MEDIA_TYPES[f], "report", f, report=rid) for f in REPORT_FORMATS
        ]
    return files


def report_ids(store: Store, minter: Minter) -> list[str]:
    prefix = minter.base + "id/report/"
    query = "SELECT DISTINCT ?r WHERE { ?r a <https://w3id.org/coopgraph/ns#Report> }"
    found = [s["r"].value for s in store.query(query)]
    return sorted(r[len(prefix) :] for r in found if r.startswith(prefix))


def download_url(minter: Minter, name: str) -> str:
    return f"{minter.base}downloads/{name}"


def build(
    store: Store, minter: Minter, download: Download, every: list[Download], publication: Publication
) -> bytes:
    """The bytes of one published file."""
    if download.compressed:
        inner = next(
            d for d in every if d.format == download.format and d.kind == download.kind and not d.compressed
        )
        return gzip_bytes(build(store, minter, inner, every, publication))
    # Imported here: coopgraph.server.dcat imports this module's constants at its top.
    from coopgraph.server.dcat import catalog_bytes, void_bytes

    if download.kind == "dump":
        return export_bytes(store, minter, download.format)
    if download.kind == "report":
        return export_bytes(store, minter, download.format, report=download.report)
    if download.format == "xlsx":
        return workbook_bytes(store)
    if download.kind == "table":
        return table_csv(store, TABLES[download.table], bom=download.bom)
    if download.kind == "schema":
        return schema_bytes(download.name)
    if download.kind == "geodata":
        return geojson_bytes(places_geojson(store))
    if download.name == "datapackage.json":
        return datapackage(
            title=TITLE["en"],
            description=DESCRIPTION["en"],
            licence=publication.licence,
            homepage=minter.base,
        )
    if download.name.startswith("catalog."):
        return catalog_bytes(store, minter, every, download.format, publication)
    if download.name.startswith("void."):
        return void_bytes(store, minter, every, download.format)
    raise CoopgraphError(f"no published file {download.name!r}")


def gzip_bytes(data: bytes) -> bytes:
    """gzip with no time stamp inside: the same data gives the same file (and ETag)."""
    return gzip.compress(data, compresslevel=6, mtime=0)


def schema_bytes(name: str) -> bytes:
    """shapes.ttl as the validator reads it; ontology.ttl = the ontology plus its schemes."""
    if name == "shapes.ttl":
        return files("coopgraph.shapes").joinpath("shapes.ttl").read_bytes()
    return ontology_graph().serialize(format="turtle", encoding="utf-8")


def publish(
    store: Store, minter: Minter, folder: str | Path, publication: Publication | None = None
) -> list[Path]:
    """Write every published file into `folder` (created if missing), and the Russian
    open-data passport into its ``opendata/`` subfolder; returns the paths.
    `publication` defaults to the one of the settings (environment).

    Every file is written under a temporary name first and all are renamed at the end, so a
    full disk leaves the folder as it was, never a truncated file under a published name."""
    publication = publication or from_settings(minter)
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    reports = report_ids(store, minter)
    every = downloads(reports)
    opendata = passport_files(store, minter, publication, reports)
    created = [f for f in sorted({(target / n).parent for n in opendata}) if not f.exists()]
    for folder in created:
        folder.mkdir(parents=True, exist_ok=True)
    files = ((d.name, build(store, minter, d, every, publication)) for d in every)
    try:
        return write_files_atomically(target, itertools.chain(files, opendata.items()))
    except BaseException:
        # A failed write leaves the folder as it was: no empty opendata/ folders either.
        for folder in sorted(created, key=lambda f: len(f.parts), reverse=True):
            if folder.exists() and not any(folder.iterdir()):
                folder.rmdir()
        raise
