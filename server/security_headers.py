"""CORS for every response (an app-wide hook, registered as a blueprint).

Open data is read from other sites' scripts (YASGUI instances elsewhere, notebooks in the
browser), so any origin may read — but never with credentials: the endpoint has no cookies to
protect, and ``Access-Control-Allow-Credentials`` is never sent, so a browser never attaches a
user's credentials to a cross-site request. The update token travels in ``Authorization``,
which a script must set explicitly (allowed in preflights). Setting ``cors_origins``: ``*``
(default), a comma-separated list of origins, or empty to send no CORS headers at all.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

blueprint = Blueprint("security_headers", __name__)

ALLOWED_METHODS = "GET, POST, OPTIONS"
ALLOWED_HEADERS = "Accept, Authorization, Content-Type"
EXPOSED_HEADERS = "X-Coopgraph-Truncated, Content-Disposition"


def allowed_origin(setting: str, origin: str | None) -> str | None:
    """The Access-Control-Allow-Origin value for this request, or None for no CORS headers."""
    setting = (setting or "").strip()
    if not setting:
        return None
    if setting == "*":
        return "*"
    allowed = {o.strip().rstrip("/") for o in setting.split(",") if o.strip()}
    if origin and origin.rstrip("/") in allowed:
        return origin
    return None


@blueprint.after_app_request
def add_headers(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    origin = allowed_origin(current_app.config["COOPGRAPH"]["cors_origins"], request.headers.get("Origin"))
    if origin is None:
        return response
    response.headers["Access-Control-Allow-Origin"] = origin
    if origin != "*":
        response.vary.add("Origin")
    response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    if request.method == "OPTIONS":
        # Preflight: Flask answers OPTIONS itself (200, Allow: ...); add what the browser checks.
        response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response.headers["Access-Control-Max-Age"] = "600"
    response.headers.pop("Access-Control-Allow-Credentials", None)
    return response
