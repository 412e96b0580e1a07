"""``/downloads``: the published files (see coopgraph.publish.files), built on first request and
cached until the store's generation moves (that is, until the next ingest or removal)."""

from __future__ import annotations

import threading

from flask import Blueprint, Flask, Response, abort, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as WerkzeugResponse

from coopgraph.publication import Publication, from_settings
from coopgraph.publish.build import build, gzip_bytes
from coopgraph.publish.files import FORMAT_NAMES, download_url, downloads, report_ids
from coopgraph.server import http_cache, schema_org
from coopgraph.server.app_context import this_app
from coopgraph.server.errors import error_page
from coopgraph.server.i18n import current_lang
from coopgraph.server.labels import labels
from coopgraph.store import GraphStore

blueprint = Blueprint("downloads", __name__)
blueprint.register_error_handler(HTTPException, error_page)


class DownloadCache:
    """Built files of one store generation; a new generation empties the cache."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.generation = -1
        self.files: dict[str, bytes] = {}
        self.listing: list = []

    def refresh(self, app: Flask) -> GraphStore:
        """The current store, with the listing of its generation; returns that store."""
        store: GraphStore = app.extensions["coopgraph.store"].get()
        generation = store.generation()  # the generation this store answers from
        if generation != self.generation:
            self.files = {}
            minter = app.extensions["coopgraph.minter"]
            self.listing = downloads(report_ids(store, minter))
            self.generation = generation
        return store


def _cache(app: Flask) -> DownloadCache:
    return app.extensions.setdefault("coopgraph.downloads", DownloadCache())


def publication(app: Flask) -> Publication:
    """The app's publication metadata (from its settings), read once."""
    if "coopgraph.publication" not in app.extensions:
        minter = app.extensions["coopgraph.minter"]
        app.extensions["coopgraph.publication"] = from_settings(minter, app.config["COOPGRAPH"])
    return app.extensions["coopgraph.publication"]


def listing(app: Flask) -> list:
    cache = _cache(app)
    with cache.lock:
        cache.refresh(app)
        return list(cache.listing)


def cached(app: Flask, name: str) -> bytes:
    """The bytes of published file `name` for the current store generation (404 if unknown)."""
    cache = _cache(app)
    with cache.lock:  # one build at a time: a second request for the same file waits and reuses it
        store = cache.refresh(app)
        if name not in cache.files:
            chosen = next((d for d in cache.listing if d.name == name), None)
            if chosen is None:
                abort(404, f"no published file {name!r}")
            minter = app.extensions["coopgraph.minter"]
            cache.files[name] = build(store, minter, chosen, cache.listing, publication(app))
        return cache.files[name]


def gzipped(app: Flask, name: str) -> bytes:
    """`name` gzip-encoded for a client that accepts it (built once per generation)."""
    data = cached(app, name)
    cache = _cache(app)
    with cache.lock:
        key = name + "\0gzip"
        if key not in cache.files:
            cache.files[key] = gzip_bytes(data)
        return cache.files[key]


@blueprint.get("/downloads")
def index() -> str:
    app = this_app()
    files = listing(app)
    store = app.extensions["coopgraph.store"].get()
    minter = app.extensions["coopgraph.minter"]
    titles = labels(store, {minter.report(d.report) for d in files if d.report}, current_lang())
    return render_template(
        "downloads.html",
        files=files,
        formats=FORMAT_NAMES,
        report_title=lambda rid: titles.get(minter.report(rid), rid),
        public_url=lambda name: download_url(minter, name),
        jsonld=site_dataset(app),
        rdf_alternates=dump_alternates(app, request.script_root),
    )


@blueprint.get("/downloads/<name>")
def file(name: str) -> WerkzeugResponse:
    """One file, with Range (206) and conditional GET (304); gzip-encoded when the client
    accepts it and the file is not compressed already."""
    app = this_app()
    chosen = next((d for d in listing(app) if d.name == name), None)
    if chosen is None:
        abort(404, f"no published file {name!r}")
    encode = not chosen.compressed and request.accept_encodings["gzip"] > 0
    data = gzipped(app, name) if encode else cached(app, name)
    response = Response(data, mimetype=chosen.media_type)
    if chosen.media_type.startswith("text/") or chosen.media_type.endswith("json"):
        response.mimetype_params["charset"] = "utf-8"
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    if encode:
        response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    response.set_etag(http_cache.etag(app, name, "gzip" if encode else "identity"))
    response.last_modified = http_cache.last_modified(app)
    return response.make_conditional(request, accept_ranges=True, complete_length=len(data))


def site_dataset(app: Flask) -> dict[str, object]:
    """The whole dataset as the app publishes it (settings, file list, store's last write)."""
    modified = http_cache.last_modified(app).strftime("%Y-%m-%dT%H:%M:%SZ")
    files = listing(app)
    return schema_org.dataset(app.extensions["coopgraph.minter"], publication(app), files, modified=modified)


def dump_alternates(app: Flask, root: str) -> list[tuple[str, str]]:
    """(media type, URL) of every whole-dataset RDF dump, for ``<link rel="alternate">``."""
    return [
        (d.media_type, f"{root}/downloads/{d.name}")
        for d in listing(app)
        if d.kind == "dump" and not d.compressed
    ]
