"""The routes of the DCAT-AP-style catalogue and the VoID description of the published data.

The files are built in the library (`coopgraph.publish.catalogue`, `coopgraph.publish.metadata`)
and cached with the downloads; the catalogue is served at ``/catalog`` (Turtle, or JSON-LD by Accept;
``/catalog.ttl``, ``/catalog.jsonld``) and VoID at ``/.well-known/void``.
No blank nodes: every node has an IRI under ``{base}catalog#``.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request

from coopgraph import formats
from coopgraph.formats import JSONLD, TURTLE, Format, Media
from coopgraph.publish.files import FORMAT_NAMES
from coopgraph.registers import THEMES
from coopgraph.server import conneg
from coopgraph.server.app_context import this_app

blueprint = Blueprint("dcat", __name__)

# The catalogue and VoID are published in these of the registry's formats (Turtle the default).
METADATA_FORMATS: tuple[Format, ...] = (TURTLE, JSONLD)


def _negotiated(stem: str, fmt: Format | None) -> Response:
    """Serve a metadata file from the download cache: Turtle unless JSON-LD is preferred."""
    from coopgraph.server.downloads import cached

    if fmt is None:
        media = conneg.negotiate(request.headers.get("Accept"), formats.offers(METADATA_FORMATS))
        fmt = TURTLE if media is None else formats.chosen(media, METADATA_FORMATS)
    response = Response(cached(current_app, f"{stem}.{fmt.extension}"), mimetype=fmt.media_type)
    response.mimetype_params["charset"] = "utf-8"
    response.headers["Vary"] = "Accept"
    return response


def _wants_html() -> bool:
    """A browser (text/html preferred over every RDF form) gets the catalogue as a page."""
    offered = [*formats.offers(METADATA_FORMATS), Media.HTML]  # RDF first: it wins a tie
    return conneg.negotiate(request.headers.get("Accept"), offered) == Media.HTML


@blueprint.get("/catalog")
def catalog() -> Response:
    if _wants_html():
        return _catalog_page()
    return _negotiated("catalog", None)


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
    response = Response(body, mimetype=Media.HTML)
    response.headers["Vary"] = "Accept"
    return response


@blueprint.get("/catalog.ttl")
def catalog_ttl() -> Response:
    return _negotiated("catalog", TURTLE)


@blueprint.get("/catalog.jsonld")
def catalog_jsonld() -> Response:
    return _negotiated("catalog", JSONLD)


@blueprint.get("/.well-known/void")
def void() -> Response:
    return _negotiated("void", None)
