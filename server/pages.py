"""The browsing pages: home, events (filters, sort, pages), organisations, places, agreements,
people, reports and search. Every list page renders templates/list.html."""

from __future__ import annotations

import re
from collections.abc import Callable

import pyoxigraph as ox
from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext, ngettext, pgettext
from werkzeug.exceptions import HTTPException

from coopgraph.ontology.vocab import CG_NS, SECTOR_NS
from coopgraph.queries import term_value
from coopgraph.server import page_queries as q
from coopgraph.server import schema_org
from coopgraph.server.codes import AGREEMENT_KINDS, PLACE_KINDS, name_of
from coopgraph.server.dates import format_day, format_span
from coopgraph.server.describe import Value
from coopgraph.server.errors import error_page
from coopgraph.server.i18n import current_lang, url
from coopgraph.server.labels import bind, bind_many, label_or_name, labels
from coopgraph.server.list_export import table_response, wanted_format
from coopgraph.server.listing import (
    Choice,
    Filter,
    Page,
    count_of,
    current_minter,
    current_store,
    date_arg,
    format_url,
    iris_in,
    key_arg,
    link,
    page_arg,
    plain,
    select_page,
    sort_arg,
    sort_url,
)

blueprint = Blueprint("pages", __name__)


def _render_list(
    title: str,
    headers: list[str],
    rows: list[list[Value | list[Value]]],
    page: Page | None,
    filters: list[Filter] = (),
    sorts: dict[str, str] | None = None,
    intro: str = "",
    groups: list[Value] | None = None,
    sortable: list[str | None] | None = None,
    classes: list[str] | None = None,
) -> str | Response:
    """The list page, or (``?format=csv|json``) exactly its table as data."""
    if (fmt := wanted_format()) is not None:
        return table_response(request.endpoint.rsplit(".", 1)[-1], headers, rows, fmt)
    return render_template(
        "list.html",
        title=title,
        headers=headers,
        rows=rows,
        page=page,
        filters=filters,
        sorts=sorts or {},
        intro=intro,
        groups=groups,
        sortable=sortable or [None] * len(headers),
        classes=classes or [""] * len(headers),
        exports={fmt: format_url(fmt) for fmt in ("csv", "json")},
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


def counted(key: str, n: int) -> str:
    """A count with its noun in the catalogue's plural form ("1 отчёт", "3 отчёта", "8 отчётов")."""
    words = {
        "events": lambda: ngettext("%(num)d event", "%(num)d events", n),
        "reports": lambda: ngettext("%(num)d report", "%(num)d reports", n),
        "agreements": lambda: ngettext("%(num)d agreement", "%(num)d agreements", n),
        "organisations": lambda: ngettext("%(num)d organisation", "%(num)d organisations", n),
        "people": lambda: ngettext("%(num)d person", "%(num)d people", n),
        "places": lambda: ngettext("%(num)d place", "%(num)d places", n),
    }
    return words[key]()


# Sort orders of the list pages, by their key in page_queries.
SORT_NAMES = {
    "date": lazy_gettext("by date"),
    "-date": lazy_gettext("by date, newest first"),
    "title": lazy_gettext("by title"),
    "participants": lazy_gettext("by participant count"),
    "row": lazy_gettext("by row number"),
    "events": lazy_gettext("by number of events"),
    "name": lazy_gettext("by name"),
    "signed": lazy_gettext("by signing date"),
}


@blueprint.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for /favicon.ico whatever the page links; the site's icon is an SVG."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)


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
            Value(counted(key, counts.get(iri, 0)), href=url(f"pages.{key}"))
            for iri, key in HOME_COUNTS.items()
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
        Filter("sector", _("Sector"), "select", choices(sectors, "sector")),
        Filter("region", _("Belarusian region"), "select", choices(regions, "region")),
        Filter("report", _("Report"), "select", choices(reports, "report")),
        Filter("from", _("from"), "date"),
        Filter("to", _("to"), "date"),
    ]


@blueprint.get("/events")
def events() -> str | Response:
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
    places, orgs = _places_and_organisations(store, [r["event"] for r in rows])
    shown = {i for iris in (*places.values(), *orgs.values()) for i in iris}
    found = labels(store, iris_in(rows, "event", "sector", "report") | shown, lang)

    def linked(iris: set[str]) -> list[Value]:
        return sorted((link(found, ox.NamedNode(i), lang) for i in iris), key=lambda v: v.text)

    table = [
        [
            plain(r["row"]),
            link(found, r["event"], lang),
            Value(format_span(term_value(r["start"]), term_value(r["end"]))),
            linked(places.get(r["event"].value, set())),
            linked(orgs.get(r["event"].value, set())),
            _sector(found, r["sector"], lang),
            plain(r["participants"]),
        ]
        for r in rows
    ]
    headers = [_("Row"), _("Title"), _("Dates"), _("Places"), _("Organisations"), _("Sector")]
    headers.append(_("Participants"))
    if (fmt := wanted_format()) is not None:  # the report, named once above its rows here, in a column
        with_report = [[*row, link(found, r["report"], lang)] for row, r in zip(table, rows, strict=True)]
        return table_response("events", [*headers, _("Report")], with_report, fmt)
    sorts = {k: str(SORT_NAMES[k]) for k in q.EVENT_SORTS}
    return _render_list(
        pgettext("events", "Events"),
        headers,
        table,
        page,
        _event_filters(store, lang),
        sorts,
        # The report is named once above its rows, not on every row.
        groups=[link(found, r["report"], lang) for r in rows],
        sortable=[
            sort_url("row"),
            sort_url("title"),
            sort_url("-date" if sort == "date" else "date"),
            None,
            None,
            None,
            sort_url("participants"),
        ],
        classes=["num", "title", "date", "", "", "", "num"],
    )


def _places_and_organisations(store: object, events: list) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    places: dict[str, set[str]] = {}
    orgs: dict[str, set[str]] = {}
    if events:
        for r in store.query(bind_many(q.EVENT_PLACES_AND_ORGANISATIONS, "event", events)):
            if r["place"] is not None:
                places.setdefault(r["event"].value, set()).add(r["place"].value)
            if r["org"] is not None:
                orgs.setdefault(r["event"].value, set()).add(r["org"].value)
    return places, orgs


def _sector(found: dict[str, str], term: object, lang: str) -> Value:
    """A sector links to the events of that sector."""
    return Value(
        label_or_name(found, term.value, lang),
        href=url("pages.events", sector=term.value.removeprefix(SECTOR_NS)),
    )


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
    names = {k: str(SORT_NAMES[k]) for k in sorts}
    # Headers that sort: the name, the number of events, the signing date.
    keys = {pgettext("event_count", "Events"): "events", _("Signed"): "signed"}
    by_header = ["name" if i == 0 else keys.get(h) for i, h in enumerate(headers)]
    sortable = [sort_url(k) if k in sorts else None for k in by_header]
    classes = ["num" if k == "events" else "date" if k == "signed" else "" for k in by_header]
    table = [cells(r, found) for r in rows]
    return _render_list(title, headers, table, page, filters, names, sortable=sortable, classes=classes)


@blueprint.get("/organisations")
def organisations() -> str:
    store, lang = current_store(), current_lang()
    country = request.args.get("country", "").strip().upper() or None
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        abort(400, "country: an ISO 3166-1 alpha-2 code such as BY")
    codes = [r["code"].value for r in store.query(bind(q.COUNTRIES_OF_ORGANISATIONS, {}))]
    filters = [Filter("country", _("Country"), "select", [Choice(c, c) for c in codes])]
    return _simple_list(
        _("Organisations"),
        q.ORGANISATIONS_COUNT,
        q.ORGANISATIONS,
        {"p_country": ox.Literal(country) if country else None},
        q.NAME_SORTS,
        "events",
        [_("Name"), _("Country"), pgettext("event_count", "Events")],
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
    filters = [Filter("kind", _("Kind"), "select", [Choice(k, name_of(PLACE_KINDS, k)) for k in kinds])]
    return _simple_list(
        _("Places"),
        q.PLACES_COUNT,
        q.PLACES,
        {"p_kind": ox.Literal(kind) if kind else None},
        q.NAME_SORTS,
        "events",
        [_("Name"), _("Kind"), _("Within"), pgettext("event_count", "Events")],
        lambda r, found: [
            link(found, r["x"], lang),
            Value(name_of(PLACE_KINDS, term_value(r["placeKind"]))),
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
        _("People"),
        q.PEOPLE_COUNT,
        q.PEOPLE,
        {},
        q.NAME_SORTS,
        "events",
        [_("Name"), pgettext("event_count", "Events")],
        lambda r, found: [link(found, r["x"], lang), plain(r["events"])],
        ("x",),
    )


@blueprint.get("/agreements")
def agreements() -> str:
    lang, report = current_lang(), key_arg("report")
    params = {"p_report": ox.NamedNode(current_minter().report(report)) if report else None}
    return _simple_list(
        _("Agreements"),
        q.AGREEMENTS_COUNT,
        q.AGREEMENTS,
        params,
        q.AGREEMENT_SORTS,
        "signed",
        [_("Title"), _("Signed"), _("Kind"), _("Report")],
        lambda r, found: [
            link(found, r["x"], lang),
            Value(format_day(term_value(r["signed"]))) if r["signed"] else Value(""),
            Value(name_of(AGREEMENT_KINDS, term_value(r["kind"]))),
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
            Value(format_span(term_value(r["start"]), term_value(r["end"]))),
            Value(
                str(int(r["events"].value)),
                href=url("pages.events", report=r["report"].value.rsplit("/", 1)[-1]),
            ),
        ]
        for r in rows
    ]
    headers = [_("Report"), _("Period"), pgettext("event_count", "Events")]
    return _render_list(_("Reports"), headers, table, None)


blueprint.register_error_handler(HTTPException, error_page)
