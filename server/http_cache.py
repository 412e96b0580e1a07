"""HTTP caching for every GET: strong ``ETag`` and ``Last-Modified`` from the store
generation, ``304`` for ``If-None-Match``/``If-Modified-Since`` (werkzeug's
``make_conditional``), and a ``Cache-Control`` chosen per route.

The store generation moves on every write (ingest, removal, correction), so a response of
one generation stays valid until the next: the validators change exactly when the data does.
This module is the one place that reads the generation for a request (`generation`); the
download cache asks it too. ``Last-Modified`` is when the generation last moved: the store
folder's write time, or, for a SPARQL server, when this process first saw the generation.

An ETag is ``"g{generation}-{hash of the body}"``: strong (byte-exact), and it differs per
representation (Turtle vs JSON-LD by ``Accept``, ``?lang=``, gzip) without listing them.
Handlers that know a cheaper name (the downloads: generation, file, encoding) set it first.
"""

from __future__ import annotations

import hashlib
import threading
from datetime import datetime

from flask import Blueprint, Flask, Response, g, request
from werkzeug.wrappers import Response as WerkzeugResponse

from coopgraph.publication import last_write
from coopgraph.server.app_context import this_app

blueprint = Blueprint("http_cache", __name__)

# Cache-Control by endpoint (blueprint.view) or by blueprint; first match wins. Data pages are
# revalidated often (cheap with the validators); files a harvester fetches may be reused
# longer; the write and review side and the health check are never stored.
POLICIES: tuple[tuple[str, str], ...] = (
    ("health.", "no-store"),
    ("review.", "private, no-cache"),
    ("linked_data.thing", "public, max-age=86400"),  # the 303 from /id/… to /doc/… is stable
    ("downloads.file", "public, max-age=3600, must-revalidate"),
    ("dcat.", "public, max-age=3600, must-revalidate"),
    ("opendata.", "public, max-age=3600, must-revalidate"),
    ("network.download", "public, max-age=3600, must-revalidate"),
    ("sparql.", "public, max-age=60"),
    ("", "public, max-age=300, must-revalidate"),
)


class Freshness:
    """The time each store generation was first seen moving (one per app)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.generation = -1
        self.since: datetime | None = None

    def seen(self, app: Flask, generation: int) -> datetime:
        with self.lock:
            if generation != self.generation or self.since is None:
                self.since = last_write(app.extensions["coopgraph.store"].get())
                self.generation = generation
            return self.since


def generation(app: Flask) -> int:
    """The store generation for this request (read once per request)."""
    if "coopgraph_generation" not in g:
        g.coopgraph_generation = app.extensions["coopgraph.store"].generation()
    return g.coopgraph_generation


def last_modified(app: Flask) -> datetime:
    freshness = app.extensions.setdefault("coopgraph.freshness", Freshness())
    return freshness.seen(app, generation(app))


def etag(app: Flask, *parts: str) -> str:
    """A strong entity tag of this generation and `parts` (without quotes)."""
    return "-".join((f"g{generation(app)}", *parts))


def policy(endpoint: str | None) -> str:
    name = endpoint or ""
    return next(value for prefix, value in POLICIES if name.startswith(prefix))


@blueprint.after_app_request
def conditional(response: Response) -> WerkzeugResponse:
    if request.method not in ("GET", "HEAD") or request.endpoint in (None, "static"):
        return response
    # An error may be answered differently after the next ingest: revalidate it every time.
    control = policy(request.endpoint) if response.status_code < 400 else "no-cache"
    response.headers.setdefault("Cache-Control", control)
    if response.status_code != 200 or response.is_streamed or control == "no-store":
        return response
    app = this_app()
    if "ETag" not in response.headers:
        body = response.get_data()
        response.set_etag(etag(app, hashlib.sha256(body).hexdigest()[:20]))
    response.last_modified = last_modified(app)
    return response.make_conditional(request)
