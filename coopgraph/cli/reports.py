"""The commands that change which reports the store holds: ingest, validate, remove."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click
from rich.progress import Progress
from rich.table import Table

from coopgraph.cli.group import Context, console, described, main, out, user_errors
from coopgraph.cli.i18n import N_, _
from coopgraph.errors import CoopgraphError
from coopgraph.ingest.errors import ExtractionError, ValidationFailed
from coopgraph.settings import BY_NAME


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
    from coopgraph.ingest.corrections.files import load_corrections
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
    out.print(_summary_table(outcomes))
    for o in outcomes:
        if line := _version_line(o):
            out.print(line, highlight=False, soft_wrap=True)
    _print_problems(outcomes)
    if any(not o.ok for o in outcomes):
        sys.exit(1)


def _summary_table(outcomes: list[Any]) -> Table:
    """One line per file: what the ingest did with it."""
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
    return table


def _print_problems(outcomes: list[Any]) -> None:
    """Each report's warnings, and the reason a rejected report was rejected."""
    for o in outcomes:
        for w in o.warnings:
            console.print(_("[yellow]warning[/]: {warning}").format(warning=w), highlight=False)
        if not o.ok:
            console.print(_("[red]error[/]: {error}").format(error=o.error), highlight=False)


# What an ingest did to a report (coopgraph.history.Change.status), as the summary shows it.
STATUSES = (N_("new"), N_("replaced"), N_("unchanged"), N_("restored"), N_("removed"))


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
    from coopgraph.ingest.corrections.files import load_corrections
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
