"""The browsing pages: home, events (filters, sort, pages), organisations, places, agreements,
people, reports and search. Every list page renders templates/list.html."""

from __future__ import annotations

import re
from collections.abc import Callable

import pyoxigraph as ox
from flask import Blueprint, abort, current_app, render_template, request
from werkzeug.exceptions import HTTPException

from coopgraph.ontology.vocab import CG_NS, SECTOR_NS
from coopgraph.queries import term_value
from coopgraph.server import page_queries as q
from coopgraph.server import schema_org
from coopgraph.server.describe import Value
from coopgraph.server.i18n import current_lang, init_app, t, url
from coopgraph.server.labels import bind, label_or_name, labels
from coopgraph.server.listing import (
    Choice,
    Filter,
    Page,
    count_of,
    current_minter,
    current_store,
    date_arg,
    iris_in,
    key_arg,
    link,
    page_arg,
    plain,
    select_page,
    sort_arg,
)

blueprint = Blueprint("pages", __name__)


def _render_list(
    title: str,
    headers: list[str],
    rows: list[list[Value]],
    page: Page | None,
    filters: list[Filter] = (),
    sorts: dict[str, str] | None = None,
    intro: str = "",
) -> str:
    return render_template(
        "list.html",
        title=title,
        headers=headers,
        rows=rows,
        page=page,
        filters=filters,
        sorts=sorts or {},
        intro=intro,
    )


# Classes counted on the home page, with the list page that shows them.
HOME_COUNTS = {
    CG_NS + "CooperationEvent": "events",
    CG_NS + "Report": "reports",
    CG_NS + "Agreement": "agreements",
    "http://schema.org/Organization": "organisations",
    "http://schema.org/Person": "people",
    "http://schema.org/Place": "places",
}


@blueprint.get("/")
def home() -> str:
    store, lang = current_store(), current_lang()
    counts = {r["class"].value: int(r["n"].value) for r in store.query(bind(q.CLASS_COUNTS, {}))}
    sectors = list(store.query(bind(q.SECTORS_IN_USE, {})))
    reports = list(store.query(bind(q.REPORTS, {})))
    found = labels(store, iris_in(sectors, "sector") | iris_in(reports, "report"), lang)
    return render_template(
        "home.html",
        counts=[
            (Value(t(key), href=url(f"pages.{key}")), counts.get(iri, 0)) for iri, key in HOME_COUNTS.items()
        ],
        sectors=[
            (
                Value(
                    label_or_name(found, r["sector"].value, lang),
                    href=url("pages.events", sector=r["sector"].value.removeprefix(SECTOR_NS)),
                ),
                int(r["n"].value),
            )
            for r in sectors
        ],
        reports=[(link(found, r["report"], lang), int(r["events"].value)) for r in reports],
        triples=store.count(),
        jsonld=schema_org.site_dataset(current_app._get_current_object()),
        rdf_alternates=schema_org.dump_alternates(current_app._get_current_object(), request.script_root),
    )


def _event_filters(store: object, lang: str) -> list[Filter]:
    sectors = list(store.query(bind(q.SECTORS_IN_USE, {})))
    regions = list(store.query(bind(q.BELARUS_REGIONS_IN_USE, {})))
    reports = list(store.query(bind(q.REPORTS, {})))
    found = labels(
        store, iris_in(sectors, "sector") | iris_in(regions, "region") | iris_in(reports, "report"), lang
    )

    def choices(rows: list, name: str) -> list[Choice]:
        return [
            Choice(r[name].value.rsplit("/", 1)[-1], label_or_name(found, r[name].value, lang)) for r in rows
        ]

    return [
        Filter("sector", t("sector"), "select", choices(sectors, "sector")),
        Filter("region", t("region"), "select", choices(regions, "region")),
        Filter("report", t("report"), "select", choices(reports, "report")),
        Filter("from", t("date_from"), "date"),
        Filter("to", t("date_to"), "date"),
    ]


@blueprint.get("/events")
def events() -> str:
    store, lang, minter = current_store(), current_lang(), current_minter()
    sector, region, report = key_arg("sector"), key_arg("region"), key_arg("report")
    params = {
        "p_sector": ox.NamedNode(SECTOR_NS + sector) if sector else None,
        "p_region": ox.NamedNode(minter.place(region)) if region else None,
        "p_report": ox.NamedNode(minter.report(report)) if report else None,
        "p_from": date_arg("from"),
        "p_to": date_arg("to"),
    }
    sort = sort_arg(q.EVENT_SORTS, "date")
    page = page_arg(count_of(store, q.EVENTS_COUNT, params))
    rows = select_page(store, q.EVENTS, params, q.EVENT_SORTS[sort], page)
    found = labels(store, iris_in(rows, "event", "sector", "report"), lang)
    table = [
        [
            link(found, r["event"], lang),
            _dates(r),
            _sector(found, r["sector"], lang),
            plain(r["participants"]),
            link(found, r["report"], lang),
            plain(r["row"]),
        ]
        for r in rows
    ]
    sorts = {k: t(f"sort_{k.lstrip('-')}" + ("_desc" if k.startswith("-") else "")) for k in q.EVENT_SORTS}
    return _render_list(
        t("events"),
        [t("title"), t("dates"), t("sector"), t("participants"), t("report"), t("row")],
        table,
        page,
        _event_filters(store, lang),
        sorts,
    )


def _sector(found: dict[str, str], term: object, lang: str) -> Value:
    """A sector links to the events of that sector."""
    return Value(
        label_or_name(found, term.value, lang),
        href=url("pages.events", sector=term.value.removeprefix(SECTOR_NS)),
    )


def _dates(row: object) -> Value:
    start, end = term_value(row["start"]), term_value(row["end"])
    if start and end and start != end:
        return Value(f"{start} – {end}")
    return Value(str(start or end or ""))


def _simple_list(
    title: str,
    count_query: str,
    query: str,
    params: dict,
    sorts: dict[str, str],
    default_sort: str,
    headers: list[str],
    cells: Callable[[object, dict], list[Value]],
    link_vars: tuple[str, ...],
    filters: list[Filter] = (),
) -> str:
    store, lang = current_store(), current_lang()
    sort = sort_arg(sorts, default_sort)
    page = page_arg(count_of(store, count_query, params))
    rows = select_page(store, query, params, sorts[sort], page)
    found = labels(store, iris_in(rows, *link_vars), lang)
    names = {k: t(f"sort_{k}") for k in sorts}
    return _render_list(title, headers, [cells(r, found) for r in rows], page, filters, names)


@blueprint.get("/organisations")
def organisations() -> str:
    store, lang = current_store(), current_lang()
    country = request.args.get("country", "").strip().upper() or None
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        abort(400, "country: an ISO 3166-1 alpha-2 code such as BY")
    codes = [r["code"].value for r in store.query(bind(q.COUNTRIES_OF_ORGANISATIONS, {}))]
    filters = [Filter("country", t("country"), "select", [Choice(c, c) for c in codes])]
    return _simple_list(
        t("organisations"),
        q.ORGANISATIONS_COUNT,
        q.ORGANISATIONS,
        {"p_country": ox.Literal(country) if country else None},
        q.NAME_SORTS,
        "events",
        [t("name"), t("country"), t("event_count")],
        lambda r, found: [
            link(found, r["org"], lang),
            link(found, r["countryPlace"], lang) if r["countryPlace"] else plain(r["countryCode"]),
            plain(r["events"]),
        ],
        ("org", "countryPlace"),
        filters,
    )


@blueprint.get("/places")
def places() -> str:
    store, lang = current_store(), current_lang()
    kind = key_arg("kind")
    kinds = [r["kind"].value for r in store.query(bind(q.PLACE_KINDS, {}))]
    filters = [Filter("kind", t("kind"), "select", [Choice(k, k) for k in kinds])]
    return _simple_list(
        t("places"),
        q.PLACES_COUNT,
        q.PLACES,
        {"p_kind": ox.Literal(kind) if kind else None},
        q.NAME_SORTS,
        "events",
        [t("name"), t("kind"), t("within"), t("event_count")],
        lambda r, found: [
            link(found, r["x"], lang),
            plain(r["placeKind"]),
            link(found, r["within"], lang),
            plain(r["events"]),
        ],
        ("x", "within"),
        filters,
    )


@blueprint.get("/people")
def people() -> str:
    lang = current_lang()
    return _simple_list(
        t("people"),
        q.PEOPLE_COUNT,
        q.PEOPLE,
        {},
        q.NAME_SORTS,
        "events",
        [t("name"), t("event_count")],
        lambda r, found: [link(found, r["x"], lang), plain(r["events"])],
        ("x",),
    )


@blueprint.get("/agreements")
def agreements() -> str:
    lang, report = current_lang(), key_arg("report")
    params = {"p_report": ox.NamedNode(current_minter().report(report)) if report else None}
    return _simple_list(
        t("agreements"),
        q.AGREEMENTS_COUNT,
        q.AGREEMENTS,
        params,
        q.AGREEMENT_SORTS,
        "signed",
        [t("title"), t("signed"), t("kind"), t("report")],
        lambda r, found: [
            link(found, r["x"], lang),
            plain(r["signed"]),
            plain(r["kind"]),
            link(found, r["report"], lang),
        ],
        ("x", "report"),
    )


@blueprint.get("/reports")
def reports() -> str:
    store, lang = current_store(), current_lang()
    rows = list(store.query(bind(q.REPORTS, {})))
    found = labels(store, iris_in(rows, "report"), lang)
    table = [
        [
            link(found, r["report"], lang),
            Value(f"{term_value(r['start']) or ''} – {term_value(r['end']) or ''}"),
            Value(
                str(int(r["events"].value)),
                href=url("pages.events", report=r["report"].value.rsplit("/", 1)[-1]),
            ),
        ]
        for r in rows
    ]
    return _render_list(t("reports"), [t("report"), t("period"), t("event_count")], table, None)


def error_page(exc: HTTPException) -> tuple[str, int]:
    """Errors of the HTML pages as HTML; the message is escaped like any other text."""
    return render_template("error.html", code=exc.code, name=exc.name, message=exc.description), exc.code


blueprint.register_error_handler(HTTPException, error_page)
# The page helpers (t, url, keep_lang...) are template globals wherever these pages are mounted.
blueprint.record_once(lambda state: init_app(state.app))
