"""What the list pages share: filter and paging models, checked query-string parameters, and
the count/select queries with a fixed ORDER BY and integer LIMIT/OFFSET."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date

import pyoxigraph as ox
from flask import abort, current_app, request
from flask_babel import gettext as _

from coopgraph.iris import Minter
from coopgraph.publish.queries import XSD, term_value
from coopgraph.server.describe import Value
from coopgraph.server.i18n import query_args, url
from coopgraph.server.labels import bind, label_or_name, local_href
from coopgraph.server.query_memo import page_store
from coopgraph.store import GraphStore

PER_PAGE = 25
MAX_PER_PAGE = 200
KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,100}$")


@dataclass
class Choice:
    value: str
    label: str


@dataclass
class Filter:
    name: str
    label: str
    kind: str  # "select" or "date"
    choices: list[Choice] = field(default_factory=list)

    @property
    def current(self) -> str:
        return request.args.get(self.name, "")


@dataclass
class Page:
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page

    def url(self, number: int) -> str:
        args = query_args()
        args["page"] = str(number)
        return url(request.endpoint or "pages.home", **args)


def sort_url(key: str) -> str:
    """This list sorted by `key`, from its first page."""
    args = query_args()
    args["sort"] = key
    args.pop("page", None)
    return url(request.endpoint or "pages.home", **args)


def format_url(fmt: str) -> str:
    """This very table (filters, sort, page) as CSV or JSON."""
    args = query_args()
    args["format"] = fmt
    return url(request.endpoint or "pages.home", **args)


def current_store() -> GraphStore:
    return page_store(current_app)


def current_minter() -> Minter:
    return current_app.extensions["coopgraph.minter"]


def key_arg(name: str) -> str | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if not KEY.match(raw):
        abort(
            400,
            _(
                "“%(name)s=%(value)s”: not a key (lowercase letters, digits and dashes)",
                name=name,
                value=raw,
            ),
        )
    return raw


def date_arg(name: str) -> ox.Literal | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        return ox.Literal(date.fromisoformat(raw).isoformat(), datatype=ox.NamedNode(XSD + "date"))
    except ValueError:
        abort(400, _("“%(name)s=%(value)s”: not a date (YYYY-MM-DD)", name=name, value=raw))


def page_arg(total: int) -> Page:
    try:
        number = max(1, int(request.args.get("page", "1")))
        if number > 1_000_000:  # an absurd page is an empty page, not a query error
            number = 1_000_000
        per_page = min(MAX_PER_PAGE, max(1, int(request.args.get("per_page", str(PER_PAGE)))))
    except ValueError:
        abort(400, _("page and per_page take whole numbers"))
    return Page(number, per_page, total)


def sort_arg(table: dict[str, str], default: str) -> str:
    chosen = request.args.get("sort", default)
    if chosen not in table:
        abort(400, _("sort: choose one of %(choices)s", choices=", ".join(table)))
    return chosen


def count_of(store: GraphStore, query: str, params: dict) -> int:
    return int(next(iter(store.query(bind(query, params))))["n"].value)


def select_page(store: GraphStore, query: str, params: dict, order: str, page: Page) -> list:
    text = f"{query} ORDER BY {order} LIMIT {int(page.per_page)} OFFSET {int(page.offset)}"
    return list(store.query(bind(text, params)))


def link(found: dict[str, str], term: ox.NamedNode | ox.BlankNode | ox.Literal | None, lang: str) -> Value:
    if term is None:
        return Value("")
    return Value(label_or_name(found, term.value, lang), href=local_href(term.value))


def plain(term: object) -> Value:
    value = term_value(term)
    return Value("" if value is None else str(value))


def iris_in(rows: list, *names: str) -> set[str]:
    return {r[n].value for r in rows for n in names if isinstance(r[n], ox.NamedNode)}
