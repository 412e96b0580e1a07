"""`coopgraph review`, `entities` and `correct`: the curation commands (the correction files are
described in coopgraph.ingest.corrections.files)."""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable
from typing import Any

import click
from rich.table import Table

from coopgraph.cli.group import Context, console, main, out, user_errors
from coopgraph.cli.i18n import N_, _
from coopgraph.settings import BY_NAME


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
    help=N_("A table for reading, or CSV (one line per row) for a spreadsheet."),
)  # fmt: skip


@main.command(
    help=N_("A report's rows side by side: source cells, extracted values, warnings and corrections.")
)
@click.argument("report")
@click.option(
    "--only-flagged", is_flag=True,
    help=N_("Only rows with warnings (SHACL or extraction); rows with review flags first."),
)  # fmt: skip
@FORMAT
@click.pass_obj
@user_errors
def review(obj: Context, report: str, only_flagged: bool, fmt: str) -> None:
    from rich.text import Text

    from coopgraph.curation.review import build_review

    with obj.open_store(read_only=True) as store:
        result = build_review(store, obj.minter, report)
    rows = result.flagged() if only_flagged else result.rows
    lines = []
    for r in rows:
        flags = (
            [f"FLAG {k}" for k in r.flags] + [f"! {w}" for w in r.warnings] + [f"SHACL {w}" for w in r.shacl]
        )
        flags += [
            _("corrected {field} {action}: {replaced!r} → {new!r} ({author}, {time})").format(
                field=c.field, action=c.action, replaced=c.replaced, new=c.new, author=c.author, time=c.time
            )
            for c in r.corrections
        ]
        lines.append((r, {k: v for k, v in r.source.items() if v}, r.values(), flags))
    if fmt == "csv":
        columns = ["row", *(f"source_{k}" for k in r.source), *r.values(), "flags"] if rows else ["row"]
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for r, _source, values, flags in lines:
            writer.writerow([r.row, *r.source.values(), *values.values(), "\n".join(flags)])
    else:
        table = Table(title=f"{result.report_id} ({result.file_name})", show_lines=True)
        for col in (N_("row"), N_("source"), N_("extracted"), N_("flags")):
            table.add_column(_(col), overflow="fold")
        for r, source, values, flags in lines:
            # Text, not markup: report text may hold brackets ("[bookmark: _GoBack]").
            table.add_row(str(r.row), Text(_cells(source)), Text(_cells(values)), Text("\n".join(flags)))
        out.print(table)
    console.print(
        _("{shown} of {count} rows; {flagged} flagged").format(
            shown=len(rows), count=len(result.rows), flagged=len(result.flagged())
        )
    )


@main.command(
    help=N_(
        "Organisations, people and places across all reports, with their spellings and event "
        "counts (to spot duplicates: merge them with `coopgraph correct merge`)."
    )
)
@click.option(
    "--kind", type=click.Choice(["org", "person", "place"]), help=N_("Only this kind (default: all).")
)
@FORMAT
@click.option(
    "--corrections",
    envvar=BY_NAME["corrections"].env,
    default=BY_NAME["corrections"].default,
    show_default=True,
    help=N_("Also warn about entity corrections of this folder that change nothing in the store."),
)
@click.pass_obj
@user_errors
def entities(obj: Context, kind: str | None, fmt: str, corrections: str) -> None:
    from rich.text import Text

    from coopgraph.curation.entities import list_entities, unused_entity_corrections
    from coopgraph.ingest.corrections.files import load_corrections

    with obj.open_store(read_only=True) as store:
        found = list_entities(store, kind)
        unused = unused_entity_corrections(store, load_corrections(corrections))
    for c in unused:
        console.print(
            _(
                "[yellow]warning[/]: {where}: {kind} {key!r} {action} {value!r} changes nothing "
                "in the stored reports (stale, or the reports were not re-ingested with it)"
            ).format(where=c.where, kind=c.kind, key=c.key, action=c.action, value=c.value),
            highlight=False,
            soft_wrap=True,
        )
    # CSV headers and values stay English (scripts read them); the table shows them translated.
    columns = (N_("kind"), N_("key"), N_("name"), N_("country"), N_("events"), N_("reports"), N_("corrected"),
               N_("spellings"))  # fmt: skip
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
            table.add_column(_(col), overflow="fold")
        for row in rows:
            cells = [*row[:6], _(N_("yes")) if row[6] else "", row[7]]
            table.add_row(*(Text(cell) for cell in cells))
        out.print(table)
    console.print(_("{count} entities").format(count=len(found)))


@main.group(
    help=N_(
        "Record a correction in the corrections folder and re-ingest what it concerns.\n\n"
        "Row corrections go to CORRECTIONS/REPORT.csv, entity corrections (merge, alias, split, "
        "within, country) to CORRECTIONS/entities.csv; see docs for the format."
    )
)
def correct() -> None:
    pass


def _correction_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--note", default="", help=N_("Why (kept with the correction)."))(func)
    func = click.option("--author", required=True, help=N_("Who makes the correction (name)."))(func)
    func = click.option("--no-ingest", is_flag=True, help=N_("Only write the correction; no re-ingest."))(
        func
    )
    return _folder_options(func)


def _report_outcomes(outcomes: list[Any]) -> None:
    for o in outcomes:
        for w in o.warnings:
            if "correction" in str(w):
                console.print(_("[yellow]warning[/]: {warning}").format(warning=w), highlight=False)
        if o.ok:
            console.print(
                _("re-ingested {report}: {events} events, {triples} triples").format(
                    report=o.report_id, events=o.events, triples=o.triples
                )
            )
        else:
            console.print(_("[red]error[/]: {error}").format(error=o.error), highlight=False)
    if any(not o.ok for o in outcomes):
        sys.exit(1)


def _row_correction(obj: Context, report: str, row: int, field: str, action: str, match: str, value: str,
                    flags: dict[str, Any]) -> None:  # fmt: skip
    from coopgraph.curation.reingest import correct_row
    from coopgraph.ingest.corrections.files import RowCorrection, now

    c = RowCorrection(row, field, action, match, value, flags["author"], now(), flags["note"])
    with obj.open_store() as store:
        written, outcome = correct_row(
            store, obj.minter, report, c, reports=flags["reports"], corrections=flags["corrections"],
            ingest=not flags["no_ingest"], archive=obj.archive(store),
        )  # fmt: skip
    out.print(
        _("wrote {where}: row {row}, {field} {action} {match!r} → {value!r}").format(
            where=written.where, row=row, field=field, action=action, match=written.match, value=value
        )
    )
    _report_outcomes([outcome] if outcome else [])


def _entity_correction(obj: Context, kind: str, key: str, action: str, value: str, name: str,
                       flags: dict[str, Any]) -> None:  # fmt: skip
    from coopgraph.curation.reingest import correct_entity
    from coopgraph.ingest.corrections.files import EntityCorrection, now

    c = EntityCorrection(kind, key, action, value, name, flags["author"], now(), flags["note"])
    with obj.open_store() as store:
        written, outcomes = correct_entity(
            store, obj.minter, c, reports=flags["reports"], corrections=flags["corrections"],
            ingest=not flags["no_ingest"], archive=obj.archive(store),
        )  # fmt: skip
    out.print(
        _("wrote {where}: {kind} {key} {action} {value} {name}")
        .format(where=written.where, kind=kind, key=key, action=action, value=value, name=written.name)
        .rstrip()
    )
    _report_outcomes(outcomes)


ROW_FIELD = click.Choice(["title", "sector", "type", "start", "end", "participants"])
LIST_FIELD = click.Choice(["organisation", "person", "place", "region"])
KIND = click.option("--kind", type=click.Choice(["org", "person", "place"]), default="org", show_default=True)


@correct.command(
    "set", help=N_("Set a single value of a row: title, sector, type, start, end, participants.")
)
@click.argument("report")
@click.argument("row", type=int)
@click.argument("field", type=ROW_FIELD)
@click.argument("value")
@click.option("--match", default="", help=N_("The value it replaces (default: the stored value)."))
@_correction_options
@click.pass_obj
@user_errors
def correct_set(
    obj: Context, report: str, row: int, field: str, value: str, match: str, **flags: Any
) -> None:
    _row_correction(obj, report, row, field, "set", match, value, flags)


@correct.command("add", help=N_('Add an organisation ("name|BY"), person, place or region (BY-VI) to a row.'))
@click.argument("report")
@click.argument("row", type=int)
@click.argument("field", type=LIST_FIELD)
@click.argument("value")
@_correction_options
@click.pass_obj
@user_errors
def correct_add(obj: Context, report: str, row: int, field: str, value: str, **flags: Any) -> None:
    _row_correction(obj, report, row, field, "add", "", value, flags)


@correct.command("remove", help=N_("Remove an item (by key, name or text as written) from a row."))
@click.argument("report")
@click.argument("row", type=int)
@click.argument("field", type=LIST_FIELD)
@click.argument("match")
@_correction_options
@click.pass_obj
@user_errors
def correct_remove(obj: Context, report: str, row: int, field: str, match: str, **flags: Any) -> None:
    _row_correction(obj, report, row, field, "remove", match, "", flags)


@correct.command(
    "same-as", help=N_('In one row, the item MATCH is really VALUE (a key, or "name|CC" for organisations).')
)
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
    _row_correction(obj, report, row, field, "same-as", match, value, flags)


@correct.command(
    "merge",
    help=N_("KEY_A is the same entity as KEY_B: KEY_A disappears, its name becomes an alias of KEY_B."),
)
@click.argument("key_a")
@click.argument("key_b")
@KIND
@click.option("--name", default="", help=N_("Name of the kept entity (default: its name in the store)."))
@_correction_options
@click.pass_obj
@user_errors
def correct_merge(obj: Context, key_a: str, key_b: str, kind: str, name: str, **flags: Any) -> None:
    _entity_correction(obj, kind, key_a, "merge", key_b, name, flags)


@correct.command(
    "alias", help=N_("SPELLING (a name or a text as written) means the entity KEY, in every report.")
)
@click.argument("spelling")
@click.argument("key")
@KIND
@_correction_options
@click.pass_obj
@user_errors
def correct_alias(obj: Context, spelling: str, key: str, kind: str, **flags: Any) -> None:
    _entity_correction(obj, kind, spelling, "alias", key, "", flags)


@correct.command(
    "split", help=N_("Records of KEY named or written NAME are another entity (NEW_KEY, default: from NAME).")
)
@click.argument("key")
@click.argument("name")
@click.argument("new_key", required=False)
@KIND
@_correction_options
@click.pass_obj
@user_errors
def correct_split(obj: Context, key: str, name: str, new_key: str | None, kind: str, **flags: Any) -> None:
    from coopgraph.ingest.organisations import organisation_key
    from coopgraph.iris import slugify

    new_key = new_key or (organisation_key(name) if kind == "org" else slugify(name))
    _entity_correction(obj, kind, key, "split", new_key, name, flags)


@correct.command("within", help=N_("The place PLACE lies in PARENT (a district, region... key)."))
@click.argument("place")
@click.argument("parent")
@_correction_options
@click.pass_obj
@user_errors
def correct_within(obj: Context, place: str, parent: str, **flags: Any) -> None:
    _entity_correction(obj, "place", place, "within", parent, "", flags)


@correct.command("country", help=N_("The organisation ORG is of COUNTRY (ISO 3166-1 alpha-2, e.g. BY)."))
@click.argument("org")
@click.argument("country")
@_correction_options
@click.pass_obj
@user_errors
def correct_country(obj: Context, org: str, country: str, **flags: Any) -> None:
    _entity_correction(obj, "org", org, "country", country.upper(), "", flags)
