"""Rows of the canned queries' SELECTs, evaluated by the killable query workers.

A canned query runs where an analyst's does: in a worker process that the query timeout can
kill, so `/queries/NAME` over a large store cannot hold a request thread (and its CPU) for
longer than `query_timeout`; its answer is cached until the next write (`result_cache`), so a
repeated canned query costs a look-up. The worker writes SPARQL TSV, which pyoxigraph reads back
into the same terms. The browsing pages do not come here: they must be answered while runaway
queries fill every worker (tests/hostile/test_runaway_queries.py), so they keep running in the
request thread, bounded by their LIMIT and cached by the HTTP validators.
Without a worker pool (an app built without the SPARQL blueprint) the store answers in-thread.
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import current_app
from werkzeug.exceptions import ServiceUnavailable

from coopgraph.server.app_context import this_app
from coopgraph.server.query_workers import Job, QueryError, Result
from coopgraph.store import GraphStore

CHOICE_ROWS = 1_000_000  # a drop-down's values (GROUP BY over a few keys); the byte cap still holds


def run_select(store: GraphStore, text: str, *, max_rows: int | None = None) -> Result:
    """The worker's answer to `text` as SPARQL TSV (`max_rows`: None for the max_rows setting)."""
    app = this_app()
    pool = app.extensions["coopgraph.query_workers"]
    job = Job("query", text, tabular_format="tsv", max_rows=max_rows)
    try:
        return pool.run(job, generation=store.generation())
    except QueryError as exc:
        if exc.status == 503:  # timeout, busy workers, store locked: the page can be asked again
            raise ServiceUnavailable(exc.message, retry_after=1) from None
        raise


def solutions(result: Result) -> ox.QuerySolutions:
    parsed = ox.parse_query_results(result.body, format=ox.QueryResultsFormat.TSV)
    assert isinstance(parsed, ox.QuerySolutions)  # TSV holds solutions, never a boolean
    return parsed


def select(store: GraphStore, text: str) -> list:
    """Every solution of a bounded SELECT (`row["var"]` as from `store.query`)."""
    if "coopgraph.query_workers" not in current_app.extensions:
        return list(store.query(text))
    return list(solutions(run_select(store, text, max_rows=CHOICE_ROWS)))
