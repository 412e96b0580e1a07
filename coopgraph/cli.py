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
from coopgraph.archive import Archive
from coopgraph.ingest.errors import CoopgraphError, ExtractionError, ValidationFailed
from coopgraph.ingest.iris import Minter
from coopgraph.remote_store import RemoteStore
from coopgraph.settings import BY_NAME, SETTINGS, resolve
from coopgraph.store import Store
from coopgraph.store_factory import open_store

console = Console(stderr=True)
out = Console(soft_wrap=True)


class Context:
    def __init__(self, store: str, base_iri: str, archive: str = "") -> None:
        self.store_path = store
        self.archive_path = archive
        self.minter = Minter(base_iri)

    def open_store(self, *, read_only: bool = False) -> Store | RemoteStore:
        return open_store(self.store_path, read_only=read_only)

    def archive(self, store: Store | RemoteStore) -> Archive:
        """The report archive of `store` (setting ``archive``; see ``coopgraph.history``)."""
        from coopgraph.history import archive_for

        return archive_for(store, self.archive_path)


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
@click.option(
    "--archive",
    envvar=BY_NAME["archive"].env,
    default=BY_NAME["archive"].default,
    help=BY_NAME["archive"].help,
)
@click.pass_context
def main(ctx: click.Context, store: str, base_iri: str, archive: str) -> None:
    """coopgraph: reports on inter-regional cooperation as a linked-data knowledge graph."""
    ctx.obj = Context(store, base_iri, archive)


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


def _period(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Any:
    from coopgraph.ingest.report_meta import parse_period

    try:
        return parse_period(value) if value else None
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def period_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--period",
        callback=_period,
        help="The report's period when its heading names none or another than its rows: "
        "2020-H1, 2020-H2, 2021-Q3, 2021, 2021-9M or 2021-01-01..2021-05-31 (one report only).",
    )(func)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--quiet", is_flag=True, help="No progress bar, only the summary.")
@corrections_option
@period_option
@click.pass_obj
@user_errors
def ingest(obj: Context, paths: tuple[str, ...], quiet: bool, corrections: str, period: Any) -> None:
    """Ingest report files or folders (DOCX, ODT or text dumps) into the store.

    Every report is validated, and its heading's period checked against its rows' dates; a
    report with a violation or a disagreement is rejected whole and the store keeps its
    previous version. Re-ingesting a report replaces its graph atomically; the replaced
    version and the source file stay in the archive (`coopgraph history REPORT`).
    """
    from coopgraph.corrections import load_corrections
    from coopgraph.ingest.readers import collect_report_paths
    from coopgraph.pipeline import ingest_paths

    files = collect_report_paths(paths)
    if period is not None and len(files) > 1:
        raise click.UsageError(f"--period names the period of one report; {len(files)} files were given")
    loaded = load_corrections(corrections)
    for problem in loaded.problems:  # skipped lines: named, and the ingest goes on
        console.print(f"warning: {problem}", highlight=False)
    with obj.open_store() as store, Progress(console=console, disable=quiet, transient=True) as progress:
        task = progress.add_task("ingesting", total=len(files))
        outcomes = ingest_paths(
            files,
            store,
            obj.minter,
            on_progress=lambda _o: progress.advance(task),
            corrections=loaded,
            period=period,
            archive=obj.archive(store),
        )
    table = Table(title="coopgraph ingest")
    for col in ("file", "report", "status", "events", "clean", "flagged", "triples", "encoding", "warnings"):
        table.add_column(col, overflow="fold", no_wrap=col not in ("file", "report"))
    for o in outcomes:
        status = o.status or ("replaced" if o.replaced else "new")
        if not o.ok:
            status = "REJECTED"
        table.add_row(
            o.path.name,
            o.report_id or "-",
            status,
            str(o.events),
            str(o.rows_clean),
            str(o.rows_flagged),
            str(o.triples),
            o.encoding or (o.path.suffix.lstrip(".").lower() if o.ok else "-"),
            str(len(o.warnings)),
        )
    out.print(table)
    for o in outcomes:
        if line := _version_line(o):
            out.print(line, highlight=False, soft_wrap=True)
    for o in outcomes:
        for w in o.warnings:
            console.print(f"[yellow]warning[/]: {w}", highlight=False)
        if not o.ok:
            console.print(f"[red]error[/]: {o.error}", highlight=False)
    if any(not o.ok for o in outcomes):
        sys.exit(1)


def _described(v: Any) -> str:
    return f"version {v.number} ({v.file_name}, {v.rows} rows, {v.triples} triples, sha256 {v.sha256})"


def _version_line(o: Any) -> str:
    """What an ingest did to the stored versions of a report."""
    if not o.ok or o.version is None:
        return ""
    if o.status == "unchanged":
        return f"{o.report_id}: unchanged, the store already holds this graph as {_described(o.version)}"
    if o.status == "replaced":
        return (
            f"{o.report_id}: replaced {_described(o.previous)} with {_described(o.version)}; "
            f"bring it back with `coopgraph restore --report {o.report_id} --version {o.previous.number}`"
        )
    return f"{o.report_id}: stored as {_described(o.version)}"


@main.command()
@click.argument("path", type=click.Path())
@corrections_option
@period_option
@click.pass_obj
def validate(obj: Context, path: str, corrections: str, period: Any) -> None:
    """Validate one report without storing it.

    Exit 0 conforms, 1 does not conform (a SHACL violation, an impossible value such as
    "31 февраля", a heading whose period the rows contradict), 2 error (the file cannot be
    read as a report).
    """
    from coopgraph.corrections import load_corrections
    from coopgraph.ingest.period_check import PeriodMismatch
    from coopgraph.pipeline import prepare

    try:
        prepared = prepare(path, obj.minter, load_corrections(corrections), period=period)
    except (ValidationFailed, ExtractionError, PeriodMismatch) as exc:
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
    """Delete a report's graph from the store; its last version stays restorable."""
    from coopgraph.history import remove_version
    from coopgraph.pipeline import list_reports

    with obj.open_store() as store:
        change = remove_version(store, obj.archive(store), obj.minter, report)
        if change is None:
            known = ", ".join(list_reports(store, obj.minter)) or "none"
            raise click.ClickException(f"no report {report!r} in the store (stored: {known})")
    kept = change.previous.number if change.previous else "?"
    out.print(
        f"removed {report}; bring it back with `coopgraph restore --report {report} --version {kept}`",
        highlight=False,
    )


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
        from coopgraph.atomic_files import write_atomically

        write_atomically(Path(output), data)  # whole or not at all, even on a full disk
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
    from coopgraph.queries import canned_queries, get_canned
    from coopgraph.server.network_wall import WallRefused, call_walled
    from coopgraph.server.query_safety import UnsafeOperation, check

    if list_:
        for q in canned_queries().values():
            params = ", ".join(f"{p.name} ({p.type})" for p in q.parameters) or "no parameters"
            out.print(f"[bold]{q.name}[/]: {q.title} — {params}\n  {q.description}")
        return
    if bool(sparql) == bool(canned):
        raise click.UsageError("give either a SPARQL query or --canned NAME")
    if canned:
        values = dict(_split_param(p) for p in param)
        text = get_canned(canned).sparql(values, base_iri=obj.minter.base)
    else:
        text = Path(sparql[1:]).read_text(encoding="utf-8") if sparql.startswith("@") else sparql
    with obj.open_store(read_only=True) as store:
        # The endpoint's check: a shared .rq must not make this machine call out either.
        try:
            check(text, known_graphs=set(store.named_graphs()))
        except UnsafeOperation as exc:
            raise click.ClickException(str(exc)) from None
    # The second wall, as in the server's query workers: the query runs in a child process that
    # cannot call out; this process (maybe a program using the CLI as a library) keeps its network.
    try:
        columns, rows = call_walled(str(obj.store_path), resolve()["network_wall"], _select, obj, text)
    except WallRefused as exc:
        raise click.ClickException(str(exc)) from None
    _print_rows(columns, rows, fmt)


def _select(obj: Context, text: str) -> tuple[list[str], list[list[object]]]:
    """Columns and rows of a SELECT over the store (run behind the network wall)."""
    from coopgraph.queries import select_rows

    with obj.open_store(read_only=True) as store:
        try:
            result = store.query(text)
        except SyntaxError as exc:
            raise click.ClickException(f"SPARQL syntax error: {exc}") from None
        if not hasattr(result, "variables"):
            raise click.ClickException(
                "only SELECT queries can be shown as a table; use the endpoint for others"
            )
        return select_rows(result)


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
    """Write every graph as N-Quads plus a manifest with checksums into FOLDER, and the report
    archive (source files, versions) into FOLDER/archive."""
    from coopgraph.backup import backup as make_backup

    with obj.open_store(read_only=True) as store:
        manifest = make_backup(store, Path(folder))
        # The report archive (source files, every version) goes with it, in its own folder.
        files = obj.archive(store).copy_to(Path(folder) / "archive")
    out.print(
        f"backed up {len(manifest['graphs'])} graphs ({manifest['bytes']} bytes) and {files} archive "
        f"files to {folder}"
    )


@main.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False))
@click.option("--report", help="Restore one version of this report from its history instead.")
@click.option("--version", "number", type=int, help="The version of --report (see `coopgraph history`).")
@click.pass_obj
@user_errors
def restore(obj: Context, folder: str | None, report: str | None, number: int | None) -> None:
    """Replace the store's graphs with a backup's in FOLDER, after checking its checksums; or,
    with --report and --version, bring back one version of one report (recorded as a new version).
    """
    from coopgraph.backup import read_backup
    from coopgraph.backup import restore as apply_backup

    if report is not None or number is not None:
        if folder or report is None or number is None:
            raise click.UsageError("give either a backup FOLDER, or --report REPORT and --version N")
        from coopgraph.history import restore_version

        with obj.open_store() as store:
            change = restore_version(store, obj.archive(store), obj.minter, report, number)
        if change.status == "unchanged":
            held = change.version.number
            out.print(f"{report}: unchanged, the store already holds version {number} (as version {held})")
        else:
            out.print(f"restored {report} version {number} as {_described(change.version)}", highlight=False)
        return
    if not folder:
        raise click.UsageError("give either a backup FOLDER, or --report REPORT and --version N")
    from coopgraph.history import record_stored
    from coopgraph.pipeline import list_reports

    with obj.open_store() as store:
        archive = obj.archive(store)
        # What the store holds now stays restorable: each report's graph is a version first.
        record_stored(store, archive, obj.minter, list_reports(store, obj.minter))
        read_backup(Path(folder))  # a bad backup changes nothing, the archive included
        if (Path(folder) / "archive").is_dir():
            archive.merge_from(Path(folder) / "archive")
        manifest = apply_backup(store, Path(folder))
    out.print(f"restored {len(manifest['graphs'])} graphs from {folder} (made {manifest['created']})")


def _setting_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """One CLI flag per server setting, generated from the settings table."""
    for setting in reversed(SETTINGS):
        if setting.name in {"store", "base_iri", "archive"}:
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

    settings = resolve(
        {**flags, "store": obj.store_path, "base_iri": obj.minter.base, "archive": obj.archive_path}
    )
    console.print(f"serving {settings['store']} on http://{settings['host']}:{settings['port']}/")
    run_server(settings)


# The commands of the other areas register themselves on `main` when imported.
from coopgraph import cli_curation, cli_history, cli_network  # noqa: E402, F401

if __name__ == "__main__":
    # Run as `python -m coopgraph.cli`: use the importable module, on whose `main` the other
    # areas' commands register, not this `__main__` copy of it.
    from coopgraph.cli import main as entry_point

    entry_point()
