"""The analyst query pack on the web, as Datasette shows canned queries.

``/queries`` lists the queries; ``/queries/NAME`` shows a form for the parameters and the
result table; ``/queries/NAME.json`` and ``/queries/NAME.csv`` return the data. Parameter
values come from the query string and are bound as RDF terms by `CannedQuery.sparql` (a
VALUES block), never spliced into the query text. Results are capped at the ``max_rows``
setting; a capped result says so (``truncated`` in JSON, ``X-Coopgraph-Truncated`` in CSV).
The queries run in the killable query workers and their answers are cached per store
generation (`worker_rows`); a query over ``query_timeout`` is answered 503.
"""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
from flask import Blueprint, Response, abort, current_app, render_template, request
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from coopgraph.formats import Media
from coopgraph.publish.queries import CannedQuery, QueryError, canned_queries, get_canned, term_value
from coopgraph.publish.tables import spreadsheet_text
from coopgraph.server import page_queries, worker_rows
from coopgraph.server.codes import QUERY_TERMS, name_of
from coopgraph.server.describe import Value
from coopgraph.server.errors import error_page
from coopgraph.server.i18n import current_lang
from coopgraph.server.labels import bind, label_or_name, labels, local_href
from coopgraph.server.listing import Choice
from coopgraph.server.query_workers import QueryError as WorkerError
from coopgraph.store import GraphStore

blueprint = Blueprint("canned", __name__)
blueprint.register_error_handler(HTTPException, error_page)

# Parameters offered as a drop-down of the values in the store.
CHOICES = {
    "sector": (page_queries.SECTORS_IN_USE, "sector"),
    "region": (page_queries.BELARUS_REGIONS_IN_USE, "region"),
    "report": (page_queries.REPORTS, "report"),
}


def _store() -> GraphStore:
    return current_app.extensions["coopgraph.store"].get()


def title(query: CannedQuery, lang: str) -> str:
    return query.title_ru if lang == "ru" else query.title


def run(query: CannedQuery, values: dict[str, str], max_rows: int) -> tuple[list[str], list[list], bool]:
    """Columns, rows of RDF terms (None when unbound) and whether the rows were capped.

    The query runs in a killable query worker (the query_timeout setting holds for it as for
    /sparql) and its answer is cached until the next write: a repeated canned query is a look-up. The
    worker answers SPARQL TSV, which pyoxigraph reads back into terms without loss."""
    base = current_app.extensions["coopgraph.minter"].base
    text = query.sparql(values, base_iri=base)  # QueryError: the caller answers 400 in the asked format
    result = worker_rows.run_select(_store(), text)
    found = worker_rows.solutions(result)
    columns = [v.value for v in found.variables if not v.value.startswith("param_")]
    rows = [[solution[c] for c in columns] for solution in found]
    return columns, rows[:max_rows], result.truncated or len(rows) > max_rows


@blueprint.get("/queries")
def index() -> str:
    lang = current_lang()
    return render_template(
        "queries.html",
        queries=list(canned_queries().values()),
        title_of=lambda cq: title(cq, lang),
        term_label=lambda name: name_of(QUERY_TERMS, name),
    )


@blueprint.get("/queries/<name>")
def show(name: str) -> Response | str:
    fmt = "html"
    for ext in ("json", "csv"):
        if name.endswith("." + ext):
            name, fmt = name[: -len(ext) - 1], ext
    try:
        query = get_canned(name)
    except QueryError as exc:
        return _fail(fmt, 404, str(exc))
    declared = {p.name for p in query.parameters}
    values = {k: v for k, v in request.args.items() if k in declared and v.strip()}
    max_rows = int(current_app.config["COOPGRAPH"]["max_rows"])
    if fmt in ("json", "csv"):
        # The written body is kept for the generation: writing 10,000 rows costs more than the
        # look-up of the worker's answer.
        bodies = current_app.extensions["coopgraph.canned_bodies"]
        generation, key = _store().generation(), (name, tuple(sorted(values.items())), fmt)
        kept = bodies.get(generation, key)
        if kept is None:
            try:
                kept = _written(fmt, name, *run(query, values, max_rows))
            except _RUN_ERRORS as exc:
                return _failed(fmt, exc)
            bodies.put(generation, key, kept)
        return _response(fmt, name, *kept)
    try:
        columns, rows, truncated = run(query, values, max_rows)
    except _RUN_ERRORS as exc:
        return _failed(fmt, exc)
    return _html(query, values, columns, rows, truncated, max_rows)


_RUN_ERRORS = (QueryError, WorkerError, ServiceUnavailable)


def _failed(fmt: str, exc: Exception) -> Response:
    if isinstance(exc, QueryError):  # the parameters: the client's to fix
        return _fail(fmt, 400, str(exc))
    if isinstance(exc, WorkerError):  # a failed evaluation
        return _fail(fmt, exc.status, exc.message)
    assert isinstance(exc, ServiceUnavailable)  # timeout, busy workers, store locked
    return _fail(fmt, 503, exc.description or "")


def _written(
    fmt: str, name: str, columns: list[str], rows: list[list], truncated: bool
) -> tuple[bytes, bool]:
    if fmt == "json":
        body = {
            "query": name,
            "columns": columns,
            "truncated": truncated,
            "row_count": len(rows),
            "rows": [{c: term_value(v) for c, v in zip(columns, row, strict=True)} for row in rows],
        }
        return json.dumps(body, ensure_ascii=False).encode("utf-8"), truncated
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    # Spreadsheet-bound: text cells defused (numbers, being numbers, are left alone).
    writer.writerows(["" if v is None else spreadsheet_text(term_value(v)) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8"), truncated


def _response(fmt: str, name: str, body: bytes, truncated: bool) -> Response:
    if fmt == "json":
        return Response(body, mimetype=Media.JSON)
    response = Response(body, mimetype=Media.CSV)
    response.mimetype_params["charset"] = "utf-8"
    response.headers["Content-Disposition"] = f'inline; filename="{name}.csv"'
    response.headers["X-Coopgraph-Truncated"] = "true" if truncated else "false"
    return response


def _fail(fmt: str, status: int, message: str) -> Response:
    """An error in the format the client asked for: JSON for .json, plain text for .csv.

    The message may echo the client's value: in JSON, <, > and & are escaped as well, so no
    browser that ignores the media type can read markup in it."""
    if fmt == "json":
        body = json.dumps({"error": message}, ensure_ascii=False)
        body = body.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return Response(body, status, mimetype=Media.JSON)
    if fmt == "csv":
        return Response(message + "\n", status, mimetype=Media.PLAIN_TEXT)
    abort(status, message)


def _html(
    query: CannedQuery,
    values: dict[str, str],
    columns: list[str],
    rows: list[list],
    truncated: bool,
    max_rows: int,
) -> str:
    store, lang = _store(), current_lang()
    iris = {v.value for row in rows for v in row if isinstance(v, ox.NamedNode)}
    choices: dict[str, list[Choice]] = {}
    choice_rows = {}
    for p in query.parameters:
        if p.type == "iri" and p.name in CHOICES:
            sparql, var = CHOICES[p.name]
            choice_rows[p.name] = [r[var].value for r in worker_rows.select(store, bind(sparql, {}))]
            iris.update(choice_rows[p.name])
    found = labels(store, iris, lang)
    for name, options in choice_rows.items():
        # Offered by short key (culture, by-vi, a report id), as every other page takes them.
        choices[name] = [Choice(o.rsplit("/", 1)[-1], label_or_name(found, o, lang)) for o in options]

    def cell(term: object) -> Value:
        if isinstance(term, ox.NamedNode):
            href = local_href(term.value)
            return Value(
                label_or_name(found, term.value, lang), href=href, external=None if href else term.value
            )
        value = term_value(term)
        return Value("" if value is None else str(value))

    return render_template(
        "query.html",
        query=query,
        title=title(query, lang),
        values=values,
        choices=choices,
        columns=columns,
        rows=[[cell(v) for v in row] for row in rows],
        truncated=truncated,
        max_rows=max_rows,
        sparql=query.sparql(values, base_iri=current_app.extensions["coopgraph.minter"].base),
        term_label=lambda name: name_of(QUERY_TERMS, name),
    )
