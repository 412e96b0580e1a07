"""The application factory: one Flask app, one blueprint per area.

Routes are listed by area in the blueprints; README "HTTP routes" documents each (a test
checks that every route is documented).
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from coopgraph.iris import Minter
from coopgraph.server import large_bodies, query_memo
from coopgraph.server.store_access import StoreAccess
from coopgraph.settings import resolve


def create_app(settings: dict[str, Any] | None = None) -> Flask:
    """Build the app. `settings` override environment variables, which override defaults."""
    values = resolve(settings)
    app = Flask(__name__)
    app.config["COOPGRAPH"] = values
    app.config["MAX_CONTENT_LENGTH"] = values["max_body"]
    app.extensions["coopgraph.minter"] = Minter(values["base_iri"])
    app.extensions["coopgraph.store"] = StoreAccess(values["store"])
    query_memo.install(app)
    large_bodies.init_app(app)  # first: its after-request hook must see the final body
    from coopgraph.server import errors, i18n

    i18n.init_app(app)
    errors.init_app(app)
    from coopgraph.server import health

    app.register_blueprint(health.blueprint)
    from coopgraph.server import canned, dcat, downloads, linked_data, pages

    app.register_blueprint(pages.blueprint)
    app.register_blueprint(linked_data.blueprint)
    app.register_blueprint(canned.blueprint)
    app.register_blueprint(downloads.blueprint)
    app.register_blueprint(dcat.blueprint)
    from coopgraph.server import opendata

    app.register_blueprint(opendata.blueprint)
    from coopgraph.server import vocabulary

    vocabulary.register(app)
    from coopgraph.server import network

    app.register_blueprint(network.blueprint)
    from coopgraph.server import http_cache, openapi, security_headers, sparql

    app.register_blueprint(http_cache.blueprint)

    app.register_blueprint(sparql.blueprint)
    app.register_blueprint(security_headers.blueprint)
    app.register_blueprint(openapi.blueprint)
    from coopgraph.server import review

    app.register_blueprint(review.blueprint)
    from coopgraph.server import search

    app.register_blueprint(search.blueprint)
    return app
