"""`coopgraph stats`, `backup` and `restore`: the commands about the whole store."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from coopgraph.cli.group import Context, described, main, out, user_errors
from coopgraph.cli.i18n import N_, _


@main.command(help=N_("Counts per report and per class."))
@click.pass_obj
@user_errors
def stats(obj: Context) -> None:
    from coopgraph.publish.stats import store_stats

    with obj.open_store(read_only=True) as store:
        summary = store_stats(store, obj.minter)
    table = Table(title=_("reports"))
    for col in (N_("report"), N_("events"), N_("triples")):
        table.add_column(_(col))
    for r in summary["reports"]:
        table.add_row(r["report"], str(r["events"]), str(r["triples"]))
    out.print(table)
    classes = Table(title=_("resources"))
    classes.add_column(_("class"))
    classes.add_column(_("count"))
    for name, count in summary["classes"].items():
        classes.add_row(name, str(count))
    out.print(classes)
    out.print(_("total triples: {count}").format(count=summary["triples"]))


@main.command(
    help=N_(
        "Write every graph as N-Quads plus a manifest with checksums into FOLDER, and the report "
        "archive (source files, versions) into FOLDER/archive."
    )
)
@click.argument("folder", type=click.Path(file_okay=False))
@click.pass_obj
@user_errors
def backup(obj: Context, folder: str) -> None:
    from coopgraph.store.backup import backup as make_backup

    with obj.open_store(read_only=True) as store:
        manifest = make_backup(store, Path(folder))
        # The report archive (source files, every version) goes with it, in its own folder.
        files = obj.archive(store).copy_to(Path(folder) / "archive")
    out.print(
        _("backed up {graphs} graphs ({bytes} bytes) and {files} archive files to {folder}").format(
            graphs=len(manifest["graphs"]), bytes=manifest["bytes"], files=files, folder=folder
        )
    )


@main.command(
    help=N_(
        "Replace the store's graphs with a backup's in FOLDER, after checking its checksums; or, "
        "with --report and --version, bring back one version of one report (recorded as a new version)."
    )
)
@click.argument("folder", required=False, type=click.Path(file_okay=False))
@click.option("--report", help=N_("Restore one version of this report from its history instead."))
@click.option("--version", "number", type=int, help=N_("The version of --report (see `coopgraph history`)."))
@click.pass_obj
@user_errors
def restore(obj: Context, folder: str | None, report: str | None, number: int | None) -> None:
    from coopgraph.store.backup import read_backup
    from coopgraph.store.backup import restore as apply_backup

    if report is not None or number is not None:
        if folder or report is None or number is None:
            raise click.UsageError(_("give either a backup FOLDER, or --report REPORT and --version N"))
        from coopgraph.history import restore_version

        with obj.open_store() as store:
            change = restore_version(store, obj.archive(store), obj.minter, report, number)
        if change.status == "unchanged":
            held = change.version.number
            out.print(
                _("{report}: unchanged, the store already holds version {number} (as version {held})").format(
                    report=report, number=number, held=held
                )
            )
        else:
            out.print(
                _("restored {report} version {number} as {version}").format(
                    report=report, number=number, version=described(change.version)
                ),
                highlight=False,
            )
        return
    if not folder:
        raise click.UsageError(_("give either a backup FOLDER, or --report REPORT and --version N"))
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
    out.print(
        _("restored {graphs} graphs from {folder} (made {created})").format(
            graphs=len(manifest["graphs"]), folder=folder, created=manifest["created"]
        )
    )
