"""`coopgraph history REPORT`: the stored versions of a report (see coopgraph.history).

Bringing a version back is `coopgraph restore --report REPORT --version N` (in coopgraph.cli,
beside the whole-store `restore FOLDER`): one verb for "put back what was there".
"""

from __future__ import annotations

import csv
import sys

import click
from rich.table import Table

from coopgraph.cli import Context, console, main, out, user_errors

ACTIONS = {
    "ingest": "ingested",
    "restore": "restored",
    "remove": "removed",
    "found": "found in the store",
}


COLUMNS = ("version", "time", "action", "file", "sha256", "rows", "triples")


@main.command()
@click.argument("report")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True,
    help="A table for reading, or CSV (one line per version) for scripts.",
)  # fmt: skip
@click.pass_obj
@user_errors
def history(obj: Context, report: str, fmt: str) -> None:
    """The versions of REPORT: number, time, what happened, file name, SHA-256, rows, triples.

    Every ingest that changes a report, every restore and every removal is a version; the
    marked one is what the store holds now. Bring one back with
    `coopgraph restore --report REPORT --version N`.
    """
    with obj.open_store(read_only=True) as store:
        archive = obj.archive(store)
        versions = archive.versions(report)
        stored = store.has_graph(obj.minter.report_graph(report))
    if not versions:
        raise click.ClickException(
            f"report {report!r} has no history in {archive.folder}"
            + (" (stored before the archive existed: its next change records it)" if stored else "")
        )
    rows = []
    for v in versions:
        action = ACTIONS.get(v.action, v.action)
        if v.refers_to is not None:
            action += f" (version {v.refers_to})"
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
            table.add_column(col, overflow="fold")
        for row in rows:
            table.add_row(*row)
        out.print(table)
    console.print(f"{len(versions)} versions" + ("; * = stored now" if stored else "; not stored now"))
