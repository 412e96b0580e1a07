"""The bytes of each published file (coopgraph.publish.files lists them), and `publish`, which
writes them all into a folder for a portal that takes uploads (``coopgraph export --folder DIR``),
with the Russian open-data passport (coopgraph.publish.passport, served under ``/opendata/``) in
its ``opendata/`` subfolder.
"""

from __future__ import annotations

import gzip
import itertools
from importlib.resources import files
from pathlib import Path

from coopgraph.atomic_files import write_files_atomically
from coopgraph.errors import CoopgraphError
from coopgraph.iris import Minter
from coopgraph.ontology.load import ontology_graph
from coopgraph.publication import Publication, from_settings
from coopgraph.publish.export import export_bytes
from coopgraph.publish.files import DESCRIPTION, TITLE, Download, downloads, report_ids
from coopgraph.publish.geojson import geojson_bytes, places_geojson
from coopgraph.publish.metadata import catalog_bytes, void_bytes
from coopgraph.publish.passport import passport_files
from coopgraph.publish.spreadsheet import workbook_bytes
from coopgraph.publish.tables import TABLES, datapackage, table_csv
from coopgraph.store import GraphStore


def build(
    store: GraphStore, minter: Minter, download: Download, every: list[Download], publication: Publication
) -> bytes:
    """The bytes of one published file."""
    if download.compressed:
        inner = next(
            d for d in every if d.format == download.format and d.kind == download.kind and not d.compressed
        )
        return gzip_bytes(build(store, minter, inner, every, publication))
    if download.kind == "dump":
        return export_bytes(store, minter, download.format)
    if download.kind == "report":
        return export_bytes(store, minter, download.format, report=download.report)
    if download.format == "xlsx":
        return workbook_bytes(store)
    if download.kind == "table" and download.table is not None:  # every table download names one
        return table_csv(store, TABLES[download.table], bom=download.bom)
    if download.kind == "schema":
        return schema_bytes(download.name)
    if download.kind == "geodata":
        return geojson_bytes(places_geojson(store))
    return _metadata_bytes(store, minter, download, every, publication)


def _metadata_bytes(
    store: GraphStore, minter: Minter, download: Download, every: list[Download], publication: Publication
) -> bytes:
    """The files that describe the others: the Data Package descriptor, DCAT catalogue, VoID."""
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
    store: GraphStore, minter: Minter, folder: str | Path, publication: Publication | None = None
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
