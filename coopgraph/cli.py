"""The `coopgraph` command: a thin click layer over the library.

Library errors (``CoopgraphError``) become one-line messages and exit codes; no traceback is
shown for a user's mistake. Exit codes: 0 success, 1 failure (a rejected report, a bad query,
a locked store, a missing file), 2 wrong usage; `validate` has its own (0 conforms, 1 does not
conform, 2 error).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from coopgraph import __version__
from coopgraph.ingest.errors import CoopgraphError, ExtractionError, ValidationFailed
from coopgraph.ingest.iris import Minter
from coopgraph.remote_store import RemoteStore
from coopgraph.settings import BY_NAME, SETTINGS, resolve
from coopgraph.store import Store
from coopgraph.store_factory import open_store

console = Console(stderr=True)
out = Console(soft_wrap=True)


class Context:
    def __init__(self, store: str, base_iri: str) -> None:
        self.store_path = store
        self.minter = Minter(base_iri)

    def open_store(self, *, read_only: bool = False) -> Store | RemoteStore:
        return open_store(self.store_path, read_only=read_only)


def user_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into clean CLI errors (exit 1)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CoopgraphError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


@click.group()
@click.version_option(__version__)
@click.option(
    "--store",
    envvar=BY_NAME["store"].env,
    default=BY_NAME["store"].default,
    show_default=True,
    help=BY_NAME["store"].help,
)
@click.option(
    "--base-iri",
    envvar=BY_NAME["base_iri"].env,
    default=BY_NAME["base_iri"].default,
    show_default=True,
    help=BY_NAME["base_iri"].help,
)
@click.pass_context
def main(ctx: click.Context, store: str, base_iri: str) -> None:
    """coopgraph: reports on inter-regional cooperation as a linked-data knowledge graph."""
    ctx.obj = Context(store, base_iri)


# ---------------------------------------------------------------------------- ingest


def corrections_option(func: Callable[..., Any]) -> Callable[..., Any]:
    setting = BY_NAME["corrections"]
    return click.option(
        "--corrections",
        envvar=setting.env,
        default=setting.default,
        show_default=True,
        type=click.Path(file_okay=False),
        help=setting.help,
    )(func)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--quiet", is_flag=True, help="No progress bar, only the summary.")
@corrections_option
@click.pass_obj
@user_errors
def ingest(obj: Context, paths: tuple[str, ...], quiet: bool, corrections: str) -> None:
    """Ingest report files or folders (text dumps or DOCX) into the store.

    Every report is validated; a report with a violation is rejected whole and the store keeps
    its previous version. Re-ingesting a report replaces its graph atomically.
    """
    from coopgraph.corrections import load_corrections
    from coopgraph.ingest.readers import collect_report_paths
    from coopgraph.pipeline import ingest_paths

    files = collect_report_paths(paths)
    with obj.open_store() as store, Progress(console=console, disable=quiet, transient=True) as progress:
        task = progress.add_task("ingesting", total=len(files))
        outcomes = ingest_paths(
            files,
            store,
            obj.minter,
            on_progress=lambda _o: progress.advance(task),
            corrections=load_corrections(corrections),
        )
    table = Table(title="coopgraph ingest")
    for col in ("file", "report", "status", "events", "triples", "encoding", "warnings"):
        table.add_column(col)
    for o in outcomes:
        status = "replaced" if o.replaced else "new"
        if not o.ok:
            status = "REJECTED"
        table.add_row(
            o.path.name,
            o.report_id or "-",
            status,
            str(o.events),
            str(o.triples),
            o.encoding or ("docx" if o.ok else "-"),
            str(len(o.warnings)),
        )
    out.print(table)
    for o in outcomes:
        for w in o.warnings:
            console.print(f"[yellow]warning[/]: {w}", highlight=False)
        if not o.ok:
            console.print(f"[red]error[/]: {o.error}", highlight=False)
    if any(not o.ok for o in outcomes):
        sys.exit(1)


@main.command()
@click.argument("path", type=click.Path())
@corrections_option
@click.pass_obj
def validate(obj: Context, path: str, corrections: str) -> None:
    """Validate one report without storing it.

    Exit 0 conforms, 1 does not conform (a SHACL violation or an impossible value such as
    "31 февраля"), 2 error (the file cannot be read as a report).
    """
    from coopgraph.corrections import load_corrections
    from coopgraph.pipeline import prepare

    try:
        prepared = prepare(path, obj.minter, load_corrections(corrections))
    except (ValidationFailed, ExtractionError) as exc:
        console.print(str(exc), highlight=False)
        sys.exit(1)
    except CoopgraphError as exc:
        console.print(f"error: {exc}", highlight=False)
        sys.exit(2)
    for w in prepared.warnings:
        console.print(f"warning: {w}", highlight=False)
    out.print(
        f"{path}: conforms ({len(prepared.record.events)} events, {len(prepared.graph)} triples, "
        f"{len(prepared.warnings)} warnings)",
        highlight=False,
    )


@main.command()
@click.argument("report")
@click.pass_obj
@user_errors
def remove(obj: Context, report: str) -> None:
    """Delete a report's graph from the store."""
    from coopgraph.pipeline import list_reports, remove_report

    with obj.open_store() as store:
        if not remove_report(store, obj.minter, report):
            known = ", ".join(list_reports(store, obj.minter)) or "none"
            raise click.ClickException(f"no report {report!r} in the store (stored: {known})")
    out.print(f"removed {report}")


# ---------------------------------------------------------------------------- read side

EXPORT_FORMATS = ("ttl", "nt", "trig", "nq", "jsonld")


@main.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="ttl", show_default=True)
@click.option("--report", help="Only this report's graph (default: everything).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@click.option(
    "--folder",
    type=click.Path(file_okay=False),
    help="Write every open-data file (dumps, CSV tables, DCAT, VoID) into this folder "
    "(the files /downloads serves).",
)
@click.pass_obj
@user_errors
def export(obj: Context, fmt: str, report: str | None, output: str | None, folder: str | None) -> None:
    """Write the store (or one report) as Turtle, N-Triples, TriG, N-Quads or JSON-LD.

    With --folder, write all published files into a folder for a portal that takes uploads.
    """
    from coopgraph.export import export_bytes

    if folder:
        if report or output:
            raise click.UsageError("--folder writes every file; it takes no --report or --output")
        from coopgraph.publish import publish

        with obj.open_store(read_only=True) as store:
            written = publish(store, obj.minter, folder)
        console.print(f"wrote {len(written)} files to {folder}")
        return
    with obj.open_store(read_only=True) as store:
        data = export_bytes(store, obj.minter, fmt, report=report)
    if output:
        Path(output).write_bytes(data)
        console.print(f"wrote {len(data)} bytes to {output}")
    else:
        sys.stdout.buffer.write(data)


@main.command()
@click.argument("sparql", required=False)
@click.option("--canned", help="Run a query of the analyst query pack by name.")
@click.option("--param", "-p", multiple=True, help="NAME=VALUE for a canned query's parameter.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True
)
@click.option("--list", "list_", is_flag=True, help="List the canned queries and their parameters.")
@click.pass_obj
@user_errors
def query(
    obj: Context, sparql: str | None, canned: str | None, param: tuple[str, ...], fmt: str, list_: bool
) -> None:
    """Run a SELECT query (SPARQL text, @FILE, or --canned NAME) over all reports."""
    from coopgraph.queries import canned_queries, get_canned, select_rows

    if list_:
        for q in canned_queries().values():
            params = ", ".join(f"{p.name} ({p.type})" for p in q.parameters) or "no parameters"
            out.print(f"[bold]{q.name}[/]: {q.title} — {params}\n  {q.description}")
        return
    if bool(sparql) == bool(canned):
        raise click.UsageError("give either a SPARQL query or --canned NAME")
    if canned:
        values = dict(_split_param(p) for p in param)
        text = get_canned(canned).sparql(values)
    else:
        text = Path(sparql[1:]).read_text(encoding="utf-8") if sparql.startswith("@") else sparql
    with obj.open_store(read_only=True) as store:
        try:
            result = store.query(text)
        except SyntaxError as exc:
            raise click.ClickException(f"SPARQL syntax error: {exc}") from None
        if not hasattr(result, "variables"):
            raise click.ClickException(
                "only SELECT queries can be shown as a table; use the endpoint for others"
            )
        columns, rows = select_rows(result)
    _print_rows(columns, rows, fmt)


def _split_param(text: str) -> tuple[str, str]:
    if "=" not in text:
        raise click.UsageError(f"--param takes NAME=VALUE, got {text!r}")
    name, value = text.split("=", 1)
    return name.strip(), value


def _print_rows(columns: list[str], rows: list[list[object]], fmt: str) -> None:
    if fmt == "json":
        out.print_json(json.dumps([dict(zip(columns, r, strict=True)) for r in rows], ensure_ascii=False))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(columns)
        writer.writerows(["" if v is None else v for v in r] for r in rows)
        sys.stdout.write(buf.getvalue())
    else:
        table = Table()
        for c in columns:
            table.add_column(c)
        for r in rows:
            table.add_row(*("" if v is None else str(v) for v in r))
        out.print(table)
        console.print(f"{len(rows)} rows")


@main.command()
@click.pass_obj
@user_errors
def stats(obj: Context) -> None:
    """Counts per report and per class."""
    from coopgraph.stats import store_stats

    with obj.open_store(read_only=True) as store:
        summary = store_stats(store, obj.minter)
    table = Table(title="reports")
    for col in ("report", "events", "triples"):
        table.add_column(col)
    for r in summary["reports"]:
        table.add_row(r["report"], str(r["events"]), str(r["triples"]))
    out.print(table)
    classes = Table(title="resources")
    classes.add_column("class")
    classes.add_column("count")
    for name, count in summary["classes"].items():
        classes.add_row(name, str(count))
    out.print(classes)
    out.print(f"total triples: {summary['triples']}")


@main.command()
@click.argument("folder", type=click.Path(file_okay=False))
@click.pass_obj
@user_errors
def backup(obj: Context, folder: str) -> None:
    """Write every graph as N-Quads plus a manifest with checksums into FOLDER."""
    from coopgraph.backup import backup as make_backup

    with obj.open_store(read_only=True) as store:
        manifest = make_backup(store, Path(folder))
    out.print(f"backed up {len(manifest['graphs'])} graphs ({manifest['bytes']} bytes) to {folder}")


@main.command()
@click.argument("folder", type=click.Path(file_okay=False))
@click.pass_obj
@user_errors
def restore(obj: Context, folder: str) -> None:
    """Replace the store's graphs with a backup's, after checking its checksums."""
    from coopgraph.backup import restore as apply_backup

    with obj.open_store() as store:
        manifest = apply_backup(store, Path(folder))
    out.print(f"restored {len(manifest['graphs'])} graphs from {folder} (made {manifest['created']})")


def _setting_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """One CLI flag per server setting, generated from the settings table."""
    for setting in reversed(SETTINGS):
        if setting.name in {"store", "base_iri"}:
            continue  # global options of the `coopgraph` group
        kind = type(setting.default) if not isinstance(setting.default, bool) else bool
        func = click.option(
            setting.flag,
            setting.name,
            type=kind,
            default=None,
            help=setting.help + f" [default: {setting.default!r}; env {setting.env}]",
        )(func)
    return func


@main.command()
@_setting_options
@click.pass_obj
@user_errors
def serve(obj: Context, **flags: Any) -> None:
    """Serve the SPARQL endpoint, linked-data pages and downloads (waitress)."""
    from coopgraph.server.wsgi import serve as run_server

    settings = resolve({**flags, "store": obj.store_path, "base_iri": obj.minter.base})
    console.print(f"serving {settings['store']} on http://{settings['host']}:{settings['port']}/")
    run_server(settings)


# ---------------------------------------------------------------------------- partner networks


def _network_filters(func: Callable[..., Any]) -> Callable[..., Any]:
    """The event filters shared by `network` and `analyse`."""
    options = [
        click.option("--sector", help="Sector concept IRI or its local name (culture, youth...)."),
        click.option(
            "--from", "start", help="Keep events ending on or after this date (YYYY-MM-DD or YYYY-MM)."
        ),
        click.option(
            "--to", "end", help="Keep events starting on or before this date (YYYY-MM-DD or YYYY-MM)."
        ),
        click.option("--report", help="Only this report (id or IRI)."),
        click.option(
            "--country", help="Only events in which an organisation of this country (BY, RU...) takes part."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _network_filter(**values: str | None) -> Any:
    from coopgraph.networks import NetworkError, NetworkFilter

    try:
        return NetworkFilter.from_strings(**values)
    except NetworkError as exc:
        raise click.UsageError(str(exc)) from None


@main.command()
@click.option(
    "--kind",
    type=click.Choice(["orgs", "regions", "bipartite"]),
    default="orgs",
    show_default=True,
    help="Organisations tied by joint events, regions tied by events, or organisation–event.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["gexf", "graphml", "json", "csv", "png", "svg"]),
    default="graphml",
    show_default=True,
)
@_network_filters
@click.option(
    "--size-by",
    type=click.Choice(["pagerank", "betweenness", "degree", "weighted_degree", "events"]),
    default="pagerank",
    show_default=True,
    help="Node size in pictures.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@click.pass_obj
@user_errors
def network(
    obj: Context, kind: str, fmt: str, size_by: str, output: str | None, **filters: str | None
) -> None:
    """Export a partner network with its measures (GEXF/GraphML for Gephi and Cytoscape, JSON,
    an edge CSV, or a PNG/SVG picture)."""
    from coopgraph.measures import annotate
    from coopgraph.network_export import export_network, network_title
    from coopgraph.networks import network_for

    flt = _network_filter(**filters)
    with obj.open_store(read_only=True) as store:
        graph = annotate(network_for(store, kind, flt))
    data = export_network(graph, fmt, size_by=size_by, title=network_title(kind, flt.as_params()))
    if output:
        Path(output).write_bytes(data)
        console.print(f"wrote {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges to {output}")
    else:
        sys.stdout.buffer.write(data)


@main.command()
@click.option(
    "--kind", type=click.Choice(["orgs", "regions", "bipartite"]), default="orgs", show_default=True
)
@_network_filters
@click.option("--seed", type=int, default=42, show_default=True, help="Seed of the Louvain community search.")
@click.option("--top", type=int, default=10, show_default=True, help="Rows in the ranking.")
@click.option(
    "--compare", nargs=2, metavar="EARLIER LATER", help="Also show what changed between two reports."
)
@click.option("--no-write", is_flag=True, help="Print only; do not store the scores.")
@click.pass_obj
@user_errors
def analyse(
    obj: Context,
    kind: str,
    seed: int,
    top: int,
    compare: tuple[str, str] | None,
    no_write: bool,
    **filters: str | None,
) -> None:
    """Measure a partner network, print the highlights, and store the scores and communities
    as the named graph {base}graph/analysis/NAME with PROV-O provenance."""
    from dataclasses import replace

    from coopgraph.analysis_graph import run_analysis
    from coopgraph.measures import annotate, brokers, cross_border_ties, density_by_sector
    from coopgraph.measures import compare as compare_networks
    from coopgraph.networks import build_network, load_network_data, network_for

    flt = _network_filter(**filters)
    with obj.open_store(read_only=no_write) as store:
        if no_write:
            graph = annotate(network_for(store, kind, flt), seed=seed)
        else:
            result = run_analysis(store, obj.minter, kind, flt, seed=seed)
            graph = result.network
            console.print(f"stored {result.triples} triples in <{result.graph_iri}>")
        data = load_network_data(store) if compare else None
    names = {v: str(a.get("name", v)) for v, a in graph.nodes(data=True)}
    ranking = Table(title=f"{kind}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
    ranking.add_column("name", no_wrap=True, overflow="ellipsis", max_width=30)
    for col in ("cc", "deg", "w.deg", "betw.", "PageRank", "comm."):  # short: fits 80 columns
        ranking.add_column(col, no_wrap=True)
    for v, a in sorted(graph.nodes(data=True), key=lambda n: (-n[1]["pagerank"], n[0]))[:top]:
        ranking.add_row(
            names[v],
            a.get("country", ""),
            str(a["degree"]),
            f"{a['weighted_degree']:g}",
            f"{a['betweenness']:.3f}",
            f"{a['pagerank']:.3f}",
            str(a["community"]),
        )
    out.print(ranking)
    components = len({a["component"] for _, a in graph.nodes(data=True)})
    communities = len({a["community"] for _, a in graph.nodes(data=True)})
    out.print(
        f"components: {components}; communities (Louvain, seed {seed}): {communities}; "
        f"RU–BY ties: {len(cross_border_ties(graph))}"
    )
    for v, n in brokers(graph):
        out.print(f"broker: {names[v]} — {n} Belarusian partners", highlight=False)
    for sector, density in density_by_sector(graph).items():
        out.print(f"density {sector}: {density:.3f}", highlight=False)
    if compare and data is not None:
        earlier, later = (build_network(data, kind, replace(flt, report=r)) for r in compare)
        change = compare_networks(earlier, later)
        label = {**{v: str(a.get("name", v)) for g in (earlier, later) for v, a in g.nodes(data=True)}}
        for title, ties in (("new", change.new_ties), ("lost", change.lost_ties)):
            for t in ties:
                out.print(f"{title} tie: {label[t.a]} — {label[t.b]} ({t.weight})", highlight=False)
        for t, before in change.growing_ties:
            out.print(f"growing tie: {label[t.a]} — {label[t.b]} ({before} → {t.weight})", highlight=False)


# ---------------------------------------------------------------------------- review and corrections


def _folder_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--corrections and --reports, from the settings table."""
    for name in ("reports", "corrections"):
        setting = BY_NAME[name]
        func = click.option(
            setting.flag,
            name,
            envvar=setting.env,
            default=setting.default,
            show_default=True,
            help=setting.help,
        )(func)
    return func


def _cells(row: dict[str, str]) -> str:
    return "\n".join(f"{k}: {v}" for k, v in row.items() if v)


FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True,
    help="A table for reading, or CSV (one line per row) for a spreadsheet.",
)  # fmt: skip


@main.command()
@click.argument("report")
@click.option("--only-flagged", is_flag=True, help="Only rows with warnings (SHACL or extraction).")
@FORMAT
@click.pass_obj
@user_errors
def review(obj: Context, report: str, only_flagged: bool, fmt: str) -> None:
    """A report's rows side by side: source cells, extracted values, warnings and corrections."""
    from rich.text import Text

    from coopgraph.review import build_review

    with obj.open_store(read_only=True) as store:
        result = build_review(store, obj.minter, report)
    rows = result.flagged() if only_flagged else result.rows
    lines = []
    for r in rows:
        flags = [f"! {w}" for w in r.warnings] + [f"SHACL {w}" for w in r.shacl]
        flags += [
            f"corrected {c.field} {c.action}: {c.replaced!r} → {c.new!r} ({c.author}, {c.time})"
            for c in r.corrections
        ]
        lines.append((r, {k: v for k, v in r.source.items() if v}, r.values(), flags))
    if fmt == "csv":
        columns = ["row", *(f"source_{k}" for k in r.source), *r.values(), "flags"] if rows else ["row"]
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for r, _, values, flags in lines:
            writer.writerow([r.row, *r.source.values(), *values.values(), "\n".join(flags)])
    else:
        table = Table(title=f"{result.report_id} ({result.file_name})", show_lines=True)
        for col in ("row", "source", "extracted", "flags"):
            table.add_column(col, overflow="fold")
        for r, source, values, flags in lines:
            # Text, not markup: report text may hold brackets ("[bookmark: _GoBack]").
            table.add_row(str(r.row), Text(_cells(source)), Text(_cells(values)), Text("\n".join(flags)))
        out.print(table)
    console.print(f"{len(rows)} of {len(result.rows)} rows; {len(result.flagged())} flagged")


@main.command()
@click.option("--kind", type=click.Choice(["org", "person", "place"]), help="Only this kind (default: all).")
@FORMAT
@click.option(
    "--corrections",
    envvar=BY_NAME["corrections"].env,
    default=BY_NAME["corrections"].default,
    show_default=True,
    help="Also warn about entity corrections of this folder that change nothing in the store.",
)
@click.pass_obj
@user_errors
def entities(obj: Context, kind: str | None, fmt: str, corrections: str) -> None:
    """Organisations, people and places across all reports, with their spellings and event
    counts (to spot duplicates: merge them with `coopgraph correct merge`)."""
    from rich.text import Text

    from coopgraph.corrections import load_corrections
    from coopgraph.entities import list_entities, unused_entity_corrections

    with obj.open_store(read_only=True) as store:
        found = list_entities(store, kind)
        unused = unused_entity_corrections(store, load_corrections(corrections))
    for c in unused:
        console.print(
            f"[yellow]warning[/]: {c.where}: {c.kind} {c.key!r} {c.action} {c.value!r} changes nothing "
            "in the stored reports (stale, or the reports were not re-ingested with it)",
            highlight=False,
            soft_wrap=True,
        )
    columns = ("kind", "key", "name", "country", "events", "reports", "corrected", "spellings")
    rows = [
        [e.kind, e.key, e.name, e.country, str(e.events), str(e.reports), "yes" if e.corrected else "",
         "\n".join(e.spellings)]
        for e in found
    ]  # fmt: skip
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    else:
        table = Table(show_lines=True)
        for col in columns:
            table.add_column(col, overflow="fold")
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))
        out.print(table)
    console.print(f"{len(found)} entities")


@main.group()
def correct() -> None:
    """Record a correction in the corrections folder and re-ingest what it concerns.

    Row corrections go to CORRECTIONS/REPORT.csv, entity corrections (merge, alias, split,
    within, country) to CORRECTIONS/entities.csv; see docs for the format.
    """


def _correction_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--note", default="", help="Why (kept with the correction).")(func)
    func = click.option("--author", required=True, help="Who makes the correction (name).")(func)
    func = click.option("--no-ingest", is_flag=True, help="Only write the correction; no re-ingest.")(func)
    return _folder_options(func)


def _report_outcomes(outcomes: list[Any]) -> None:
    for o in outcomes:
        for w in o.warnings:
            if "correction" in str(w):
                console.print(f"[yellow]warning[/]: {w}", highlight=False)
        if o.ok:
            console.print(f"re-ingested {o.report_id}: {o.events} events, {o.triples} triples")
        else:
            console.print(f"[red]error[/]: {o.error}", highlight=False)
    if any(not o.ok for o in outcomes):
        sys.exit(1)


def _row_correction(obj: Context, report: str, row: int, field: str, action: str, match: str, value: str,
                    flags: dict[str, Any]) -> None:  # fmt: skip
    from coopgraph.corrections import RowCorrection, now
    from coopgraph.reingest import correct_row

    c = RowCorrection(row, field, action, match, value, flags["author"], now(), flags["note"])
    with obj.open_store() as store:
        written, outcome = correct_row(
            store, obj.minter, report, c, reports=flags["reports"], corrections=flags["corrections"],
            ingest=not flags["no_ingest"],
        )  # fmt: skip
    out.print(f"wrote {written.where}: row {row}, {field} {action} {written.match!r} → {value!r}")
    _report_outcomes([outcome] if outcome else [])


def _entity_correction(obj: Context, kind: str, key: str, action: str, value: str, name: str,
                       flags: dict[str, Any]) -> None:  # fmt: skip
    from coopgraph.corrections import EntityCorrection, now
    from coopgraph.reingest import correct_entity

    c = EntityCorrection(kind, key, action, value, name, flags["author"], now(), flags["note"])
    with obj.open_store() as store:
        written, outcomes = correct_entity(
            store, obj.minter, c, reports=flags["reports"], corrections=flags["corrections"],
            ingest=not flags["no_ingest"],
        )  # fmt: skip
    out.print(f"wrote {written.where}: {kind} {key} {action} {value} {written.name}".rstrip())
    _report_outcomes(outcomes)


ROW_FIELD = click.Choice(["title", "sector", "type", "start", "end", "participants"])
LIST_FIELD = click.Choice(["organisation", "person", "place", "region"])
KIND = click.option("--kind", type=click.Choice(["org", "person", "place"]), default="org", show_default=True)


@correct.command("set")
@click.argument("report")
@click.argument("row", type=int)
@click.argument("field", type=ROW_FIELD)
@click.argument("value")
@click.option("--match", default="", help="The value it replaces (default: the stored value).")
@_correction_options
@click.pass_obj
@user_errors
def correct_set(
    obj: Context, report: str, row: int, field: str, value: str, match: str, **flags: Any
) -> None:
    """Set a single value of a row: title, sector, type, start, end, participants."""
    _row_correction(obj, report, row, field, "set", match, value, flags)


@correct.command("add")
@click.argument("report")
@click.argument("row", type=int)
@click.argument("field", type=LIST_FIELD)
@click.argument("value")
@_correction_options
@click.pass_obj
@user_errors
def correct_add(obj: Context, report: str, row: int, field: str, value: str, **flags: Any) -> None:
    """Add an organisation ("name|BY"), person, place or region (BY-VI) to a row."""
    _row_correction(obj, report, row, field, "add", "", value, flags)


@correct.command("remove")
@click.argument("report")
@click.argument("row", type=int)
@click.argument("field", type=LIST_FIELD)
@click.argument("match")
@_correction_options
@click.pass_obj
@user_errors
def correct_remove(obj: Context, report: str, row: int, field: str, match: str, **flags: Any) -> None:
    """Remove an item (by key, name or text as written) from a row."""
    _row_correction(obj, report, row, field, "remove", match, "", flags)


@correct.command("same-as")
@click.argument("report")
@click.argument("row", type=int)
@click.argument("field", type=LIST_FIELD)
@click.argument("match")
@click.argument("value")
@_correction_options
@click.pass_obj
@user_errors
def correct_same_as(
    obj: Context, report: str, row: int, field: str, match: str, value: str, **flags: Any
) -> None:
    """In one row, the item MATCH is really VALUE (a key, or "name|CC" for organisations)."""
    _row_correction(obj, report, row, field, "same-as", match, value, flags)


@correct.command("merge")
@click.argument("key_a")
@click.argument("key_b")
@KIND
@click.option("--name", default="", help="Name of the kept entity (default: its name in the store).")
@_correction_options
@click.pass_obj
@user_errors
def correct_merge(obj: Context, key_a: str, key_b: str, kind: str, name: str, **flags: Any) -> None:
    """KEY_A is the same entity as KEY_B: KEY_A disappears, its name becomes an alias of KEY_B."""
    _entity_correction(obj, kind, key_a, "merge", key_b, name, flags)


@correct.command("alias")
@click.argument("spelling")
@click.argument("key")
@KIND
@_correction_options
@click.pass_obj
@user_errors
def correct_alias(obj: Context, spelling: str, key: str, kind: str, **flags: Any) -> None:
    """SPELLING (a name or a text as written) means the entity KEY, in every report."""
    _entity_correction(obj, kind, spelling, "alias", key, "", flags)


@correct.command("split")
@click.argument("key")
@click.argument("name")
@click.argument("new_key", required=False)
@KIND
@_correction_options
@click.pass_obj
@user_errors
def correct_split(obj: Context, key: str, name: str, new_key: str | None, kind: str, **flags: Any) -> None:
    """Records of KEY named or written NAME are another entity (NEW_KEY, default: from NAME)."""
    from coopgraph.ingest.iris import slugify
    from coopgraph.ingest.organisations import organisation_key

    new_key = new_key or (organisation_key(name) if kind == "org" else slugify(name))
    _entity_correction(obj, kind, key, "split", new_key, name, flags)


@correct.command("within")
@click.argument("place")
@click.argument("parent")
@_correction_options
@click.pass_obj
@user_errors
def correct_within(obj: Context, place: str, parent: str, **flags: Any) -> None:
    """The place PLACE lies in PARENT (a district, region... key)."""
    _entity_correction(obj, "place", place, "within", parent, "", flags)


@correct.command("country")
@click.argument("org")
@click.argument("country")
@_correction_options
@click.pass_obj
@user_errors
def correct_country(obj: Context, org: str, country: str, **flags: Any) -> None:
    """The organisation ORG is of COUNTRY (ISO 3166-1 alpha-2, e.g. BY)."""
    _entity_correction(obj, "org", org, "country", country.upper(), "", flags)


if __name__ == "__main__":
    main()
