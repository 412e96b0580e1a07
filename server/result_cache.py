"""Answers of the query workers, kept per store generation so a repeated query costs a look-up.

The key is everything that shapes an answer's bytes: the query text, the protocol dataset, the
format, the base IRI and prefixes (`fingerprint` of the `Job`), with the generation of the
checkpoint the worker read. A write moves the generation, so an answer never outlives its data:
the entries of older generations are dropped when the first answer of a newer one arrives.
The cache lives in the server process, shared by its request threads (each worker pool has one);
a hit does not borrow a worker, so a repeated page or query stays cheap while the workers are
busy with a runaway. Entries are kept least recently used first within a byte budget (setting
``query_cache_mb``; 0 turns the cache off); errors and timeouts are never kept, nor answers of
a SPARQL server (reading its generation would cost a round trip per query).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coopgraph.server.query_workers import Job, Result


def fingerprint(job: Job) -> str:
    """A short, stable name of everything in `job` that shapes its answer (the ETag's tail)."""
    parts = (
        job.kind,
        job.text,
        job.tabular_format,
        job.graph_format,
        None if job.default_graphs is None else tuple(job.default_graphs),
        None if job.named_graphs is None else tuple(job.named_graphs),
        job.union_default_graph,
        job.base_iri,
        tuple(sorted(job.prefixes.items())),
        job.check,
        job.max_rows,
    )
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:24]


class ResultCache:
    """Query answers by (generation, fingerprint), least recently used first out of `max_bytes`."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max(0, int(max_bytes))
        self._lock = threading.Lock()
        self._generation: int | None = None
        self._entries: OrderedDict[str, Result] = OrderedDict()
        self._size = 0
        self.hits = 0  # answers served from the cache (for diagnostics and tests)
        self.misses = 0

    def get(self, generation: int, key: str) -> Result | None:
        with self._lock:
            found = self._entries.get(key) if generation == self._generation else None
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: str, result: Result) -> None:
        size = len(result.body)
        if result.generation is None or size > self.max_bytes // 4:  # one answer may not flush the rest
            return
        with self._lock:
            if self._generation is not None and result.generation < self._generation:
                return  # read from a checkpoint already replaced: not worth keeping
            if result.generation != self._generation:
                self._generation = result.generation
                self._entries.clear()
                self._size = 0
            old = self._entries.pop(key, None)
            self._size += size - (0 if old is None else len(old.body))
            self._entries[key] = result
            while self._size > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped.body)
