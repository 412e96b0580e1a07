"""Shared helpers of the benchmarks: cached stores of N triples, servers on loopback, timing, tables.

A store of a given size is built once from the synthetic corpus (``generate_corpus``, seeded)
through the real ingest pipeline and kept under the cache folder (``--cache``, default
``/tmp/coopgraph-bench``); later runs reuse it. Next to it the cache keeps the same data as
N-Quads (for ``oxigraph load`` and rdflib-endpoint) and an ``oxigraph serve`` location loaded
from that file. Every server is a separate process bound to 127.0.0.1 on a free port.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import math
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

DEFAULT_CACHE = Path("/tmp/coopgraph-bench")
BIN = Path(sys.executable).parent
SEED = "bench"
# rows of the corpus per size (about 55 triples a row plus ~4k static triples; the 1M recipe
# is the one the issue gives: 80 reports x 220 rows, two reporting regions)
RECIPES: dict[str, dict] = {
    "10k": {"reports": 1, "rows_per_report": 110, "regions": ("smolensk",)},
    "100k": {"reports": 8, "rows_per_report": 220, "regions": ("smolensk", "pskov")},
    "1m": {"reports": 80, "rows_per_report": 220, "regions": ("smolensk", "pskov")},
}


def parse_sizes(text: str) -> list[str]:
    sizes = [s.strip().lower() for s in text.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in RECIPES]
    if unknown:
        raise SystemExit(f"unknown size(s) {unknown}; choose from {', '.join(RECIPES)}")
    return sizes


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- cached stores


@dataclass(frozen=True)
class BenchStore:
    size: str
    root: Path  # the cache folder of this size
    triples: int  # quads in the report, ontology and gazetteer graphs
    rows: int
    reports: int

    @property
    def path(self) -> Path:
        return self.root / "store"

    @property
    def corpus(self) -> Path:
        return self.root / "corpus"

    @property
    def nquads(self) -> Path:
        return self.root / "dump.nq"

    @property
    def oxigraph_location(self) -> Path:
        return self.root / "oxigraph-serve"


# How the cached stores are built; a cached store of an older build is built again. 2: every
# ingest ends with a compacted checkpoint (a store built before reads 1.2–1.8x slower).
STORE_BUILD = 2


def ensure_store(size: str, cache: Path = DEFAULT_CACHE) -> BenchStore:
    """The cached store of `size` (built from the generator on first use; minutes at 1M)."""
    from generate_corpus import generate_corpus

    from coopgraph.iris import Minter
    from coopgraph.pipeline import ingest_paths
    from coopgraph.settings import BY_NAME
    from coopgraph.store import Store

    recipe = RECIPES[size]
    root = cache / f"store-{size}"
    meta_file = root / "meta.json"
    wanted = {
        "seed": SEED,
        "layout": store_layout(),
        "build": STORE_BUILD,
        **{k: list(v) if isinstance(v, tuple) else v for k, v in recipe.items()},
    }
    if meta_file.exists():
        meta = json.loads(meta_file.read_text())
        if meta.get("recipe") == wanted:
            return BenchStore(size, root, meta["triples"], meta["rows"], meta["reports"])
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    log(f"[{size}] generating the corpus ({recipe['reports']} reports x {recipe['rows_per_report']} rows)")
    paths = generate_corpus(root / "corpus", seed=SEED, **recipe)
    log(f"[{size}] ingesting {len(paths)} reports into {root / 'store'} (cached for later runs)")
    t0 = time.perf_counter()
    with Store(root / "store") as store:
        outcomes = ingest_paths(
            paths,
            store,
            Minter(BY_NAME["base_iri"].default),
            on_progress=lambda o: log(f"  {o.path.name}: {'ok' if o.ok else 'REJECTED'}"),
        )
        triples = store.count()
    rows = sum(o.events for o in outcomes if o.ok)
    stored = sum(o.ok for o in outcomes)
    log(f"[{size}] {triples} triples, {rows} rows, {stored} reports in {time.perf_counter() - t0:.0f} s")
    meta = {"recipe": wanted, "triples": triples, "rows": rows, "reports": stored}
    meta_file.write_text(json.dumps(meta, indent=1))
    return BenchStore(size, root, triples, rows, stored)


def store_layout() -> str:
    """The layout version of coopgraph's embedded store: "1" queries Oxigraph's union of the
    named graphs; "2" (and later) keeps the default graph as the set union of the named graphs."""
    from coopgraph.store.embedded import LAYOUT

    return LAYOUT


def union_is_materialised() -> bool:
    return store_layout() != "1"


def ensure_nquads(bench: BenchStore) -> Path:
    """The store's named graphs as N-Quads (cached): what rdflib-endpoint loads (its Dataset
    queries the set union of the graphs, as our store does)."""
    if not bench.nquads.exists():
        from coopgraph.store import Store

        with Store(bench.path, read_only=True) as store:
            data = store.dump("nq")
        tmp = bench.nquads.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.rename(bench.nquads)
    return bench.nquads


def ensure_oxigraph_location(bench: BenchStore) -> Path:
    """An `oxigraph serve` data folder holding exactly what our store holds (the whole dataset,
    with the materialised default graph when the layout keeps one), loaded with `oxigraph load`."""
    location = bench.oxigraph_location
    done = location / "coopgraph-bench-loaded"
    if not done.exists():
        import pyoxigraph as ox

        from coopgraph.store import Store

        if location.exists():
            shutil.rmtree(location)
        dataset = bench.root / "dataset.nq"
        with Store(bench.path, read_only=True) as store:
            store.ox.dump(str(dataset), format=ox.RdfFormat.N_QUADS)
        log(f"[{bench.size}] oxigraph load --location {location}")
        subprocess.run(
            [oxigraph_binary(), "load", "--location", str(location), "--file", str(dataset)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        done.write_text("ok")
    return location


def canned_sparql() -> dict[str, str]:
    """The analyst query pack, parameters unbound (the heaviest form of each query)."""
    from coopgraph.publish.queries import canned_queries

    return {name: q.sparql() for name, q in canned_queries().items()}


# --------------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str:
    local = BIN / "oxigraph"
    found = str(local) if local.exists() else shutil.which("oxigraph")
    if found is None:
        raise SystemExit("the `oxigraph` command is missing: pip install 'oxigraph>=0.5,<0.6'")
    return found


def wait_until_answering(port: int, path: str, deadline_s: float, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + deadline_s
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {' '.join(map(str, process.args))}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path, headers={"Accept": "text/turtle"})
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"server on port {port} did not answer within {deadline_s:.0f} s"
                ) from None
            time.sleep(0.1)


@contextlib.contextmanager
def _process(
    command: list[str], port: int, probe: str, start_s: float, env: dict | None = None
) -> Iterator[str]:
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})}
    )
    try:
        wait_until_answering(port, probe, start_s, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def running_coopgraph(store: Path, **settings: object) -> contextlib.AbstractContextManager[str]:
    """`coopgraph --store STORE serve` on a free loopback port; yields its base URL."""
    port = free_port()
    command = [
        str(BIN / "coopgraph"),
        "--store",
        str(store),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    for name, value in settings.items():
        command += ["--" + name.replace("_", "-"), str(value)]
    return _process(command, port, "/healthz", 60)


def running_oxigraph(
    location: Path, *, timeout_s: int | None = None
) -> contextlib.AbstractContextManager[str]:
    """`oxigraph serve` on a free loopback port, its default graph what our queries see."""
    port = free_port()
    command = [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    if not union_is_materialised():  # layout 1: coopgraph queries Oxigraph's union of the graphs
        command.append("--union-default-graph")
    if timeout_s is not None:
        command += ["--timeout-s", str(timeout_s)]
    return _process(command, port, "/", 60)


def running_rdflib_endpoint(data: Path, *, start_s: float = 900) -> contextlib.AbstractContextManager[str]:
    """rdflib-endpoint over an in-memory rdflib Dataset (default graph = union) loaded from `data`."""
    port = free_port()
    command = [str(BIN / "rdflib-endpoint"), "serve", str(data), "--host", "127.0.0.1", "--port", str(port)]
    return _process(command, port, "/", start_s)


# --------------------------------------------------------------------------- HTTP


class Client:
    """One keep-alive HTTP/1.1 connection to a loopback server (reconnects after an error)."""

    def __init__(self, base: str, timeout: float = 120.0) -> None:
        parsed = urllib.parse.urlsplit(base)
        self.host, self.port, self.timeout = parsed.hostname, parsed.port, timeout
        self.conn: http.client.HTTPConnection | None = None

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict | None = None,
        timeout: float | None = None,
    ) -> tuple[int, bytes]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout or self.timeout)
        elif self.conn.sock is not None:
            self.conn.sock.settimeout(timeout or self.timeout)
        try:
            self.conn.request(method, path, body=body, headers=headers or {})
            response = self.conn.getresponse()
            data = response.read()
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, data
        except Exception:
            self.close()
            raise

    def sparql(self, path: str, query: str, timeout: float | None = None) -> tuple[int, bytes]:
        return self.request(
            "POST",
            path,
            query.encode("utf-8"),
            {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
            timeout=timeout,
        )

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


# --------------------------------------------------------------------------- timing and tables


def timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def median_time(func: Callable[[], object], *, reps: int = 5, warmup: int = 1) -> float:
    """Median wall seconds of `reps` calls after `warmup` untimed calls."""
    for _ in range(warmup):
        func()
    return statistics.median(timed(func) for _ in range(reps))


def geomean(values: Sequence[float]) -> float:
    values = [v for v in values if v > 0 and math.isfinite(v)]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..1)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def ms(seconds: float | None) -> str:
    if seconds is None:
        return "DNF"
    if math.isnan(seconds):
        return "ERR"
    if not math.isfinite(seconds):
        return "-"
    return f"{seconds * 1000:.1f}" if seconds < 10 else f"{seconds * 1000:.0f}"


def ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or not b or not math.isfinite(a) or not math.isfinite(b):
        return "-"
    return f"{a / b:.2f}" if a / b >= 0.1 else f"{a / b:.4f}"


def print_table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], *, title: str | None = None
) -> None:
    """A Markdown table (pastes straight into the README)."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    if title:
        print(f"\n{title}\n")
    for i, row in enumerate(cells):
        aligned = [
            c.ljust(w) if j == 0 else c.rjust(w) for j, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("| " + " | ".join(aligned) + " |")
        if i == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    sys.stdout.flush()


def add_common_arguments(parser: object) -> None:
    parser.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE,
        help=f"folder of the cached stores (default {DEFAULT_CACHE})",
    )
