"""Serving while the CLI ingests, corrects and removes reports (issue 15 §2): the short run of
`bench/serve_while_ingesting.py` against a real `coopgraph serve`, and the checkpoint rules
it relies on (readers never open the folder the writer changes; old checkpoints go only when
no reader holds them; a store from before checkpoints still opens)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from coopgraph.store import Store, checkpoints

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

import serve_while_ingesting  # noqa: E402


def test_eight_clients_read_while_the_cli_ingests_corrects_and_removes_with_no_5xx() -> None:
    result = serve_while_ingesting.soak(30, clients=8, reports=2, pause=0.2)
    assert result["operator_writes"] >= 2, result  # an ingest and a correction at the least
    assert result["requests"] > 50, result
    assert result["server_errors"] == 0, result
    assert result["errors"] == 0, result
    assert result["inconsistent"] == 0, result
    assert result["operator_failures"] == [], result


def test_a_reader_keeps_its_generation_while_the_writer_moves_on(writable_store: Path) -> None:
    reader = Store(writable_store, read_only=True)
    before, graphs = reader.generation(), reader.named_graphs()
    assert reader.data_path.parent.name == checkpoints.FOLDER  # a checkpoint, not the live folder
    with Store(writable_store) as writer:
        for graph in graphs:
            writer.remove_graph(graph)
        after = writer.generation()
    assert after == before + len(graphs)
    # The writer kept more than KEEP checkpoints' worth of writes: the held one is still there.
    assert reader.generation() == before and reader.named_graphs() == graphs
    assert reader.count() > 0
    reader.close()
    with Store(writable_store) as writer:
        writer.rebuild_union()  # any write collects what nobody holds any more
    names = sorted(p.name for p in (writable_store / checkpoints.FOLDER).iterdir())
    assert len(names) == checkpoints.KEEP and f"{before:010d}" not in names
    with Store(writable_store, read_only=True) as fresh:
        assert fresh.named_graphs() == [] and fresh.generation() == after + 1


def test_a_store_from_before_checkpoints_opens_and_gets_its_first_one(writable_store: Path) -> None:
    shutil.rmtree(writable_store / checkpoints.FOLDER)
    generation = checkpoints.read_generation(writable_store)
    with Store(writable_store, read_only=True) as reader:
        assert reader.generation() == generation
        assert reader.data_path == checkpoints.folder(writable_store, generation)
        assert reader.named_graphs()


def test_a_writer_killed_before_publishing_is_published_by_the_next_open(writable_store: Path) -> None:
    generation = checkpoints.read_generation(writable_store)
    (writable_store / checkpoints.UNPUBLISHED).touch()  # what a kill -9 mid-write leaves
    Store(writable_store).close()
    assert checkpoints.read_generation(writable_store) == generation + 1
    assert not (writable_store / checkpoints.UNPUBLISHED).exists()
