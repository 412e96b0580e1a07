"""The routes of the DCAT-AP-style catalogue and the VoID description of the published data.

The files are built in the library (`coopgraph.publish.catalogue`, `coopgraph.publish.metadata`)
and cached with the downloads; the catalogue is served at ``/catalog`` (Turtle, or JSON-LD by Accept;
``/catalog.ttl``, ``/catalog.jsonld``) and VoID at ``/.well-known/void``.
No blank nodes: every node has an IRI under ``{base}catalog#``.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request

from coopgraph.publish.files import FORMAT_NAMES
from coopgraph.registers import THEMES
from coopgraph.server.app_context import this_app

blueprint = Blueprint("dcat", __name__)


def _negotiated(name_ttl: str, name_jsonld: str, fmt: str | None) -> Response:
    """Serve a metadata file from the download cache: Turtle unless JSON-LD is preferred."""
    from coopgraph.server.downloads import cached

    if fmt is None:
        best = request.accept_mimetypes.best_match(["text/turtle", "application/ld+json", "application/json"])
        fmt = "jsonld" if best in ("application/ld+json", "application/json") else "ttl"
    name = name_jsonld if fmt == "jsonld" else name_ttl
    media = "application/ld+json" if fmt == "jsonld" else "text/turtle"
    response = Response(cached(current_app, name), mimetype=media)
    response.mimetype_params["charset"] = "utf-8"
    response.headers["Vary"] = "Accept"
    return response


def _wants_html() -> bool:
    """A browser (text/html preferred over the RDF forms) gets the catalogue as a page."""
    offered = ["text/turtle", "application/ld+json", "application/json", "text/html"]
    best = request.accept_mimetypes.best_match(offered)
    return (
        best == "text/html"
        and request.accept_mimetypes["text/html"] > request.accept_mimetypes["text/turtle"]
    )


@blueprint.get("/catalog")
def catalog() -> Response:
    if _wants_html():
        return _catalog_page()
    return _negotiated("catalog.ttl", "catalog.jsonld", None)


def _catalog_page() -> Response:
    from coopgraph.server import downloads
    from coopgraph.server.i18n import current_lang
    from coopgraph.server.labels import labels

    app = this_app()
    files, pub = downloads.listing(app), downloads.publication(app)
    minter = app.extensions["coopgraph.minter"]
    reports = sorted({d.report for d in files if d.report})
    titles = labels(
        app.extensions["coopgraph.store"].get(), {minter.report(r) for r in reports}, current_lang()
    )
    body = render_template(
        "catalog.html",
        pub=pub,
        files=[d for d in files if d.kind in ("dump", "table", "schema")],
        formats=FORMAT_NAMES,
        reports=[(minter.report(r), titles.get(minter.report(r), r)) for r in reports],
        theme_labels=[THEMES.get(t.rsplit("/", 1)[-1], (t, t)) for t in pub.themes],
        jsonld=downloads.site_dataset(app),
        rdf_alternates=downloads.dump_alternates(app, request.script_root),
    )
    response = Response(body, mimetype="text/html")
    response.headers["Vary"] = "Accept"
    return response


@blueprint.get("/catalog.ttl")
def catalog_ttl() -> Response:
    return _negotiated("catalog.ttl", "catalog.jsonld", "ttl")


@blueprint.get("/catalog.jsonld")
def catalog_jsonld() -> Response:
    return _negotiated("catalog.ttl", "catalog.jsonld", "jsonld")


@blueprint.get("/.well-known/void")
def void() -> Response:
    return _negotiated("void.ttl", "void.jsonld", None)
