"""The pages' own SELECT answers, kept per store generation so a repeated page costs a look-up.

A list page runs the same handful of queries for every visitor (the count, the page of rows, the
sectors, regions and reports of its filters, the labels of what it shows); at a million triples
they cost hundreds of milliseconds each, in the request thread. Their answers depend only on the
query text (parameters are bound into it) and the data, so they are kept, keyed by the text,
until the store's generation moves. The answers live in the server process, shared by its
request threads, least recently used first out of a budget of rows of its own (half of
``query_cache_mb`` at an estimated 256 bytes a row; 0 turns it off). Answers of a SPARQL server are not kept:
reading its generation costs a round trip per query.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, cast

import pyoxigraph as ox
from flask import Flask

from coopgraph.store import GraphStore, QueryResult, RemoteStore

BYTES_PER_ROW = 256  # a rough size of one kept solution, to turn the megabytes into rows


class Solutions(list):
    """A kept SELECT answer: its solutions, iterable any number of times, with `variables`."""

    def __init__(self, variables: list[ox.Variable], rows: list[ox.QuerySolution]) -> None:
        super().__init__(rows)
        self.variables = variables


class QueryMemo:
    """SELECT answers by (generation, query), least recently used first out of `max_rows`."""

    def __init__(self, max_rows: int) -> None:
        self.max_rows = max(0, int(max_rows))
        self._lock = threading.Lock()
        self._generation: int | None = None
        self._entries: OrderedDict[tuple, Solutions] = OrderedDict()
        self._rows = 0
        self.hits = 0
        self.misses = 0

    @classmethod
    def for_megabytes(cls, megabytes: float) -> QueryMemo:
        return cls(int(megabytes * 2**20 / 2 / BYTES_PER_ROW))

    def get(self, generation: int, key: tuple) -> Solutions | None:
        with self._lock:
            found = self._entries.get(key) if generation == self._generation else None
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found

    def put(self, generation: int, key: tuple, answer: Solutions) -> None:
        if len(answer) > self.max_rows // 4:  # one answer may not flush the rest
            return
        with self._lock:
            if self._generation is not None and generation < self._generation:
                return  # read from a checkpoint already replaced
            if generation != self._generation:
                self._generation, self._rows = generation, 0
                self._entries.clear()
            old = self._entries.pop(key, None)
            self._rows += len(answer) + 1 - (0 if old is None else len(old) + 1)
            self._entries[key] = answer
            while self._rows > self.max_rows:
                _, dropped = self._entries.popitem(last=False)
                self._rows -= len(dropped) + 1


class RememberingStore:
    """`store` whose SELECT answers are kept in `memo` for its generation; everything else is
    the store's own."""

    def __init__(self, store: GraphStore, memo: QueryMemo) -> None:
        self._store = store
        self._memo = memo

    def query(self, sparql: str, **options: Any) -> QueryResult | Solutions:
        if self._memo.max_rows == 0 or isinstance(self._store, RemoteStore):
            return self._store.query(sparql, **options)
        generation = self._store.generation()
        key = (sparql, tuple(sorted((name, repr(value)) for name, value in options.items())))
        found = self._memo.get(generation, key)
        if found is not None:
            return found
        answer = self._store.query(sparql, **options)
        if not isinstance(answer, ox.QuerySolutions):
            return answer
        kept = Solutions(list(answer.variables), list(answer))
        self._memo.put(generation, key, kept)
        return kept

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def install(app: Flask) -> None:
    megabytes = float(app.config["COOPGRAPH"].get("query_cache_mb", 64))
    app.extensions["coopgraph.query_memo"] = QueryMemo.for_megabytes(megabytes)


def page_store(app: Flask) -> GraphStore:
    """The app's store as the pages read it: SELECT answers kept for the generation."""
    store = app.extensions["coopgraph.store"].get()
    return cast(GraphStore, RememberingStore(store, app.extensions["coopgraph.query_memo"]))
