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
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request
from werkzeug.wrappers import Response

from coopgraph.corrections import (
    ENTITY_ACTIONS,
    LIST_ACTIONS,
    ROW_FIELDS,
    SCALAR_FIELDS,
    CorrectionError,
    EntityCorrection,
    RowCorrection,
    now,
)
from coopgraph.entities import KINDS, list_entities
from coopgraph.ingest.errors import CoopgraphError
from coopgraph.review import ReviewError, build_review
from coopgraph.server.i18n import current_lang
from coopgraph.server.labels import local_href
from coopgraph.server.render_cache import cached_render
from coopgraph.store import Store

blueprint = Blueprint("review", __name__)
_write_lock = threading.Lock()

STRINGS: dict[str, tuple[str, str]] = {
    "review": ("Проверка отчёта", "Report review"),
    "reviews": ("Проверка отчётов", "Review reports"),
    "reviews_intro": (
        "Строки отчёта рядом с тем, что из них извлечено; предупреждения отмечены. Исправления "
        "сохраняются в файлах исправлений и применяются при каждой загрузке.",
        "The report's rows next to what was extracted from them, warnings flagged. Corrections are "
        "kept in the corrections files and applied on every ingest.",
    ),
    "row": ("Строка", "Row"),
    "rows": ("строк", "rows"),
    "source": ("Исходный текст", "Source text"),
    "extracted": ("Извлечено", "Extracted"),
    "warnings": ("Предупреждения", "Warnings"),
    "corrections": ("Исправления", "Corrections"),
    "correct": ("Исправить", "Correct"),
    "field": ("Поле", "Field"),
    "action": ("Действие", "Action"),
    "match": ("Было (что исправить)", "Match (what to correct)"),
    "value": ("Новое значение", "New value"),
    "author": ("Автор", "Author"),
    "note": ("Примечание", "Note"),
    "token": ("Ключ доступа", "Update token"),
    "save": ("Сохранить исправление", "Save correction"),
    "only_flagged": ("Только с предупреждениями", "Only flagged rows"),
    "all_rows": ("Все строки", "All rows"),
    "saved": ("Исправление сохранено, отчёт загружен заново.", "Correction saved, report re-ingested."),
    "flagged": ("с предупреждениями", "flagged"),
    "entities": ("Реестр сущностей", "Entity registry"),
    "entities_intro": (
        "Организации, персоны и места всех отчётов с их написаниями: дубликаты объединяются "
        "командой coopgraph correct merge, ошибочные объединения разделяются coopgraph correct split.",
        "Organisations, people and places of all reports with their spellings: merge duplicates "
        "with coopgraph correct merge, split wrong merges with coopgraph correct split.",
    ),
    "kind": ("Вид", "Kind"),
    "key": ("Ключ", "Key"),
    "name": ("Название", "Name"),
    "country": ("Страна", "Country"),
    "events": ("Мероприятий", "Events"),
    "reports": ("Отчётов", "Reports"),
    "spellings": ("Написания", "Spellings"),
    "any": ("все", "all"),
    "org": ("Организации", "Organisations"),
    "person": ("Персоны", "People"),
    "place": ("Места", "Places"),
    "corrected": ("исправлено", "corrected"),
    "entity_correction": ("Исправить сущность", "Correct an entity"),
    "entity_help": (
        "merge: ключ → сохраняемый ключ; alias: написание → ключ; split: ключ, написание (название) → "
        "новый ключ; within: место → объемлющее место; country: организация → код страны (BY).",
        "merge: key → kept key; alias: spelling → key; split: key, spelling (name) → new key; "
        "within: place → containing place; country: organisation → country code (BY).",
    ),
    "entity_saved": (
        "Исправление сохранено, отчёты загружены заново.",
        "Correction saved, reports re-ingested.",
    ),
    "read_only": (
        "Исправления отключены: не задан ключ доступа (настройка update_token).",
        "Corrections are disabled: no update token is set (setting update_token).",
    ),
}
VALUE_LABELS = ("title", "sector", "type", "start", "end", "place", "organisation", "person",
                "participants", "agreement", "region")  # fmt: skip


def rt(key: str) -> str:
    ru, en = STRINGS[key]
    return en if current_lang() == "en" else ru


@blueprint.context_processor
def _helpers() -> dict[str, Any]:
    return {"rt": rt, "href": lambda iri: local_href(iri) or iri}


def _settings() -> dict[str, Any]:
    return current_app.config["COOPGRAPH"]


def _store() -> Store:
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
    store = _store()
    try:
        # SHACL over the report takes seconds: once per store generation, not per GET.
        result = cached_render(store, ("review", report), lambda: build_review(store, _minter(), report))
    except ReviewError:
        abort(404)
    only_flagged = request.args.get("flagged") == "1"
    return render_template(
        "review.html",
        review=result,
        rows=result.flagged() if only_flagged else result.rows,
        only_flagged=only_flagged,
        value_labels=VALUE_LABELS,
        fields=ROW_FIELDS,
        actions=("set", *LIST_ACTIONS),
        writable=bool(_settings().get("update_token")),
        saved=request.args.get("saved"),
        error=None,
    )


@blueprint.post("/review/<report>/corrections")
def add_correction(report: str) -> Response | tuple[str, int]:
    if not token_ok():
        return _bad("update token missing or wrong", 403)
    form = request.form
    try:
        row = int(form.get("row", ""))
    except ValueError:
        return _bad("row must be a number")
    field = form.get("field", "")
    action = form.get("action", "") or ("set" if field in SCALAR_FIELDS else "")
    correction = RowCorrection(
        row, field, action, form.get("match", ""), form.get("value", ""),
        form.get("author", ""), now(), form.get("note", ""),
    )  # fmt: skip
    from coopgraph.history import archive_for
    from coopgraph.reingest import correct_row

    settings = _settings()
    with _write_lock:
        try:
            with Store(settings["store"]) as store:
                _, outcome = correct_row(
                    store, _minter(), report, correction,
                    reports=settings["reports"], corrections=settings["corrections"],
                    archive=archive_for(store, settings.get("archive")),
                )  # fmt: skip
        except ReviewError as exc:
            if "no report" in str(exc):
                abort(404)
            return _bad(str(exc))
        except CorrectionError as exc:
            return _bad(str(exc))
        except CoopgraphError as exc:
            return _bad(str(exc), 503)
    if outcome is not None and not outcome.ok:
        return _bad(f"the correction was not kept: {outcome.error}", 422)
    lang = current_lang()
    suffix = "&lang=en" if lang == "en" and settings.get("lang") != "en" else ""
    return redirect(f"{request.script_root}/review/{report}?saved={row}{suffix}#row-{row}", code=303)


def _bad(message: str, code: int = 400) -> tuple[str, int]:
    return render_template("error.html", code=code, message=message), code


@blueprint.get("/entities")
def entities() -> str:
    kind = request.args.get("kind") or None
    if kind is not None and kind not in KINDS:
        abort(400)
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
        return _bad("update token missing or wrong", 403)
    form = request.form
    text = {name: form.get(name, "").strip() for name in ("kind", "key", "action", "value", "name", "author")}
    correction = EntityCorrection(**text, time=now(), note=form.get("note", ""))
    from coopgraph.history import archive_for
    from coopgraph.reingest import correct_entity

    settings = _settings()
    with _write_lock:
        try:
            with Store(settings["store"]) as store:
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
    return redirect(f"{request.script_root}/entities?saved={correction.action}", code=303)
