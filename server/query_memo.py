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

from typing import Any, cast

import pyoxigraph as ox
from flask import Flask

from coopgraph.server.generation_cache import GenerationCache
from coopgraph.store import GraphStore, QueryResult, RemoteStore

BYTES_PER_ROW = 256  # a rough size of one kept solution, to turn the megabytes into rows


class Solutions(list):
    """A kept SELECT answer: its solutions, iterable any number of times, with `variables`."""

    def __init__(self, variables: list[ox.Variable], rows: list[ox.QuerySolution]) -> None:
        super().__init__(rows)
        self.variables = variables


def _rows(answer: Any) -> int:
    """An answer's weight in rows: a kept SELECT its solutions, a count one."""
    return len(answer) if isinstance(answer, Solutions) else 1


class QueryMemo(GenerationCache):
    """SELECT answers by (generation, query), least recently used first out of a budget of rows
    (or of what `size` counts: the bytes of written bodies)."""

    @classmethod
    def for_megabytes(cls, megabytes: float) -> QueryMemo:
        """Rows of SELECT answers in half of `megabytes`."""
        return cls(int(megabytes * 2**20 / 2 / BYTES_PER_ROW), size=_rows)


class RememberingStore:
    """`store` whose SELECT answers are kept in `memo` for its generation; everything else is
    the store's own."""

    def __init__(self, store: GraphStore, memo: QueryMemo) -> None:
        self._store = store
        self._memo = memo

    def query(self, sparql: str, **options: Any) -> QueryResult | Solutions:
        if self._memo.max_size == 0 or isinstance(self._store, RemoteStore):
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

    def count(self, graph_iri: str | None = None) -> int:
        """The store's triple count (the home page's; a full scan at a million triples)."""
        if self._memo.max_size == 0 or isinstance(self._store, RemoteStore):
            return self._store.count(graph_iri)
        generation, key = self._store.generation(), ("count", graph_iri)
        found = self._memo.get(generation, key)
        if found is None:
            found = self._store.count(graph_iri)
            self._memo.put(generation, key, found)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def install(app: Flask) -> None:
    megabytes = float(app.config["COOPGRAPH"].get("query_cache_mb", 64))
    app.extensions["coopgraph.query_memo"] = QueryMemo.for_megabytes(megabytes)
    # Canned queries' written bodies (JSON, CSV): their answers are kept by the query workers'
    # cache as TSV, but turning 10,000 rows into JSON costs more than the look-up.
    app.extensions["coopgraph.canned_bodies"] = QueryMemo(
        int(megabytes * 2**20 / 2), size=lambda kept: len(kept[0])
    )


def page_store(app: Flask) -> GraphStore:
    """The app's store as the pages read it: SELECT answers kept for the generation."""
    store = app.extensions["coopgraph.store"].get()
    return cast(GraphStore, RememberingStore(store, app.extensions["coopgraph.query_memo"]))
