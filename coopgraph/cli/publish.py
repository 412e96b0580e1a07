"""The commands that read the store out: export (a dump, or every published file into a folder)
and query (SPARQL text or a canned query of the analyst query pack)."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import click
from rich.table import Table

from coopgraph import formats
from coopgraph.cli.group import Context, console, main, out, user_errors
from coopgraph.cli.i18n import N_, _
from coopgraph.formats import Kind
from coopgraph.settings import resolve

# The registry's formats that hold a graph or a dataset (coopgraph.publish.export.EXPORT_FORMATS,
# named here without importing the publishing code at start-up).
EXPORT_CHOICES = formats.names(formats.serving(Kind.GRAPH, Kind.DATASET))


@main.command(
    help=N_(
        "Write the store (or one report) as Turtle, N-Triples, JSON-LD, RDF/XML, TriG or N-Quads.\n\n"
        "With --folder, write all published files into a folder for a portal that takes uploads."
    )
)
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_CHOICES), default=formats.TURTLE.name, show_default=True
)
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
    from coopgraph.publish.export import export_bytes

    if folder:
        if report or output:
            raise click.UsageError(_("--folder writes every file; it takes no --report or --output"))
        from coopgraph.publish.build import publish

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
    from coopgraph.publish.queries import canned_queries, get_canned
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
        assert sparql is not None  # exactly one of the two is given (checked above)
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
    from coopgraph.publish.queries import select_rows

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
