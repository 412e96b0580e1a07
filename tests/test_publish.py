"""coopgraph.publish.build and `coopgraph export --folder`: the same files the server's /downloads
serves, written to a folder, each parsed back."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from tiny_store import BASE, REPORT, build_tiny_store, jsonld_quads, tiny_client

from coopgraph.cli import main
from coopgraph.iris import Minter
from coopgraph.publish.build import publish
from coopgraph.publish.files import downloads, report_ids
from coopgraph.publish.tables import TABLES
from coopgraph.store import Store

PARSERS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    return build_tiny_store(tmp_path_factory.mktemp("tiny") / "store", events=7)


def test_publish_writes_every_download_and_each_parses(store_path, tmp_path):
    with Store(store_path, read_only=True) as store:
        assert report_ids(store, Minter(BASE)) == [REPORT]
        written = publish(store, Minter(BASE), tmp_path / "out")
    out = tmp_path / "out"
    names = sorted(str(p.relative_to(out)) for p in written if p.parent == out)
    assert names == sorted(d.name for d in downloads([REPORT]))
    passport = sorted(str(p.relative_to(out)) for p in written if p.parent != out)
    assert "opendata/list.csv" in passport and "opendata/cooperation-events/meta.csv" in passport
    for path in (p for p in written if p.parent == out):
        data = path.read_bytes()
        assert data, path.name
        if path.suffix == ".gz":
            inner = Path(path.stem)
            data = gzip.decompress(data)
            assert data == (path.parent / inner).read_bytes(), path.name
            assert list(ox.parse(data, format=PARSERS[inner.suffix])), path.name
        elif path.suffix in PARSERS:
            assert list(ox.parse(data, format=PARSERS[path.suffix])), path.name
        elif path.suffix == ".jsonld":
            assert jsonld_quads(data), path.name
        elif path.suffix == ".csv":
            rows = list(csv.reader(data.decode("utf-8-sig").splitlines()))
            table = TABLES[path.stem.removesuffix("-excel")]
            assert rows[0] == [c.name for c in table.columns], path.name
            assert data.startswith(b"\xef\xbb\xbf") == path.stem.endswith("-excel"), path.name
        elif path.suffix == ".xlsx":
            assert load_workbook(io.BytesIO(data)).sheetnames == list(TABLES), path.name
        elif path.suffix == ".geojson":
            assert json.loads(data)["type"] == "FeatureCollection", path.name
        else:
            assert json.loads(data)["resources"]


def test_published_files_equal_what_the_server_serves(store_path, tmp_path):
    with Store(store_path, read_only=True) as store:
        publish(store, Minter(BASE), tmp_path)
    client = tiny_client(store_path)
    names = (
        "coopgraph.ttl",
        "coopgraph.nt.gz",
        "events.csv",
        "catalog.ttl",
        "void.ttl",
        f"report-{REPORT}.nt",
    )
    for name in names:
        assert client.get(f"/downloads/{name}").data == (tmp_path / name).read_bytes(), name
    for name in ("opendata/list.csv", "opendata/cooperation-events/meta.csv", "coopgraph.xlsx"):
        served = client.get("/" + name if name.startswith("opendata/") else f"/downloads/{name}").data
        assert served == (tmp_path / name).read_bytes(), name


def test_cli_export_folder(store_path, tmp_path):
    target = tmp_path / "portal"
    result = CliRunner().invoke(
        main, ["--store", str(store_path), "--base-iri", BASE, "export", "--folder", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert (target / "catalog.jsonld").exists() and (target / "participations.csv").exists()
    catalog = ox.Store()
    catalog.load((target / "catalog.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)
    assert bool(
        catalog.query(f"ASK {{ ?d <http://www.w3.org/ns/dcat#downloadURL> <{BASE}downloads/events.csv> }}")
    )


def test_cli_export_folder_refuses_report_or_output(store_path, tmp_path):
    result = CliRunner().invoke(
        main, ["--store", str(store_path), "export", "--folder", str(tmp_path), "--report", REPORT]
    )
    assert result.exit_code == 2 and "--folder" in result.output
