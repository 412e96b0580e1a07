"""`coopgraph history REPORT`: the stored versions of a report (see coopgraph.history).

Bringing a version back is `coopgraph restore --report REPORT --version N` (in coopgraph.cli,
beside the whole-store `restore FOLDER`): one verb for "put back what was there".
"""

from __future__ import annotations

import csv
import sys

import click
from rich.table import Table

from coopgraph.cli.group import Context, console, main, out, user_errors
from coopgraph.cli.i18n import N_, _

ACTIONS = {
    "ingest": N_("ingested"),
    "restore": N_("restored"),
    "remove": N_("removed"),
    "found": N_("found in the store"),
}


# CSV headers stay English (scripts read them); the table shows them translated.
COLUMNS = (N_("version"), N_("time"), N_("action"), N_("file"), N_("sha256"), N_("rows"), N_("triples"))


@main.command(
    help=N_(
        "The versions of REPORT: number, time, what happened, file name, SHA-256, rows, triples.\n\n"
        "Every ingest that changes a report, every restore and every removal is a version; the "
        "marked one is what the store holds now. Bring one back with "
        "`coopgraph restore --report REPORT --version N`."
    )
)
@click.argument("report")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True,
    help=N_("A table for reading, or CSV (one line per version) for scripts."),
)  # fmt: skip
@click.pass_obj
@user_errors
def history(obj: Context, report: str, fmt: str) -> None:
    with obj.open_store(read_only=True) as store:
        archive = obj.archive(store)
        versions = archive.versions(report)
        stored = store.has_graph(obj.minter.report_graph(report))
    if not versions:
        raise click.ClickException(
            _("report {report!r} has no history in {folder}").format(report=report, folder=archive.folder)
            + (_(" (stored before the archive existed: its next change records it)") if stored else "")
        )
    rows = []
    for v in versions:
        action = _(ACTIONS[v.action]) if v.action in ACTIONS else v.action
        if v.refers_to is not None:
            action += _(" (version {number})").format(number=v.refers_to)
        if v.period:
            action += f", --period {v.period}"
        current = stored and v is versions[-1]
        rows.append([
            f"{v.number}{' *' if current else ''}", v.time, action, v.file_name or "-", v.sha256 or "-",
            "-" if v.rows is None else str(v.rows), "-" if v.triples is None else str(v.triples),
        ])  # fmt: skip
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    else:
        table = Table(title=f"{report} ({archive.folder})")
        for col in COLUMNS:
            table.add_column(_(col), overflow="fold")
        for row in rows:
            table.add_row(*row)
        out.print(table)
    console.print(
        _("{count} versions").format(count=len(versions))
        + (_("; * = stored now") if stored else _("; not stored now"))
    )
