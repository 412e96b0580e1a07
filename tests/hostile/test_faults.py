"""Faults: `kill -9` in the middle of a batch ingest, a full disk, a store locked by another
process, and `coopgraph backup` / `restore` round trips — through the real CLI, as an operator
would meet them. After each, the store is consistent: every report graph is absent, its old
version or its new version, whole (compared triple by triple with clean ingests).
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from coopgraph.store import Store

from .conftest import REPO, TEST_BASE_IRI, coopgraph

BATCH = 20
Graphs = dict[str, frozenset[str]]


def graphs(store: Path) -> Graphs:
    """Every named graph of a store as a set of N-Triples lines (no blank nodes are minted)."""
    import pyoxigraph as ox

    from coopgraph.store import Store

    with Store(store, read_only=True) as opened:
        return {
            name: frozenset(
                ox.serialize([q.triple for q in opened.quads(name)], format=ox.RdfFormat.N_TRIPLES)
                .decode()
                .splitlines()
            )
            for name in opened.named_graphs()
        }


def ingest_all(store: Path, folder: Path) -> list:
    """In this process, one report after another (to sort the corpus, not as the reference)."""
    from coopgraph.iris import Minter
    from coopgraph.pipeline import ingest_paths
    from coopgraph.store import Store

    with Store(store) as opened:
        return ingest_paths([folder], opened, Minter(TEST_BASE_IRI), jobs=1)


def cli_ingest(store: Path, folder: Path) -> None:
    """A clean ingest as an operator runs it: the real command, a fresh process."""
    done = subprocess.run(ingest_command(store, folder), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


def older_version(text: str) -> str:
    """The same report without its last data row: an earlier draft, a different graph."""
    head, _, _last = text.rstrip("\n").rpartition("\n\n\t")
    return head + "\n"


@dataclass
class Batch:
    new: Path  # folder of report files (the batch to ingest)
    old_store: Path  # a store holding an older version of every report
    old: Graphs
    new_graphs: Graphs  # a clean ingest of the batch


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    root = tmp_path_factory.mktemp("faults")
    corpus = root / "corpus"
    subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "generate_corpus.py"),
            "--reports",
            "32",
            "--rows-per-report",
            "40",
            "--seed",
            "3",
            "--out",
            str(corpus),
        ],
        check=True,
        capture_output=True,
    )
    # Keep reports whose new and old versions both ingest cleanly (the generator's corpus has
    # reports the extractor still rejects; those test nothing here).
    new, old = root / "new", root / "old"
    new.mkdir()
    old.mkdir()
    for path in sorted(corpus.glob("*.txt")):
        shutil.copy(path, new / path.name)
        (old / path.name).write_text(older_version(path.read_text(encoding="utf-8")), encoding="utf-8")
    for folder in (new, old):
        for outcome in ingest_all(root / f"probe-{folder.name}", folder):
            if not outcome.ok:
                (new / outcome.path.name).unlink(missing_ok=True)
                (old / outcome.path.name).unlink(missing_ok=True)
    for path in sorted(new.glob("*.txt"))[BATCH:]:
        path.unlink()
        (old / path.name).unlink()
    assert len(list(new.glob("*.txt"))) >= 12, "too few reports of the corpus ingest"
    old_store, new_store = root / "old-store", root / "new-store"
    cli_ingest(old_store, old)
    cli_ingest(new_store, new)
    old_graphs, new_graphs = graphs(old_store), graphs(new_store)
    changed = [g for g in new_graphs if old_graphs.get(g) != new_graphs[g] and "/graph/" in g]
    assert len(changed) >= 12
    return Batch(new, old_store, old_graphs, new_graphs)


def versions_written(store: Path) -> int:
    """Report versions in the store's archive: one more per report stored (the published
    generation moves less often, see the setting publish_interval)."""
    return len(list((store / "archive" / "history").glob("*/v*.nt.gz")))


def assert_consistent(store: Path, batch: Batch, *, allow_absent: bool = False) -> dict[str, int]:
    found = graphs(store)
    tally = {"old": 0, "new": 0, "absent": 0}
    for name, new in batch.new_graphs.items():
        here = found.get(name)
        if here is None:
            assert allow_absent or name not in batch.old, f"{name} vanished"
            tally["absent"] += 1
        elif here == new:
            tally["new"] += 1
        else:
            assert here == batch.old.get(name), f"{name} is neither its old nor its new version"
            tally["old"] += 1
    assert not any(name.startswith("urn:coopgraph:staging:") for name in found)
    assert set(found) <= set(batch.new_graphs) | set(batch.old)
    return tally


def ingest_command(store: Path, folder: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "coopgraph.cli",
        "--store",
        str(store),
        "--base-iri",
        TEST_BASE_IRI,
        "ingest",
        "--quiet",
        str(folder),
    ]


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", [3, 8, 14], ids=lambda n: f"after-{n}-writes")
def test_kill_9_mid_batch_leaves_each_report_old_or_new(batch, tmp_path, kill_after):
    store = tmp_path / "store"
    shutil.copytree(batch.old_store, store)
    start = versions_written(store)
    process = subprocess.Popen(
        ingest_command(store, batch.new), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while versions_written(store) < start + kill_after and process.poll() is None:
        if time.monotonic() > deadline:
            break
        time.sleep(0.002)
    time.sleep(0.003 * kill_after)  # land inside the next report's write, not just after one
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the batch finished before the kill: use a larger corpus"
    assert_consistent(store, batch)  # what readers see: the last checkpoint published
    Store(store).close()  # the next writer publishes what the killed one stored since
    tally = assert_consistent(store, batch)
    print(f"\n[kill -9 after {kill_after} writes] reports new {tally['new']}, old {tally['old']}")
    assert tally["new"] >= 1 and tally["old"] >= 1
    # Re-running the batch completes and gives exactly the clean ingest.
    rerun = subprocess.run(ingest_command(store, batch.new), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert graphs(store) == {**batch.old, **batch.new_graphs}


def mount_small_tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True, text=True
    )
    return done.returncode == 0


def limit_file_size() -> None:  # the fallback when mounting is refused: files stop at 3 MB
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (3 * 1024 * 1024, 3 * 1024 * 1024))


@pytest.mark.slow
def test_a_full_disk_gives_a_clear_error_and_a_consistent_store(batch, tmp_path):
    disk = tmp_path / "disk"
    mounted = mount_small_tmpfs(disk, "4m")
    try:
        store = disk / "store"
        done = subprocess.run(
            ingest_command(store, batch.new),
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "COLUMNS": "400"},
            preexec_fn=None if mounted else limit_file_size,
        )
        output = done.stdout + done.stderr
        print(
            f"\n[full disk, {'tmpfs 4 MB' if mounted else 'RLIMIT_FSIZE 3 MB'}] exit {done.returncode}: "
            + output.strip().splitlines()[-1][:200]
        )
        assert done.returncode == 1
        assert "Traceback" not in output, output[-3000:]
        assert any(words in output for words in ("disk is full", "No space left", "File too large"))
        copy = tmp_path / "copy"
        shutil.copytree(store, copy)
    finally:
        if mounted:
            subprocess.run(["umount", str(disk)], check=True)
    tally = assert_consistent(copy, batch, allow_absent=True)
    assert tally["absent"] >= 1  # the disk filled before the batch was done


def test_a_locked_store_gives_a_clear_error(batch, tmp_path):
    from coopgraph.store import Store

    store = tmp_path / "store"
    shutil.copytree(batch.old_store, store)
    with Store(store):  # another process's ingest would hold this lock
        for args in (("ingest", "--quiet", str(batch.new)), ("remove", "x"), ("restore", str(tmp_path))):
            done = coopgraph(*args, store=store)
            assert done.returncode == 1, (args, done.stderr)
            assert "locked by another process" in done.stderr and "Traceback" not in done.stderr
        # Readers are not blocked by a writer.
        assert coopgraph("stats", store=store).returncode == 0
    assert graphs(store) == batch.old


@pytest.fixture
def filled(batch, tmp_path) -> Iterator[Path]:
    store = tmp_path / "store"
    shutil.copytree(batch.old_store, store)
    yield store


def test_backup_and_restore_round_trip_through_the_cli(batch, filled, tmp_path):
    folder = tmp_path / "backup"
    done = coopgraph("backup", str(folder), store=filled)
    assert done.returncode == 0, done.stderr
    # The report archive (source files, versions) goes along in its own folder.
    assert {p.name for p in folder.iterdir()} == {"store.nq", "manifest.json", "archive"}
    # Into an empty store.
    empty = tmp_path / "empty"
    assert coopgraph("restore", str(folder), store=empty).returncode == 0
    assert graphs(empty) == batch.old
    # Over a store that moved on: newer reports, a removed one, an extra graph.
    moved = tmp_path / "moved"
    shutil.copytree(filled, moved)
    assert coopgraph("ingest", "--quiet", str(batch.new), store=moved).returncode == 0
    report = sorted(g for g in batch.old if "/graph/" in g and not g.endswith(("ontology", "gazetteer")))[0]
    assert coopgraph("remove", report.rsplit("/", 1)[1], store=moved).returncode == 0
    assert graphs(moved) != batch.old
    restored = coopgraph("restore", str(folder), store=moved)
    assert restored.returncode == 0, restored.stderr
    assert graphs(moved) == batch.old


def test_a_corrupt_backup_is_refused_and_the_store_kept(batch, filled, tmp_path):
    folder = tmp_path / "backup"
    assert coopgraph("backup", str(folder), store=filled).returncode == 0
    data = folder / "store.nq"
    text = data.read_bytes()
    data.write_bytes(text.replace(b"<", b"(", 1))
    done = coopgraph("restore", str(folder), store=filled)
    assert done.returncode == 1 and "checksum" in done.stderr and "Traceback" not in done.stderr
    data.write_bytes(text[: len(text) // 2])
    assert coopgraph("restore", str(folder), store=filled).returncode == 1
    (folder / "manifest.json").write_text("{not json")
    done = coopgraph("restore", str(folder), store=filled)
    assert done.returncode == 1 and "manifest" in done.stderr and "Traceback" not in done.stderr
    assert coopgraph("restore", str(tmp_path / "nowhere"), store=filled).returncode == 1
    assert graphs(filled) == batch.old
