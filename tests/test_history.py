"""Report versions: replacing says what is replaced and keeps it; restore, remove, unchanged
re-ingests; corrections re-read the archived source after the file is gone; the same over a
real `oxigraph serve`."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from oxigraph_server import running_oxigraph

from coopgraph.archive import Archive, ArchiveError
from coopgraph.cli import main
from coopgraph.history import archive_for, restore_version
from coopgraph.iris import Minter
from coopgraph.pipeline import ingest_paths, remove_report
from coopgraph.store import Store
from coopgraph.store.remote import RemoteStore

BASE = "https://coopgraph.example.org/"
RID = "smolensk-belarus-2020-h1"
MINTER = Minter(BASE)


def changed_copy(source: Path, folder: Path, name: str = "smolensk-belarus-2020-h1-v2.txt") -> Path:
    """The bundled report with one count changed: another version of the same report."""
    text = source.read_text(encoding="utf-8")
    assert "98 талантливых" in text
    path = folder / name
    path.write_text(text.replace("98 талантливых", "99 талантливых"), encoding="utf-8")
    return path


def quads(store, report_id: str = RID) -> list[str]:
    """The report graph as sorted N-Quads lines."""
    return sorted(store.dump("nq", graph_iri=MINTER.report_graph(report_id)).decode().splitlines())


@pytest.fixture
def run(tmp_path: Path):
    def invoke(*args: str, code: int = 0):
        result = CliRunner().invoke(
            main, ["--store", str(tmp_path / "store"), "--base-iri", BASE, *args], terminal_width=250
        )
        assert result.exit_code == code, result.output
        return " ".join(result.output.split())

    return invoke


def test_replace_restore_round_trip(tmp_path, bundled_report_path):
    changed = changed_copy(bundled_report_path, tmp_path)
    with Store(tmp_path / "store") as store:
        [first] = ingest_paths([bundled_report_path], store, MINTER)
        original = quads(store)
        [second] = ingest_paths([changed], store, MINTER)
        assert (first.status, second.status) == ("new", "replaced")
        assert second.previous == first.version and second.version.number == 2
        assert (
            second.previous.file_name == bundled_report_path.name and second.version.file_name == changed.name
        )
        assert second.previous.sha256 != second.version.sha256
        assert quads(store) != original
        archive = archive_for(store)
        change = restore_version(store, archive, MINTER, RID, 1)
        assert change.status == "restored" and change.version.number == 3 and change.version.refers_to == 1
        assert quads(store) == original
        assert [v.action for v in archive.versions(RID)] == ["ingest", "ingest", "restore"]


def test_cli_says_what_is_replaced_and_history_lists_the_versions(run, tmp_path, bundled_report_path):
    run("ingest", "--quiet", str(bundled_report_path))
    changed = changed_copy(bundled_report_path, tmp_path)
    out = run("ingest", "--quiet", str(changed))
    old = Archive(tmp_path / "store" / "archive").version(RID, 1)
    new = Archive(tmp_path / "store" / "archive").version(RID, 2)
    assert f"{RID}: replaced version 1 ({bundled_report_path.name}, 24 rows" in out
    assert f"sha256 {old.sha256}) with version 2 ({changed.name}, 24 rows" in out and new.sha256 in out
    assert f"coopgraph restore --report {RID} --version 1" in out
    out = run("restore", "--report", RID, "--version", "1")
    assert f"restored {RID} version 1 as version 3" in out
    listing = run("history", RID)
    assert "3 versions; * = stored now" in listing and "│ 3 *" in listing
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "store"), "history", RID, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["version"], r["action"], r["file"], r["sha256"], r["rows"]) for r in rows] == [
        ("1", "ingested", bundled_report_path.name, old.sha256, "24"),
        ("2", "ingested", changed.name, new.sha256, "24"),
        ("3 *", "restored (version 1)", bundled_report_path.name, old.sha256, "24"),
    ]
    assert all(int(r["triples"]) > 1000 for r in rows) and all(r["time"].endswith("+00:00") for r in rows)


def test_the_identical_file_again_is_unchanged_not_a_version(run, tmp_path, bundled_report_path):
    run("ingest", "--quiet", str(bundled_report_path))
    out = run("ingest", "--quiet", str(bundled_report_path))
    assert "unchanged" in out and f"{RID}: unchanged, the store already holds this graph as version 1" in out
    assert len(Archive(tmp_path / "store" / "archive").versions(RID)) == 1


def test_remove_keeps_the_version_and_restore_brings_it_back(run, tmp_path, bundled_report_path):
    run("ingest", "--quiet", str(bundled_report_path))
    with Store(tmp_path / "store", read_only=True) as store:
        original = quads(store)
    out = run("remove", RID)
    assert f"coopgraph restore --report {RID} --version 1" in out
    with Store(tmp_path / "store", read_only=True) as store:
        assert not store.has_graph(MINTER.report_graph(RID))
    assert "not stored now" in run("history", RID)
    run("restore", "--report", RID, "--version", "2", code=1)  # the removal itself has no graph
    run("restore", "--report", RID, "--version", "1")
    with Store(tmp_path / "store", read_only=True) as store:
        assert quads(store) == original
    assert [v.action for v in Archive(tmp_path / "store" / "archive").versions(RID)] == [
        "ingest", "remove", "restore",
    ]  # fmt: skip


def test_restore_usage_errors(run, tmp_path, bundled_report_path):
    run("ingest", "--quiet", str(bundled_report_path))
    assert "--report REPORT and --version N" in run("restore", "--report", RID, code=2)
    assert "--report REPORT and --version N" in run(
        "restore", str(tmp_path), "--report", RID, "--version", "1", code=2
    )
    assert "no version 7 (versions: 1)" in run("restore", "--report", RID, "--version", "7", code=1)
    assert "not a report id" in run("restore", "--report", "../../etc", "--version", "1", code=1)
    assert "has no history" in run("history", "smolensk-belarus-1999", code=1)


def test_a_graph_stored_before_the_archive_is_kept_before_it_is_replaced(tmp_path, bundled_report_path):
    with Store(tmp_path / "store") as store:
        ingest_paths([bundled_report_path], store, MINTER)
        original = quads(store)
    shutil.rmtree(tmp_path / "store" / "archive")  # a store written by an older coopgraph
    with Store(tmp_path / "store") as store:
        [outcome] = ingest_paths([changed_copy(bundled_report_path, tmp_path)], store, MINTER)
        assert outcome.status == "replaced" and outcome.previous.action == "found"
        restore_version(store, archive_for(store), MINTER, RID, outcome.previous.number)
        assert quads(store) == original


def test_a_correction_re_reads_the_archived_source_after_the_file_is_deleted(
    run, tmp_path, bundled_report_path
):
    moved = tmp_path / "inbox" / bundled_report_path.name
    moved.parent.mkdir()
    shutil.copy(bundled_report_path, moved)
    run("ingest", "--quiet", str(moved))
    moved.unlink()
    empty = tmp_path / "reports"
    empty.mkdir()
    folders = ["--reports", str(empty), "--corrections", str(tmp_path / "corrections")]
    out = run("correct", "set", RID, "21", "end", "2020-05-30", "--author", "Иванова", *folders)
    assert f"re-ingested {RID}" in out
    with Store(tmp_path / "store", read_only=True) as store:
        ends = store.query(
            "SELECT ?end WHERE { ?e <https://w3id.org/coopgraph/ns#rowNumber> 21 ; "
            "<http://schema.org/endDate> ?end }"
        )
        assert [str(s["end"].value) for s in ends] == ["2020-05-30"]
    versions = Archive(tmp_path / "store" / "archive").versions(RID)
    assert [v.number for v in versions] == [1, 2] and versions[0].sha256 == versions[1].sha256


def test_a_report_ingested_with_period_is_re_ingested_with_it(tmp_path, bundled_report_path):
    from coopgraph.curation.reingest import reingest_report
    from coopgraph.ingest.report_meta import parse_period

    copy = tmp_path / "copy.txt"
    shutil.copy(bundled_report_path, copy)
    with Store(tmp_path / "store") as store:
        [outcome] = ingest_paths([copy], store, MINTER, period=parse_period("2020-9M"))
        assert outcome.report_id == "smolensk-belarus-2020-9m"
        copy.unlink()
        again = reingest_report(
            store, MINTER, outcome.report_id, reports=tmp_path, corrections=tmp_path / "corrections"
        )
        assert again.ok and again.report_id == outcome.report_id and again.status == "unchanged"


def test_the_archive_refuses_ids_that_are_paths_and_files_that_changed(tmp_path):
    archive = Archive(tmp_path / "archive")
    for bad in ("../x", "a/b", "..", ""):
        with pytest.raises(ArchiveError, match="not a report id"):
            archive.versions(bad)
    source = tmp_path / "r.txt"
    source.write_text("one", encoding="utf-8")
    with pytest.raises(ArchiveError, match="changed while it was ingested"):
        archive.keep_source(source, "0" * 64)
    assert archive.source("0" * 64, "r.txt") is None


def test_history_on_a_remote_oxigraph_server(tmp_path, bundled_report_path):
    changed = changed_copy(bundled_report_path, tmp_path)
    archive = Archive(tmp_path / "remote-archive")
    with running_oxigraph(tmp_path / "oxigraph") as url, RemoteStore(url) as store:
        [first] = ingest_paths([bundled_report_path], store, MINTER, archive=archive, jobs=0)
        original = quads(store)
        [second] = ingest_paths([changed], store, MINTER, archive=archive, jobs=0)
        assert (first.status, second.status) == ("new", "replaced")
        [third] = ingest_paths([changed], store, MINTER, archive=archive, jobs=0)
        assert third.status == "unchanged"
        restore_version(store, archive, MINTER, RID, 1)
        assert quads(store) == original
        assert remove_report(store, MINTER, RID, archive)
        assert not store.has_graph(MINTER.report_graph(RID))
        assert [v.action for v in archive.versions(RID)] == ["ingest", "ingest", "restore", "remove"]
        assert archive.source(first.version.sha256, bundled_report_path.name).read_bytes() == (
            bundled_report_path.read_bytes()
        )
        # The history is beside the server, not in it: the server holds only report graphs.
        assert not [g for g in store.named_graphs() if "history" in g]


def test_a_remote_store_gets_its_own_default_archive_folder(monkeypatch, tmp_path):
    from coopgraph.history import remote_archive_folder

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert remote_archive_folder("http://127.0.0.1:7878") == tmp_path / "coopgraph/archive/127-0-0-1-7878"
    assert remote_archive_folder("http://a:1/x") != remote_archive_folder("http://a:2/x")


def test_a_whole_store_backup_carries_the_archive_and_restore_keeps_what_was_stored(
    run, tmp_path, bundled_report_path
):
    run("ingest", "--quiet", str(bundled_report_path))
    changed = changed_copy(bundled_report_path, tmp_path)
    run("ingest", "--quiet", str(changed))
    assert "and 5 archive files" in run("backup", str(tmp_path / "backup"))  # 2 sources, 2 graphs, 1 index
    # Another store gets the backup: its graphs, and the history and sources of its reports.
    other = ["--store", str(tmp_path / "other"), "--base-iri", BASE]
    result = CliRunner().invoke(main, [*other, "restore", str(tmp_path / "backup")])
    assert result.exit_code == 0, result.output
    taken = Archive(tmp_path / "other" / "archive")
    assert [v.file_name for v in taken.versions(RID)] == [bundled_report_path.name, changed.name]
    assert taken.source(taken.versions(RID)[0].sha256, bundled_report_path.name).is_file()
    # Restoring over a store whose report changed since keeps the newer graph as a version.
    run("restore", "--report", RID, "--version", "1")
    run("restore", str(tmp_path / "backup"))
    versions = Archive(tmp_path / "store" / "archive").versions(RID)
    assert [v.action for v in versions] == ["ingest", "ingest", "restore"]
    with Store(tmp_path / "store", read_only=True) as store:
        now = quads(store)
    run("restore", "--report", RID, "--version", "3")
    with Store(tmp_path / "store", read_only=True) as store:
        assert quads(store) != now  # version 3 (the bundled file) differs from the backup's graph


def test_a_corrupt_archive_in_a_backup_changes_nothing(run, tmp_path, bundled_report_path):
    run("ingest", "--quiet", str(bundled_report_path))
    run("backup", str(tmp_path / "backup"))
    [kept] = (tmp_path / "backup" / "archive" / "sources").glob("*/*")
    kept.write_text("tampered", encoding="utf-8")
    other = ["--store", str(tmp_path / "other"), "--base-iri", BASE]
    result = CliRunner().invoke(main, [*other, "restore", str(tmp_path / "backup")])
    assert result.exit_code == 1 and "does not match its SHA-256" in result.output
    with Store(tmp_path / "other", read_only=True) as store:
        assert store.named_graphs() == []
    assert not (tmp_path / "other" / "archive" / "sources").exists()
