"""`/openapi.json`: an OpenAPI 3.0 description of the HTTP API (checked against the running
server by tests/hostile/test_openapi.py with schemathesis). The file is package data, served
as written, with this server's own URL as its `servers` entry."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from flask import Blueprint, Response, request

from coopgraph.formats import Media

blueprint = Blueprint("openapi", __name__)
DESCRIPTION = Path(__file__).with_name("openapi.json")


@cache
def description() -> dict:
    return json.loads(DESCRIPTION.read_text(encoding="utf-8"))


@blueprint.get("/openapi.json")
def openapi() -> Response:
    document = {**description(), "servers": [{"url": request.host_url.rstrip("/") + request.script_root}]}
    return Response(json.dumps(document, ensure_ascii=False, indent=1), mimetype=Media.JSON)
