"""Serve the app with waitress, a production WSGI server (not Flask's development server).

Waitress reads requests asynchronously: a slow client holds a connection slot, not a thread,
so the connection limit (setting connection_limit, waitress' default is 100) is what slow
sockets exhaust; 500 keeps /healthz answering with hundreds of them open. For a public
deployment put the reverse proxy of deploy/nginx.conf in front (header and body timeouts,
rate limits).
"""

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
        connection_limit=int(values["connection_limit"]),
        channel_timeout=int(values["channel_timeout"]),
        cleanup_interval=min(10, int(values["channel_timeout"])),  # how often idle ones are closed
        # poll(), not select(): select() cannot watch file descriptors above 1024.
        asyncore_use_poll=True,
        ident="coopgraph",
    )
