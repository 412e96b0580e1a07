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
from typing import TYPE_CHECKING

from coopgraph.server.generation_cache import GenerationCache

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


class ResultCache(GenerationCache):
    """Query answers by (generation, fingerprint), least recently used first out of `max_bytes`."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(max_bytes, size=lambda result: len(result.body))

    def keep(self, key: str, result: Result) -> None:
        """Keep a worker's answer under the generation it read (a SPARQL server's has none)."""
        if result.generation is not None:
            self.put(result.generation, key, result)
