"""The search page: ``/search?q=…`` over the lemmatised index (`coopgraph.search_index`).

Results are grouped by kind (events, organisations, people, regions, places, agreements,
reports) with the matched words highlighted; ``format=json`` (or ``Accept: application/json``)
gives the same results as JSON. The index of the store's current generation is built by the
first search after a write, in the background when an older index can answer meanwhile.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, render_template, request
from flask_babel import lazy_gettext, lazy_pgettext

from coopgraph.formats import Media
from coopgraph.search_index import KINDS, SearchError, SearchIndex, index_folder
from coopgraph.server.conneg import negotiate
from coopgraph.server.i18n import current_lang, init_app
from coopgraph.server.labels import local_href
from coopgraph.server.listing import current_store

blueprint = Blueprint("search", __name__)
MAX_QUERY = 200  # characters of a query looked at
PER_KIND = 20  # hits listed per kind; the total says how many more there are
KIND_TITLES = {
    "event": lazy_pgettext("events", "Events"),
    "organisation": lazy_gettext("Organisations"),
    "person": lazy_gettext("People"),
    "region": lazy_gettext("Regions"),
    "place": lazy_gettext("Places"),
    "agreement": lazy_gettext("Agreements"),
    "report": lazy_gettext("Reports"),
}
assert set(KIND_TITLES) == set(KINDS)


def _init(app: Any) -> None:
    settings = app.config["COOPGRAPH"]
    app.extensions["coopgraph.search"] = SearchIndex(
        index_folder(settings["store"], settings["search_index"])
    )
    init_app(app)


blueprint.record_once(lambda state: _init(state.app))


def _wants_json() -> bool:
    if request.args.get("format") == "json":
        return True
    return negotiate(request.headers.get("Accept"), [Media.HTML, Media.JSON]) == Media.JSON


@blueprint.get("/search")
def search() -> Response | str:
    text = " ".join(request.args.get("q", "").split())[:MAX_QUERY]
    lang = current_lang()
    index: SearchIndex = current_app.extensions["coopgraph.search"]
    results = None
    if text:
        try:
            results = index.search(current_store(), text, lang=lang, limit=PER_KIND)
        except SearchError:
            results = None  # nothing searchable ("…", "!!!"): the page says nothing was found
    if _wants_json():
        body: dict[str, Any] = results.as_json() if results else {"query": text, "total": 0, "groups": []}
        for group in body["groups"]:
            for hit in group["hits"]:
                hit["href"] = local_href(hit["iri"])
        return jsonify(body)
    groups = (
        [(str(KIND_TITLES[kind]), results.totals[kind], hits) for kind, hits in results.groups.items()]
        if results
        else []
    )
    return render_template("search.html", query=text, groups=groups, local_href=local_href)
