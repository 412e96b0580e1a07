"""`/healthz`: a cheap liveness and readiness answer for load balancers."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz() -> Response:
    access = current_app.extensions["coopgraph.store"]
    return jsonify(status="ok", generation=access.generation())
