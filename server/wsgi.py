"""Serve the app with waitress, a production WSGI server (not Flask's development server)."""

from __future__ import annotations

from typing import Any

import waitress

from coopgraph.server.app import create_app


def serve(settings: dict[str, Any]) -> None:
    app = create_app(settings)
    values = app.config["COOPGRAPH"]
    waitress.serve(
        app,
        host=values["host"],
        port=int(values["port"]),
        threads=int(values["threads"]),
        max_request_body_size=int(values["max_body"]),
        ident="coopgraph",
    )
