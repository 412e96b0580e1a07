"""The `coopgraph` command: exit codes, messages, formats."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from coopgraph.cli import main


@pytest.fixture
def run(tmp_path):
    store = tmp_path / "store"

    def invoke(*args: str):
        return CliRunner().invoke(main, ["--store", str(store), *args], catch_exceptions=False)

    return invoke


@pytest.fixture
def ingested(run, bundled_report_path):
    result = run("ingest", "--quiet", str(bundled_report_path))
    assert result.exit_code == 0, result.output
    return run


def test_ingest_prints_a_summary_table(ingested, bundled_report_path):
    result = ingested("ingest", "--quiet", str(bundled_report_path))
    assert result.exit_code == 0
    assert "smolensk-belarus-2020-h1" in result.output
    assert "unchanged" in result.output and "utf-8" in result.output
    assert "clean" in result.output and "flagged" in result.output


def test_validate_exit_codes(run, bundled_report_path, tmp_path):
    assert run("validate", str(bundled_report_path)).exit_code == 0
    bad = tmp_path / "bad.txt"
    bad.write_text(
        bundled_report_path.read_text(encoding="utf-8").replace("\t3. \n", "\t2. \n", 1),
        encoding="utf-8",
    )
    result = run("validate", str(bad))
    assert result.exit_code == 1
    assert "bad.txt, row 2, field number" in result.output
    assert run("validate", str(tmp_path / "missing.txt")).exit_code == 2


def test_canned_query_as_csv_and_json(ingested):
    result = ingested("query", "--canned", "events", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 24
    assert rows[4]["row"] == "5" and rows[4]["participants"] == "128"
    result = ingested("query", "--canned", "events-by-belarus-region", "--format", "json")
    data = json.loads(result.output)
    assert {"region", "name", "events"} <= set(data[0])


def test_canned_query_parameters(ingested):
    culture = "https://w3id.org/coopgraph/sector/culture"
    result = ingested("query", "--canned", "events", "-p", f"sector={culture}", "--format", "json")
    data = json.loads(result.output)
    assert data and len(data) < 24
    assert {r["sector"] for r in data} == {data[0]["sector"]}
    by_key = ingested("query", "--canned", "events", "-p", "sector=culture", "--format", "json")
    assert json.loads(by_key.output) == data  # a short key names the same sector as its IRI
    bad = ingested("query", "--canned", "events", "-p", "sector=not an iri")
    assert bad.exit_code != 0 and "not a valid iri" in bad.output


def test_raw_sparql_and_syntax_error(ingested):
    result = ingested("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv")
    assert int(result.output.splitlines()[1]) > 1000
    bad = ingested("query", "SELECT WHERE {")
    assert bad.exit_code == 1 and "syntax error" in bad.output.lower()


@pytest.mark.parametrize(
    ("fmt", "rdf_format"),
    [
        ("ttl", ox.RdfFormat.TURTLE),
        ("nt", ox.RdfFormat.N_TRIPLES),
        ("nq", ox.RdfFormat.N_QUADS),
        ("trig", ox.RdfFormat.TRIG),
    ],
)
def test_export_formats_parse_back(ingested, tmp_path, fmt, rdf_format):
    out = tmp_path / f"dump.{fmt}"
    result = ingested("export", "--format", fmt, "--report", "smolensk-belarus-2020-h1", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert len(list(ox.parse(out.read_bytes(), format=rdf_format))) > 1000


def test_export_jsonld_has_a_local_context(ingested, tmp_path):
    out = tmp_path / "dump.jsonld"
    assert ingested("export", "--format", "jsonld", "-o", str(out)).exit_code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(doc["@context"], dict)
    assert doc["@context"]["schema"] == "http://schema.org/"


def test_remove_and_unknown_report(ingested):
    assert ingested("remove", "smolensk-belarus-2020-h1").exit_code == 0
    result = ingested("remove", "smolensk-belarus-2020-h1")
    assert result.exit_code == 1 and "no report" in result.output


def test_stats(ingested):
    result = ingested("stats")
    assert result.exit_code == 0
    assert "smolensk-belarus-2020-h1" in result.output and "events" in result.output


def test_console_script_reports_errors_without_traceback(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "coopgraph.cli",
            "--store",
            str(tmp_path / "s"),
            "ingest",
            str(tmp_path / "nothing.txt"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "nothing.txt" in result.stderr
