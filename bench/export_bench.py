"""Export benchmark: whole-dataset Turtle and N-Triples dumps against pyoxigraph's own serializer.

Over the cached store of ``--size`` (default 100k; see ``common``), per format (ttl, nt):

  export_bytes   coopgraph.publish.export.export_bytes in-process: what `coopgraph export` and the
                 first request of /downloads/coopgraph.{ttl,nt} compute (the union of the report
                 graphs without duplicates: CONSTRUCT over SELECT DISTINCT, then ox.serialize)
  cli            `coopgraph export --format F -o FILE` as a process (Python start-up included)
  /downloads     GET /downloads/coopgraph.F from `coopgraph serve`: the first request after
                 start (builds the file) and later ones (served from the per-generation cache)
  Store.dump     pyoxigraph's own serializer: Store.dump(format=F, from_graph=G, prefixes=...)
                 for every named graph, concatenated (no deduplication across graphs, so it
                 writes a little more); with a store that keeps the union as its default graph
                 (store layout 2) also Store.dump of that default graph, the very triples
                 export_bytes writes; the whole store as N-Quads for reference

Medians of ``--reps`` runs (default 5; the CLI and the cold /downloads request 3 times) after
one warm-up, in ms, and the ratios ours / Store.dump (goal: within 1.5x). Last line:
``export_ratio_ttl=X export_ratio_nt=Y``: export_bytes / Store.dump of the same triples (the
default graph) when the store keeps them there, else / the per-graph Store.dump.

    .venv/bin/python bench/export_bench.py
    .venv/bin/python bench/export_bench.py --size 1m
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import common
from common import Client, log

FORMATS = ("ttl", "nt")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="100k", help="store size: 10k, 100k or 1m (default 100k)")
    parser.add_argument("--reps", type=int, default=5, help="timed runs after one warm-up (default 5)")
    common.add_common_arguments(parser)
    args = parser.parse_args(argv)
    (size,) = common.parse_sizes(args.size)
    bench = common.ensure_store(size, Path(args.cache))

    import pyoxigraph as ox

    from coopgraph.formats import by_name
    from coopgraph.iris import Minter
    from coopgraph.ontology.vocab import PREFIXES
    from coopgraph.publish.export import export_bytes
    from coopgraph.settings import BY_NAME
    from coopgraph.store import Store

    minter = Minter(BY_NAME["base_iri"].default)
    reps, few = args.reps, max(1, min(3, args.reps))
    results: dict[str, dict[str, float]] = {f: {} for f in FORMATS}
    sizes: dict[str, dict[str, int]] = {f: {} for f in FORMATS}

    log(f"[{size}] in-process: export_bytes and Store.dump")
    store = Store(bench.path, read_only=True)
    graphs = [ox.NamedNode(g) for g in store.named_graphs()]
    for fmt in FORMATS:
        rdf_format = by_name(fmt).rdf
        extra = {"prefixes": dict(PREFIXES)} if fmt == "ttl" else {}

        def ours(f: str = fmt) -> bytes:
            return export_bytes(store, minter, f)

        def theirs(r: ox.RdfFormat = rdf_format, x: dict = extra) -> bytes:
            return b"".join(store.ox.dump(format=r, from_graph=g, **x) for g in graphs)

        def theirs_default(r: ox.RdfFormat = rdf_format, x: dict = extra) -> bytes:
            return store.ox.dump(format=r, from_graph=ox.DefaultGraph(), **x)

        sizes[fmt]["export_bytes"], sizes[fmt]["Store.dump"] = len(ours()), len(theirs())
        results[fmt]["export_bytes"] = common.median_time(ours, reps=reps)
        results[fmt]["Store.dump"] = common.median_time(theirs, reps=reps)
        if common.union_is_materialised():  # the very triples export_bytes writes
            sizes[fmt]["Store.dump default graph"] = len(theirs_default())
            results[fmt]["Store.dump default graph"] = common.median_time(theirs_default, reps=reps)
    nquads = common.median_time(lambda: store.ox.dump(format=ox.RdfFormat.N_QUADS), reps=reps)
    store.close()

    log(f"[{size}] coopgraph export (CLI)")
    with tempfile.TemporaryDirectory(prefix="coopgraph-export-") as tmp:
        for fmt in FORMATS:
            out = Path(tmp) / f"dump.{fmt}"
            command = [
                str(common.BIN / "coopgraph"),
                "--store",
                str(bench.path),
                "export",
                "--format",
                fmt,
                "-o",
                str(out),
            ]
            results[fmt]["cli"] = common.median_time(
                lambda c=command: subprocess.run(c, check=True, capture_output=True), reps=few
            )
            sizes[fmt]["cli"] = out.stat().st_size

    log(f"[{size}] /downloads (cold: a fresh server per run; warm: the cached file)")
    for fmt in FORMATS:
        cold = []
        for _ in range(few + 1):
            with common.running_coopgraph(bench.path) as base:
                client = Client(base)
                start = time.perf_counter()
                status, body = client.request("GET", f"/downloads/coopgraph.{fmt}", timeout=600)
                cold.append(time.perf_counter() - start)
                if status != 200:
                    raise RuntimeError(f"/downloads/coopgraph.{fmt}: HTTP {status}")
                sizes[fmt]["/downloads"] = len(body)
                results[fmt]["/downloads warm"] = common.median_time(
                    lambda c=client, f=fmt: c.request("GET", f"/downloads/coopgraph.{f}"), reps=reps
                )
                client.close()
        results[fmt]["/downloads cold"] = statistics.median(cold[1:])

    rows = _result_rows(results, sizes)
    rows.append(["nq", "Store.dump (whole store, reference)", common.ms(nquads), "", "", ""])
    common.print_table(
        [
            "format",
            "how",
            "median ms",
            "MB",
            "ratio vs Store.dump per graph",
            "ratio vs Store.dump same triples",
        ],
        rows,
        title=f"size {size}: {bench.triples} quads; median of {reps} runs after a warm-up "
        f"(cli and /downloads cold: {few})",
    )
    # against pyoxigraph writing the very same triples when the store keeps them in one graph
    baseline = "Store.dump default graph" if "Store.dump default graph" in results["ttl"] else "Store.dump"
    ttl = results["ttl"]["export_bytes"] / results["ttl"][baseline]
    nt = results["nt"]["export_bytes"] / results["nt"][baseline]
    print(f"export_ratio_ttl={ttl:.2f} export_ratio_nt={nt:.2f} (export_bytes / {baseline})")
    return 0


def _result_rows(results: dict[str, dict[str, float]], sizes: dict[str, dict[str, int]]) -> list[list]:
    """One table row per format and way of exporting that was timed, with its ratios to
    pyoxigraph's own dump (per graph, and of the same triples when the store keeps them)."""
    rows = []
    for fmt in FORMATS:
        base = results[fmt]["Store.dump"]
        same = results[fmt].get("Store.dump default graph")
        for name in ("export_bytes", "cli", "/downloads cold", "/downloads warm", "Store.dump",
                     "Store.dump default graph"):  # fmt: skip
            if name not in results[fmt]:
                continue
            key = "/downloads" if name.startswith("/downloads") else name
            rows.append(
                [
                    fmt,
                    name,
                    common.ms(results[fmt][name]),
                    f"{sizes[fmt][key] / 1e6:.1f}",
                    common.ratio(results[fmt][name], base),
                    common.ratio(results[fmt][name], same),
                ]
            )
    return rows


if __name__ == "__main__":
    sys.exit(main())
