"""Review and correct: a report's rows side by side (source cells and extracted values) with
their flags, a correction form per row, and the entity registry.

Routes: ``/review`` (reports), ``/review/<report>`` (the rows), ``POST
/review/<report>/corrections`` (append a correction and re-ingest the report), ``/entities``
and ``POST /entities/corrections`` (merge, alias, split… and re-ingest every report).

Writing needs the update token (setting ``update_token``; empty = no writes at all), given as
``Authorization: Bearer …`` or as the form field ``token``, compared with
``hmac.compare_digest``. There are no cookies or sessions, so a cross-site form cannot borrow a
user's credentials: the token itself must be in the request (which is the CSRF defence).
The report is re-ingested from its source file in the ``reports`` folder with the corrections
of the ``corrections`` folder; one write at a time per process.
"""

from __future__ import annotations

import hmac
import threading
from typing import TYPE_CHECKING, Any

from flask import Blueprint, abort, current_app, redirect, render_template, request
from flask_babel import gettext, lazy_gettext
from werkzeug.wrappers import Response

from coopgraph.curation.entities import KINDS, list_entities
from coopgraph.curation.review import ReviewError, build_review
from coopgraph.errors import CoopgraphError
from coopgraph.ingest.corrections.files import (
    ENTITY_ACTIONS,
    LIST_ACTIONS,
    ROW_FIELDS,
    SCALAR_FIELDS,
    CorrectionError,
    EntityCorrection,
    RowCorrection,
    now,
)
from coopgraph.server import review_grid
from coopgraph.server.errors import error_html
from coopgraph.server.i18n import current_lang, url
from coopgraph.server.labels import local_href
from coopgraph.server.render_cache import cached_render
from coopgraph.store import GraphStore, open_store

if TYPE_CHECKING:  # the ingest side loads only when a correction is written
    from coopgraph.pipeline import IngestOutcome

blueprint = Blueprint("review", __name__)
_write_lock = threading.Lock()

# Entity kinds of the registry, as the pages name them.
KIND_LABELS = {
    "org": lazy_gettext("Organisations"),
    "person": lazy_gettext("People"),
    "place": lazy_gettext("Places"),
}


@blueprint.context_processor
def _helpers() -> dict[str, Any]:
    return {
        "kind_label": lambda kind: str(KIND_LABELS.get(kind, kind)),
        "href": lambda iri: local_href(iri) or iri,
    }


def _settings() -> dict[str, Any]:
    return current_app.config["COOPGRAPH"]


def _store() -> GraphStore:
    return current_app.extensions["coopgraph.store"].get()


def _minter() -> Any:
    return current_app.extensions["coopgraph.minter"]


def token_ok() -> bool:
    """True when the request carries the update token (never when none is set)."""
    expected = _settings().get("update_token") or ""
    if not expected:
        return False
    header = request.headers.get("Authorization", "")
    given = header[7:] if header.lower().startswith("bearer ") else request.form.get("token", "")
    return hmac.compare_digest(given.strip().encode("utf-8"), expected.encode("utf-8"))


@blueprint.get("/review")
def index() -> str:
    from coopgraph.pipeline import list_reports  # the ingest side loads only when needed

    reports = list_reports(_store(), _minter())
    return render_template("review_index.html", reports=reports)


@blueprint.get("/review/<report>")
def report_review(report: str) -> str:
    return _review_page(report)


def _review_page(report: str, error: dict[str, Any] | None = None, status: int = 200) -> Any:
    """The grid of a report's rows, flagged rows first; with `error`, the field it names is open
    with the typed input kept and the message beside it."""
    store = _store()
    try:
        # SHACL over the report takes seconds: once per store generation, not per GET.
        result = cached_render(store, ("review", report), lambda: build_review(store, _minter(), report))
    except ReviewError:
        abort(404)
    only_flagged = request.args.get("flagged") == "1"
    lang = current_lang()
    tools = cached_render(
        store, ("review-widgets", lang), lambda: review_grid.widgets(store, lang, _minter().place("by-"))
    )
    # Flagged rows first, those with review flags (a value unread or vague) before the rest.
    order = sorted(result.rows, key=lambda r: (not r.flagged, not r.flags, r.row))
    rows = result.flagged() if only_flagged else order
    if error is not None:  # beside its field when the grid shows that field, else above the grid
        error["beside"] = error["field"] in ROW_FIELDS and any(r.row == error["row"] for r in rows)
    html = render_template(
        "review.html",
        review=result,
        rows=rows,
        only_flagged=only_flagged,
        widgets=tools,
        summary=review_grid.flag_summary(result, tools),
        field_label=lambda f: str(review_grid.FIELD_LABELS.get(f, f)),
        column_label=lambda c: str(review_grid.COLUMN_LABELS.get(c, c)),
        action_label=lambda a: str(review_grid.ACTION_LABELS.get(a, a)),
        agreement_label=lambda a: str(review_grid.AGREEMENT_LABELS.get(a, a)),
        list_actions=LIST_ACTIONS,
        writable=bool(_settings().get("update_token")),
        saved=request.args.get("saved"),
        error=error,
    )
    return html if status == 200 else (html, status)


@blueprint.post("/review/<report>/corrections")
def add_correction(report: str) -> Response | tuple[str, int]:
    form = request.form
    try:
        row = int(form.get("row", ""))
    except ValueError:
        return _bad(gettext("row must be a number"))
    field = form.get("field", "")
    action = form.get("action", "") or ("set" if field in SCALAR_FIELDS else "")
    typed = {name: form.get(name, "") for name in ("value", "match", "author", "note")}

    def beside_field(message: str, status: int = 400) -> tuple[str, int]:
        """The grid again, the message beside the field and the input kept."""
        error = {"row": row, "field": field, "action": action, "message": message, **typed}
        return _review_page(report, error, status)

    if not token_ok():
        return beside_field(gettext("The update token is missing or wrong."), 403)
    value = typed["value"]
    if field in ("start", "end"):
        value = review_grid.typed_date(value) or ""
        if not value:
            return beside_field(review_grid.date_error(field))
    correction = RowCorrection(
        row, field, action, typed["match"], value, typed["author"], now(), typed["note"],
    )  # fmt: skip
    try:
        outcome = _correct_row(report, correction)
    except (ReviewError, CorrectionError) as exc:
        if isinstance(exc, ReviewError) and "no report" in str(exc):
            abort(404)
        return beside_field(str(exc))
    except CoopgraphError as exc:
        return _bad(str(exc), 503)
    if outcome is not None and not outcome.ok:
        return beside_field(gettext("The correction was not kept: %(error)s", error=outcome.error), 422)
    return redirect(url("review.report_review", report=report, saved=row, _anchor=f"row-{row}"), code=303)


def _writable_store() -> GraphStore:
    """The store opened for one write where the ``store`` setting puts it: a folder or a SPARQL
    server (never a folder named after the server's URL)."""
    return open_store(_settings()["store"])


def _correct_row(report: str, correction: RowCorrection) -> IngestOutcome | None:
    """Append the correction and re-ingest the report (one write at a time per process)."""
    from coopgraph.curation.reingest import correct_row
    from coopgraph.history import archive_for

    settings = _settings()
    with _write_lock, _writable_store() as store:
        _, outcome = correct_row(
            store, _minter(), report, correction,
            reports=settings["reports"], corrections=settings["corrections"],
            archive=archive_for(store, settings.get("archive")),
        )  # fmt: skip
    return outcome


def _bad(message: str, code: int = 400) -> tuple[str, int]:
    return error_html(code, message)


@blueprint.get("/entities")
def entities() -> str:
    kind = request.args.get("kind") or None
    if kind is not None and kind not in KINDS:
        abort(400, gettext("kind: choose one of %(choices)s", choices=", ".join(KINDS)))
    return render_template(
        "entities.html",
        entities=list_entities(_store(), kind),
        kind=kind,
        kinds=KINDS,
        actions=ENTITY_ACTIONS,
        writable=bool(_settings().get("update_token")),
        saved=request.args.get("saved"),
    )


@blueprint.post("/entities/corrections")
def add_entity_correction() -> Response | tuple[str, int]:
    """Merge, alias, split, within or country: appended to entities.csv, every report re-ingested."""
    if not token_ok():
        return _bad(gettext("The update token is missing or wrong."), 403)
    form = request.form
    text = {name: form.get(name, "").strip() for name in ("kind", "key", "action", "value", "name", "author")}
    correction = EntityCorrection(
        text["kind"], text["key"], text["action"], text["value"], text["name"], text["author"],
        time=now(), note=form.get("note", ""),
    )  # fmt: skip
    from coopgraph.curation.reingest import correct_entity
    from coopgraph.history import archive_for

    settings = _settings()
    with _write_lock:
        try:
            with _writable_store() as store:
                _, outcomes = correct_entity(
                    store, _minter(), correction,
                    reports=settings["reports"], corrections=settings["corrections"],
                    archive=archive_for(store, settings.get("archive")),
                )  # fmt: skip
        except CorrectionError as exc:
            return _bad(str(exc))
        except CoopgraphError as exc:
            return _bad(str(exc), 503)
    failed = [o for o in outcomes if not o.ok and not isinstance(o.error, ReviewError)]
    if failed:  # the correction was not kept (see correct_entity)
        return _bad("; ".join(str(o.error) for o in failed), 422)
    return redirect(url("review.entities", saved=correction.action), code=303)
