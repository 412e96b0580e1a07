"""Run analysts' SPARQL in worker processes that can be killed when they run too long.

Oxigraph cannot interrupt a running query, and a thread cannot be killed, so the only way to
make the query timeout stop the *work* (not just the response) is a separate process. The pool
keeps `size` workers (multiprocessing 'forkserver' context: workers fork from a server process
that has already imported pyoxigraph, so a replacement is ready in milliseconds, and no state of
the multi-threaded WSGI server is forked). Each worker opens the store read-only and reopens it
when the store's generation counter moves. A request thread borrows an idle worker, sends the
job, and waits at most `timeout` seconds for the serialised result; on timeout it SIGKILLs the
worker and starts a fresh one, while the other workers keep answering other requests.

A worker exits when the server process goes away, even mid-query (a watchdog thread polls the
server's pid; pyoxigraph releases the GIL while evaluating, so the watchdog runs meanwhile).

Memory: a cartesian product with ORDER BY grows a worker by ~500 MB a second, so the timeout
alone would let a few analysts exhaust the machine. Each worker caps its address space
(RLIMIT_AS) at `COOPGRAPH_WORKER_MEMORY_MB` (environment, default 2048; 0 = no cap; the
address space includes ~600 MB that the interpreter, pyoxigraph and RocksDB reserve without
using). A query that hits the cap kills its worker (the allocator aborts); the client gets a 503
naming the cap and a fresh worker takes the dead one's place.

Network: a worker over an embedded store cannot open network sockets (`network_wall`, a seccomp
filter raised before the first job), so even a query that slipped past `query_safety` cannot call
out. Where the filter is unavailable the setting `network_wall` decides: `required` (default)
answers every query with 503 naming the setting, `warn` logs a warning and runs without it. A
worker over a remote SPARQL server needs the network to reach it and runs without the wall.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import queue
import re
import resource
import signal
import threading
import time
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

# Imported here so that the forkserver preloads them once for every worker it forks.
import pyoxigraph as ox
import rdflib.plugins.sparql.parser  # noqa: F401 - the grammar of the parse-based check

from coopgraph.errors import CoopgraphError, StoreError
from coopgraph.lifeline import end_with
from coopgraph.server.network_wall import WALL_SETTING_VALUES, raise_wall, refusal_message
from coopgraph.server.query_safety import UnsafeOperation, check
from coopgraph.server.result_cache import ResultCache, fingerprint
from coopgraph.server.results import (
    ResultTooLarge,
    serialize_boolean,
    serialize_triples,
    write_solutions,
)
from coopgraph.store import GraphStore, is_remote, open_store
from coopgraph.store.reader import StoreReader

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
DEFAULT_CACHE_BYTES = 64 * 1024 * 1024  # the query_cache_mb setting's default
WORKER_MEMORY_ENV = "COOPGRAPH_WORKER_MEMORY_MB"
DEFAULT_WORKER_MEMORY_MB = 2048


def worker_memory_limit(env: dict[str, str] | None = None) -> int | None:
    """The address-space cap of a query worker in bytes (None: no cap), from the environment."""
    raw = (os.environ if env is None else env).get(WORKER_MEMORY_ENV, "").strip()
    try:
        megabytes = int(raw) if raw else DEFAULT_WORKER_MEMORY_MB
    except ValueError:
        raise CoopgraphError(f"{WORKER_MEMORY_ENV}={raw!r}: expected a whole number of megabytes") from None
    return megabytes * 1024 * 1024 if megabytes > 0 else None


def _limit_memory(limit: int | None) -> None:
    if limit is None:
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


@dataclass(frozen=True)
class Job:
    kind: str  # "query" or "update"
    text: str
    tabular_format: str | None = None  # format name for SELECT/ASK results (None: not acceptable)
    graph_format: str | None = None  # format name for CONSTRUCT/DESCRIBE results
    default_graphs: list[str] | None = None  # protocol dataset (None: not given)
    named_graphs: list[str] | None = None
    union_default_graph: bool = True  # default graph = union of named graphs when no dataset given
    base_iri: str | None = None
    prefixes: dict[str, str] = field(default_factory=dict)  # for Turtle/JSON-LD output
    check: bool = False  # run query_safety's parse-based check here (slow work, under the timeout)
    max_rows: int | None = None  # the pool's row cap unless set (a canned query's drop-down values)


@dataclass(frozen=True)
class Result:
    body: bytes
    format: str | None  # format name, None for updates
    truncated: bool = False
    generation: int | None = None  # of the store checkpoint the answer was read from


class QueryError(Exception):
    """A query failed in a way the client should hear about; `status` is the HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# ---------------------------------------------------------------------------- worker side


def syntax_message(text: str, error: SyntaxError) -> str:
    """Oxigraph's "error at 2:16: expected ..." as a message with the line and a caret."""
    message = str(error)
    match = re.match(r"error at (\d+):(\d+): (.*)", message, re.DOTALL)
    if not match:
        return f"SPARQL syntax error: {message}"
    line, column, detail = int(match[1]), int(match[2]), _readable(match[3])
    lines = text.splitlines() or [""]
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    # A 24 KB one-line body must not come back whole: show a window around the column.
    start = max(0, column - 1 - _CONTEXT)
    shown = (
        ("…" if start else "")
        + source[start : column - 1 + _CONTEXT]
        + ("…" if len(source) > column + _CONTEXT else "")
    )
    caret = column - start + (1 if start else 0)
    where = f"SPARQL syntax error at line {line}, column {column}"
    return f"{where}: {detail[:300]}\n  {shown}\n  {' ' * (caret - 1)}^"


_CONTEXT = 60  # characters of the offending line shown on each side of a syntax error


def _readable(detail: str) -> str:
    """Oxigraph lists expected characters as Rust ranges; name them instead."""
    detail = re.sub(r"\['A' \.\.= 'Z'[^\]]*\]", "a letter", detail)
    detail = re.sub(r"\['0'\s*\.\.=\s*'9'\]", "a digit", detail)
    detail = re.sub(r",?\s*\[_\]", "", detail)  # rust-peg's "any character": noise here
    return detail.replace("\n", " ")


class WorkerState:
    """The worker's read-only store (reopened after writes) and the job runner."""

    def __init__(self, location: str, max_rows: int, max_bytes: int, wall_missing: str | None = None) -> None:
        self.location = location
        self.wall_missing = wall_missing  # why the network wall is down and queries must not run
        self.remote = is_remote(location)
        self.max_rows = max_rows
        self.max_bytes = max_bytes
        # The same reader as the pages': the current checkpoint, followed after each write.
        # With a SPARQL server, killing this worker on timeout does not stop the server's
        # work: set the server's own limit.
        self.reader = StoreReader(location)

    def store(self) -> GraphStore:
        return self.reader.get()

    def _close(self) -> None:
        self.reader.close()

    def run(self, job: Job) -> tuple[str, Any]:
        if self.wall_missing is not None:
            return "error", (503, self.wall_missing)
        try:
            if job.check:
                job = self._checked(job)
            return "ok", self._update(job) if job.kind == "update" else self._query(job)
        except SyntaxError as exc:
            return "error", (400, syntax_message(job.text, exc))
        except MemoryError:
            return "error", (503, _OUT_OF_MEMORY)
        except Exception as exc:  # an evaluation error is the analyst's to read, not a crash
            return "error", self._failure(exc)

    def _failure(self, exc: Exception) -> tuple[int, str]:
        """(HTTP status, message) for a job that raised `exc`."""
        if isinstance(exc, UnsafeOperation):
            return 400, str(exc)
        if isinstance(exc, _NotAcceptable):
            return 406, str(exc)
        if isinstance(exc, ResultTooLarge):
            return 500, f"{exc} (query result byte cap); add LIMIT or select fewer columns"
        walled = None if self.remote else refusal_message(exc)  # LOAD stopped by the wall
        if walled is not None:
            return 400, walled
        if isinstance(exc, StoreError):
            unavailable = "locked" in str(exc) or "read-only volume" in str(exc)  # a state, not a bug
            return 503 if unavailable else 500, str(exc)
        return 500, f"query evaluation failed: {type(exc).__name__}: {exc}"

    def _checked(self, job: Job) -> Job:
        """The parse-based check (raises UnsafeOperation); a FROM in the query sets the dataset."""
        known = set(self.store().named_graphs())
        found = check(job.text, update=job.kind == "update", known_graphs=known)
        return replace(job, union_default_graph=job.union_default_graph and not found.has_dataset_clause)

    def _query(self, job: Job) -> Result:
        # Through the store's public query() (the embedded store, or any store with its API).
        kwargs: dict[str, Any] = {"use_default_graph_as_union": job.union_default_graph}
        if job.default_graphs is not None or job.named_graphs is not None:
            kwargs = {
                "use_default_graph_as_union": False,
                "default_graph": [ox.NamedNode(g) for g in job.default_graphs or []],
                "named_graphs": [ox.NamedNode(g) for g in job.named_graphs or []],
            }
        store = self.store()
        # The generation of the checkpoint this store reads: the cache key. A SPARQL server's
        # would cost a round trip per query, and its answers are not cached.
        generation = None if self.remote else store.generation()
        result = store.query(job.text, base_iri=job.base_iri, **kwargs)
        caps = {
            "max_rows": self.max_rows if job.max_rows is None else job.max_rows,
            "max_bytes": self.max_bytes,
        }
        if isinstance(result, (bool, ox.QueryBoolean)):
            fmt = job.tabular_format
            if fmt not in ("json", "xml"):
                raise _NotAcceptable("ASK results come as SPARQL JSON or XML only")
            return Result(serialize_boolean(bool(result), fmt), fmt, generation=generation)
        if hasattr(result, "variables"):
            fmt = job.tabular_format
            if fmt is None:
                raise _NotAcceptable("SELECT results come as SPARQL JSON, XML, CSV or TSV")
            body, truncated = write_solutions(result, fmt, **caps)
            return Result(body, fmt, truncated, generation)
        fmt = job.graph_format
        if fmt is None:
            raise _NotAcceptable("CONSTRUCT/DESCRIBE results come as Turtle, N-Triples, JSON-LD or RDF/XML")
        body, truncated = serialize_triples(iter(result), fmt, prefixes=job.prefixes, **caps)
        return Result(body, fmt, truncated, generation)

    def _update(self, job: Job) -> Result:
        """Open the store read-write just for this update (one writer at a time, RocksDB's rule)."""
        self._close()
        store = open_store(self.location)
        try:
            store.update(job.text, base_iri=job.base_iri)  # bumps the generation: readers reopen
        finally:
            store.close()
        return Result(b"", None)


class _NotAcceptable(Exception):
    pass


_OUT_OF_MEMORY = (
    f"the query needed more memory than a query worker may use ({WORKER_MEMORY_ENV}) and was "
    "stopped; add LIMIT, narrow the patterns, or avoid ORDER BY over a cartesian product"
)


def _worker_main(
    conn: Connection,
    server: int,
    store_path: str,
    max_rows: int,
    max_bytes: int,
    memory: int | None = None,
    wall: str = "required",
) -> None:
    _limit_memory(memory)
    wall_missing = raise_wall(store_path, wall)  # before any thread starts
    end_with(server)  # the server's pid: a worker's parent is the fork server
    state = WorkerState(store_path, max_rows, max_bytes, wall_missing)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(state.run(job))


# ---------------------------------------------------------------------------- pool side


class _Worker:
    def __init__(
        self,
        context: Any,
        store_path: str,
        max_rows: int,
        max_bytes: int,
        memory: int | None = None,
        wall: str = "required",
    ) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main,
            args=(child, os.getpid(), store_path, max_rows, max_bytes, memory, wall),
            daemon=True,
            name="coopgraph-query-worker",
        )
        self.process.start()
        child.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class WorkerPool:
    """`size` killable query workers over one store."""

    def __init__(
        self,
        store_path: str | Path,
        *,
        size: int = 2,
        timeout: float = 10.0,
        max_rows: int = 10000,
        max_bytes: int = DEFAULT_MAX_BYTES,
        network_wall: str = "required",
        cache_bytes: int = DEFAULT_CACHE_BYTES,
    ) -> None:
        if network_wall not in WALL_SETTING_VALUES:
            raise CoopgraphError(
                f"network_wall={network_wall!r}: expected one of {', '.join(WALL_SETTING_VALUES)}"
            )
        self.network_wall = network_wall
        self.store_path = str(store_path)
        self.size = max(1, int(size))
        self.timeout = float(timeout)
        self.max_rows = int(max_rows)
        self.max_bytes = int(max_bytes)
        self.memory = worker_memory_limit()  # read once: a bad value fails at start, not mid-request
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["coopgraph.server.query_workers"])
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._started = False
        self.kills = 0  # workers killed on timeout (for /healthz-style diagnostics and tests)
        self.cache = ResultCache(cache_bytes)
        atexit.register(self.close)

    def _spawn(self) -> _Worker:
        worker = _Worker(
            self._context, self.store_path, self.max_rows, self.max_bytes, self.memory, self.network_wall
        )
        with self._lock:
            self._all.add(worker)
        return worker

    def _start(self) -> None:
        with self._lock:
            if self._started:
                return
            self._started = True
        for _ in range(self.size):
            self._idle.put(self._spawn())

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker and put a fresh one in its place."""
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        self._idle.put(self._spawn())

    def _acquire(self) -> _Worker:
        """An idle, living worker (one that died while idle, say of memory, is replaced)."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise QueryError(
                    503,
                    f"all {self.size} query workers stayed busy for {self.timeout:g} s "
                    "(setting query_workers); try again shortly",
                ) from None
            if worker.process.is_alive():
                return worker
            self._retire(worker)

    def run(self, job: Job, *, generation: int | None = None) -> Result:
        """Run a job in a worker; raises QueryError (timeout, busy, syntax, ...). With the
        `generation` the caller reads, a query answered before in that generation comes from
        the cache without a worker."""
        key = fingerprint(job) if job.kind == "query" else None
        if key is not None and generation is not None:
            found = self.cache.get(generation, key)
            if found is not None:
                return found
        result = self._in_worker(job)
        if key is not None:
            self.cache.keep(key, result)
        return result

    def _in_worker(self, job: Job) -> Result:
        self._start()
        worker = self._acquire()
        try:
            worker.conn.send(job)
            if not worker.conn.poll(self.timeout):
                self.kills += 1
                self._retire(worker)
                what = "update" if job.kind == "update" else "query"
                raise QueryError(
                    503,
                    f"{what} exceeded the {self.timeout:g} s limit (setting query_timeout) and was "
                    "stopped; add LIMIT, narrow the patterns, or ask the operator to raise query_timeout",
                )
            outcome = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            worker.process.join(timeout=2)
            aborted = worker.process.exitcode == -signal.SIGABRT  # the allocator hit RLIMIT_AS
            self._retire(worker)
            if aborted and self.memory is not None:
                raise QueryError(503, _OUT_OF_MEMORY) from None
            raise QueryError(500, "the query worker died while running this query") from None
        self._idle.put(worker)
        status, payload = outcome
        if status == "ok":
            return payload
        raise QueryError(*payload)

    def close(self) -> None:
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()
