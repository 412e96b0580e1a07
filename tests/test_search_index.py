"""The lemmatised search index over the bundled report: what a Russian word finds, the index per
store generation, and builders that race.

Expected hits are read from the store itself (by the stem of the word in any form), not
written down here."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from coopgraph.iris import Minter
from coopgraph.ontology.vocab import sparql_prefixes
from coopgraph.pipeline import ingest_paths, remove_report
from coopgraph.search_index import SearchError, SearchIndex, index_folder
from coopgraph.store import Store
from coopgraph.store.reader import StoreReader

BASE = "https://coopgraph.example.org/"


@pytest.fixture(scope="module")
def loaded_store(bundled_report_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search") / "store"
    with Store(path) as store:
        outcomes = ingest_paths([bundled_report_path], store, Minter(BASE))
    assert all(o.ok for o in outcomes)
    return path


@pytest.fixture
def reader(loaded_store: Path) -> StoreReader:
    return StoreReader(loaded_store)


def _iris(store: object, where: str) -> set[str]:
    rows = store.query(sparql_prefixes() + f"SELECT DISTINCT ?x WHERE {{ {where} }}")
    return {r["x"].value for r in rows}


def _found(results: object, kind: str) -> set[str]:
    return {h.iri for h in results.groups.get(kind, [])}


def test_a_city_finds_its_organisations_events_and_region(reader: StoreReader, tmp_path: Path) -> None:
    store = reader.get()
    results = SearchIndex(tmp_path).search(store, "Гомель", limit=1000)
    stem = 'FILTER(CONTAINS(LCASE(STR(?t)), "гомел"))'
    orgs = _iris(store, f"?x a schema:Organization ; schema:name ?t . {stem}")
    events_in_text = _iris(store, f"?x a cg:CooperationEvent ; schema:description ?t . {stem}")
    events_held_there = _iris(store, f"?x a cg:CooperationEvent ; schema:location/schema:name ?t . {stem}")
    regions = _iris(store, f'?x cg:placeKind "region" ; schema:name ?t . {stem}')
    written_in_the_locative = _iris(
        store,
        "?x a cg:CooperationEvent ; cg:sourcePlace|schema:description|cg:sourceParticipants ?t . "
        'FILTER(CONTAINS(?t, "Гомеле"))',
    )
    assert orgs and events_held_there and regions and written_in_the_locative  # the report has them
    assert orgs <= _found(results, "organisation")
    assert events_in_text | events_held_there | written_in_the_locative <= _found(results, "event")
    assert regions <= _found(results, "region")


def test_a_word_finds_its_other_forms(reader: StoreReader, tmp_path: Path) -> None:
    store = reader.get()
    in_accusative = _iris(
        store,
        "?x a cg:CooperationEvent ; schema:name|schema:description ?t . "
        'FILTER(CONTAINS(LCASE(?t), "филармонию"))',
    )
    assert in_accusative
    results = SearchIndex(tmp_path).search(store, "филармония", limit=1000)
    assert in_accusative <= _found(results, "event")
    marked = [str(h.name_html) + str(h.excerpt_html) for h in results.groups["event"]]
    assert all("<mark>" in m for m in marked)
    assert any("<mark>филармонию</mark>" in m.lower() for m in marked)


def test_every_word_of_a_query_must_match(reader: StoreReader, tmp_path: Path) -> None:
    index = SearchIndex(tmp_path)
    one = index.search(reader.get(), "Гомель", limit=1000)
    both = index.search(reader.get(), "Гомель филармония", limit=1000)
    assert both.total < one.total
    assert {h.iri for hs in both.groups.values() for h in hs} <= {
        h.iri for hs in one.groups.values() for h in hs
    }


def test_a_query_without_words_is_refused(reader: StoreReader, tmp_path: Path) -> None:
    with pytest.raises(SearchError):
        SearchIndex(tmp_path).search(reader.get(), ' "…" !!! ')


def test_quotes_and_operators_in_a_query_are_words_not_syntax(reader: StoreReader, tmp_path: Path) -> None:
    results = SearchIndex(tmp_path).search(reader.get(), 'Гомель" OR NEAR(* AND')
    assert results.total == 0


def test_groups_are_cut_at_the_limit_and_count_the_rest(reader: StoreReader, tmp_path: Path) -> None:
    results = SearchIndex(tmp_path).search(reader.get(), "Смоленск", limit=2)
    assert any(results.totals[k] > 2 for k in results.groups)
    assert all(len(hits) <= 2 for hits in results.groups.values())
    body = results.as_json()
    assert body["total"] == sum(g["total"] for g in body["groups"])


def test_one_index_per_generation_and_a_write_moves_it(bundled_report_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "store"
    with Store(path) as store:
        ingest_paths([bundled_report_path], store, Minter(BASE))
    reader, index = StoreReader(path), SearchIndex(tmp_path / "index")
    before = index.search(reader.get(), "Гомель")
    assert before.groups.get("event")
    with Store(path) as store:
        assert remove_report(store, Minter(BASE), before.groups["event"][0].iri.split("/")[-2])
    after = index.search(reader.get(), "Гомель")
    assert after.generation > before.generation
    assert not after.groups.get("event")
    assert after.groups.get("region")  # the gazetteer stays
    files = sorted(p.name for p in (tmp_path / "index").glob("search-*.sqlite"))
    assert files == [index.path(before.generation).name, index.path(after.generation).name]


def test_only_the_current_and_the_previous_index_are_kept(bundled_report_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "store"
    reader, index = StoreReader(path), SearchIndex(tmp_path / "index")
    generations = []
    for _ in range(3):
        with Store(path) as store:
            ingest_paths([bundled_report_path], store, Minter(BASE))
            remove_report(store, Minter(BASE), "smolensk-belarus-2020-h1")
        generations.append(index.search(reader.get(), "Гомель").generation)
    kept = sorted(int(p.stem.split("-")[1]) for p in (tmp_path / "index").glob("search-*.sqlite"))
    assert kept == generations[-2:]


def test_racing_builders_build_once(reader: StoreReader, tmp_path: Path) -> None:
    index = SearchIndex(tmp_path)
    inodes: list[int] = []

    def search() -> None:
        _, target = SearchIndex(tmp_path).ensure(reader.get())
        inodes.append(os.stat(target).st_ino)

    threads = [threading.Thread(target=search) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(inodes) == 4 and len(set(inodes)) == 1  # a second build would have replaced the file
    assert not list(tmp_path.glob(".search-*.tmp"))
    assert index.search(reader.get(), "Гомель").total


def test_the_index_folder_follows_the_store() -> None:
    assert index_folder("data/store") == Path("data/store/search-index")
    assert index_folder("data/store", "/var/cache/cg") == Path("/var/cache/cg")
    remote = index_folder("http://127.0.0.1:7878/query")
    assert (remote.parent.name, remote.name) == ("search", "127-0-0-1-7878-query")


def test_after_a_write_the_server_mode_answers_from_the_previous_index_until_the_new_one_is_built(
    bundled_report_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "store"
    with Store(path) as store:
        ingest_paths([bundled_report_path], store, Minter(BASE))
    reader = StoreReader(path)
    index = SearchIndex(tmp_path / "index", stale_while_building=True)
    first = index.search(reader.get(), "Гомель")  # no older index: this one waits for its build
    assert not first.stale and first.groups.get("event")
    with Store(path) as store:
        remove_report(store, Minter(BASE), "smolensk-belarus-2020-h1")
    meanwhile = index.search(reader.get(), "Гомель")
    assert meanwhile.stale and meanwhile.generation == first.generation
    assert meanwhile.as_json()["stale"] is True
    index.wait(timeout=120)
    after = index.search(reader.get(), "Гомель")
    assert not after.stale and after.generation > first.generation
    assert not after.groups.get("event")
