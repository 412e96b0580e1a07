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
from coopgraph.cli_i18n import N_, TranslatedGroup, _, use_catalogue
from coopgraph.ingest.errors import CoopgraphError, ExtractionError, ValidationFailed
from coopgraph.ingest.iris import Minter
from coopgraph.settings import BY_NAME, GLOBAL_SETTINGS, INGEST_SETTINGS, SETTINGS, resolve
from coopgraph.store import GraphStore, open_store

use_catalogue()  # the CLI is the application: click's own words come from our catalogue too
console = Console(stderr=True)
out = Console(soft_wrap=True)


class Context:
    def __init__(self, store: str, base_iri: str, archive: str = "") -> None:
        self.store_path = store
        self.archive_path = archive
        self.minter = Minter(base_iri)

    def open_store(self, *, read_only: bool = False) -> GraphStore:
        return open_store(self.store_path, read_only=read_only)

    def archive(self, store: GraphStore) -> Archive:
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


@click.group(
    cls=TranslatedGroup,
    help=N_("coopgraph: reports on inter-regional cooperation as a linked-data knowledge graph."),
)
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
        help=N_(
            "The report's period when its heading names none or another than its rows: "
            "2020-H1, 2020-H2, 2021-Q3, 2021, 2021-9M or 2021-01-01..2021-05-31 (one report only)."
        ),
    )(func)


@main.command(
    help=N_(
        "Ingest report files or folders (DOCX, ODT or text dumps) into the store.\n\n"
        "Every report is validated, and its heading's period checked against its rows' dates; a "
        "report with a violation or a disagreement is rejected whole and the store keeps its "
        "previous version. Re-ingesting a report replaces its graph atomically; the replaced "
        "version and the source file stay in the archive (`coopgraph history REPORT`)."
    )
)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--quiet", is_flag=True, help=N_("No progress bar, only the summary."))
@corrections_option
@period_option
@click.option(
    "--publish-interval",
    envvar=BY_NAME["publish_interval"].env,
    default=BY_NAME["publish_interval"].default,
    show_default=True,
    type=click.FloatRange(min=0),
    help=BY_NAME["publish_interval"].help,
)
@click.pass_obj
@user_errors
def ingest(
    obj: Context, paths: tuple[str, ...], quiet: bool, corrections: str, period: Any, publish_interval: float
) -> None:
    from coopgraph.corrections import load_corrections
    from coopgraph.ingest.readers import collect_report_paths
    from coopgraph.pipeline import ingest_paths

    files = collect_report_paths(paths)
    if period is not None and len(files) > 1:
        raise click.UsageError(
            _("--period names the period of one report; {count} files were given").format(count=len(files))
        )
    loaded = load_corrections(corrections)
    for problem in loaded.problems:  # skipped lines: named, and the ingest goes on
        console.print(_("warning: {problem}").format(problem=problem), highlight=False)
    with obj.open_store() as store, Progress(console=console, disable=quiet, transient=True) as progress:
        task = progress.add_task(_("ingesting"), total=len(files))
        outcomes = ingest_paths(
            files,
            store,
            obj.minter,
            on_progress=lambda _o: progress.advance(task),
            corrections=loaded,
            period=period,
            archive=obj.archive(store),
            publish_interval=publish_interval,
        )
    table = Table(title="coopgraph ingest")
    columns = (
        (N_("file"), True), (N_("report"), True), (N_("status"), False), (N_("events"), False),
        (N_("clean"), False), (N_("flagged"), False), (N_("triples"), False), (N_("encoding"), False),
        (N_("warnings"), False),
    )  # fmt: skip
    for col, wide in columns:
        table.add_column(_(col), overflow="fold", no_wrap=not wide)
    for o in outcomes:
        status = _(o.status or ("replaced" if o.replaced else "new"))
        if not o.ok:
            status = _("REJECTED")
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
            console.print(_("[yellow]warning[/]: {warning}").format(warning=w), highlight=False)
        if not o.ok:
            console.print(_("[red]error[/]: {error}").format(error=o.error), highlight=False)
    if any(not o.ok for o in outcomes):
        sys.exit(1)


# What an ingest did to a report (coopgraph.history.Change.status), as the summary shows it.
STATUSES = (N_("new"), N_("replaced"), N_("unchanged"), N_("restored"), N_("removed"))


def described(v: Any) -> str:
    """A stored version of a report in one line (number, file, size, checksum)."""
    return _("version {number} ({file}, {rows} rows, {triples} triples, sha256 {sha256})").format(
        number=v.number, file=v.file_name, rows=v.rows, triples=v.triples, sha256=v.sha256
    )


def _version_line(o: Any) -> str:
    """What an ingest did to the stored versions of a report."""
    if not o.ok or o.version is None:
        return ""
    if o.status == "unchanged":
        return _("{report}: unchanged, the store already holds this graph as {version}").format(
            report=o.report_id, version=described(o.version)
        )
    if o.status == "replaced":
        return _(
            "{report}: replaced {previous} with {version}; "
            "bring it back with `coopgraph restore --report {report} --version {number}`"
        ).format(
            report=o.report_id, previous=described(o.previous), version=described(o.version),
            number=o.previous.number,
        )  # fmt: skip
    return _("{report}: stored as {version}").format(report=o.report_id, version=described(o.version))


@main.command(
    help=N_(
        "Validate one report without storing it.\n\n"
        "Exit 0 conforms, 1 does not conform (a SHACL violation, an impossible value such as "
        '"31 февраля", a heading whose period the rows contradict), 2 error (the file cannot be '
        "read as a report)."
    )
)
@click.argument("path", type=click.Path())
@corrections_option
@period_option
@click.pass_obj
def validate(obj: Context, path: str, corrections: str, period: Any) -> None:
    from coopgraph.corrections import load_corrections
    from coopgraph.ingest.period_check import PeriodMismatch
    from coopgraph.pipeline import prepare

    try:
        prepared = prepare(path, obj.minter, load_corrections(corrections), period=period)
    except (ValidationFailed, ExtractionError, PeriodMismatch) as exc:
        console.print(str(exc), highlight=False)
        sys.exit(1)
    except CoopgraphError as exc:
        console.print(_("error: {error}").format(error=exc), highlight=False)
        sys.exit(2)
    for w in prepared.warnings:
        console.print(_("warning: {problem}").format(problem=w), highlight=False)
    out.print(
        _("{path}: conforms ({events} events, {triples} triples, {warnings} warnings)").format(
            path=path, events=len(prepared.record.events), triples=len(prepared.graph),
            warnings=len(prepared.warnings),
        ),
        highlight=False,
    )  # fmt: skip


@main.command(help=N_("Delete a report's graph from the store; its last version stays restorable."))
@click.argument("report")
@click.pass_obj
@user_errors
def remove(obj: Context, report: str) -> None:
    from coopgraph.history import remove_version
    from coopgraph.pipeline import list_reports

    with obj.open_store() as store:
        change = remove_version(store, obj.archive(store), obj.minter, report)
        if change is None:
            known = ", ".join(list_reports(store, obj.minter)) or _("none")
            raise click.ClickException(
                _("no report {report!r} in the store (stored: {known})").format(report=report, known=known)
            )
    kept = change.previous.number if change.previous else "?"
    out.print(
        _(
            "removed {report}; bring it back with `coopgraph restore --report {report} --version {number}`"
        ).format(report=report, number=kept),
        highlight=False,
    )


# ---------------------------------------------------------------------------- read side

EXPORT_FORMATS = ("ttl", "nt", "trig", "nq", "jsonld")


@main.command(
    help=N_(
        "Write the store (or one report) as Turtle, N-Triples, TriG, N-Quads or JSON-LD.\n\n"
        "With --folder, write all published files into a folder for a portal that takes uploads."
    )
)
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="ttl", show_default=True)
@click.option("--report", help=N_("Only this report's graph (default: everything)."))
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False), help=N_("Write to this file instead of stdout.")
)
@click.option(
    "--folder",
    type=click.Path(file_okay=False),
    help=N_(
        "Write every open-data file (dumps, CSV tables, DCAT, VoID) into this folder "
        "(the files /downloads serves)."
    ),
)
@click.pass_obj
@user_errors
def export(obj: Context, fmt: str, report: str | None, output: str | None, folder: str | None) -> None:
    from coopgraph.export import export_bytes

    if folder:
        if report or output:
            raise click.UsageError(_("--folder writes every file; it takes no --report or --output"))
        from coopgraph.publish import publish

        with obj.open_store(read_only=True) as store:
            written = publish(store, obj.minter, folder)
        console.print(_("wrote {count} files to {folder}").format(count=len(written), folder=folder))
        return
    with obj.open_store(read_only=True) as store:
        data = export_bytes(store, obj.minter, fmt, report=report)
    if output:
        from coopgraph.atomic_files import write_atomically

        write_atomically(Path(output), data)  # whole or not at all, even on a full disk
        console.print(_("wrote {count} bytes to {output}").format(count=len(data), output=output))
    else:
        sys.stdout.buffer.write(data)


@main.command(help=N_("Run a SELECT query (SPARQL text, @FILE, or --canned NAME) over all reports."))
@click.argument("sparql", required=False)
@click.option("--canned", help=N_("Run a query of the analyst query pack by name."))
@click.option("--param", "-p", multiple=True, help=N_("NAME=VALUE for a canned query's parameter."))
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True
)
@click.option("--list", "list_", is_flag=True, help=N_("List the canned queries and their parameters."))
@click.pass_obj
@user_errors
def query(
    obj: Context, sparql: str | None, canned: str | None, param: tuple[str, ...], fmt: str, list_: bool
) -> None:
    from coopgraph.queries import canned_queries, get_canned
    from coopgraph.server.network_wall import WallRefused, call_walled
    from coopgraph.server.query_safety import UnsafeOperation, check

    if list_:
        for q in canned_queries().values():
            params = ", ".join(f"{p.name} ({p.type})" for p in q.parameters) or _("no parameters")
            out.print(f"[bold]{q.name}[/]: {q.title} — {params}\n  {q.description}")
        return
    if bool(sparql) == bool(canned):
        raise click.UsageError(_("give either a SPARQL query or --canned NAME"))
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
            raise click.ClickException(_("SPARQL syntax error: {error}").format(error=exc)) from None
        if not hasattr(result, "variables"):
            raise click.ClickException(
                _("only SELECT queries can be shown as a table; use the endpoint for others")
            )
        return select_rows(result)


def _split_param(text: str) -> tuple[str, str]:
    if "=" not in text:
        raise click.UsageError(_("--param takes NAME=VALUE, got {text!r}").format(text=text))
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
        console.print(_("{count} rows").format(count=len(rows)))


def _setting_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """One CLI flag per server setting, generated from the settings table."""
    for setting in reversed(SETTINGS):
        if setting.name in GLOBAL_SETTINGS | INGEST_SETTINGS:
            continue
        kind = type(setting.default) if not isinstance(setting.default, bool) else bool
        func = click.option(
            setting.flag,
            setting.name,
            type=kind,
            default=None,
            help=setting.help + f" [default: {setting.default!r}; env {setting.env}]",
        )(func)
    return func


@main.command(help=N_("Serve the SPARQL endpoint, linked-data pages and downloads (waitress)."))
@_setting_options
@click.pass_obj
@user_errors
def serve(obj: Context, **flags: Any) -> None:
    from coopgraph.server.wsgi import serve as run_server

    settings = resolve(
        {**flags, "store": obj.store_path, "base_iri": obj.minter.base, "archive": obj.archive_path}
    )
    console.print(
        _("serving {store} on http://{host}:{port}/").format(
            store=settings["store"], host=settings["host"], port=settings["port"]
        )
    )
    run_server(settings)


# The commands of the other areas register themselves on `main` when imported.
from coopgraph import cli_curation, cli_history, cli_network, cli_store  # noqa: E402, F401

if __name__ == "__main__":
    # Run as `python -m coopgraph.cli`: use the importable module, on whose `main` the other
    # areas' commands register, not this `__main__` copy of it.
    from coopgraph.cli import main as entry_point

    entry_point()
