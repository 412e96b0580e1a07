"""Security headers and CORS for every response (an app-wide hook, registered as a blueprint).

Browser-facing headers, on every response:

- ``Content-Security-Policy``: scripts only from this server (``script-src 'self'``), no
  plugins, no ``<base>`` hijack, forms post only here, and no framing (``frame-ancestors
  'none'``, with ``X-Frame-Options: DENY`` for older browsers). Report text is escaped by the
  templates; the policy is the second wall: even a missed escape cannot run a script.
- ``X-Content-Type-Options: nosniff`` (a CSV or Turtle answer is never run as a script),
  ``Referrer-Policy: same-origin`` (a query in a URL does not leak to other sites).

Inline scripts: the policy names none by default. An inline ``<script>`` block written in one
of the app's own templates (never one coming from data) is allowed by its SHA-256 hash,
computed from the template source at first use, so the editor and network pages keep working
until their code moves to static files. ``type="application/json"`` data blocks are not
scripts and need no hash.

CORS: open data is read from other sites' scripts (YASGUI instances elsewhere, notebooks in the
browser), so any origin may read — but never with credentials: the endpoint has no cookies to
protect, and ``Access-Control-Allow-Credentials`` is never sent, so a browser never attaches a
user's credentials to a cross-site request. The update token travels in ``Authorization``,
which a script must set explicitly (allowed in preflights). Setting ``cors_origins``: ``*``
(default), a comma-separated list of origins, or empty to send no CORS headers at all.
"""

from __future__ import annotations

import base64
import hashlib
import re
import threading

from flask import Blueprint, Flask, Response, current_app, request

from coopgraph.server.app_context import this_app

blueprint = Blueprint("security_headers", __name__)

ALLOWED_METHODS = "GET, POST, OPTIONS"
ALLOWED_HEADERS = "Accept, Authorization, Content-Type"
EXPOSED_HEADERS = "X-Coopgraph-Truncated, Content-Disposition"

# Styles may be inline (YASGUI, CodeMirror and cytoscape set them); styles cannot run code.
_POLICY = (
    "default-src 'self'",
    "script-src 'self'{hashes}",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)
# An inline script block of a template: <script> without src, and not a JSON data block.
_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<code>.*?)</script>", re.DOTALL | re.IGNORECASE)
_JINJA = re.compile(r"{{|{%")


def _is_code(attrs: str) -> bool:
    if re.search(r"\bsrc\s*=", attrs, re.IGNORECASE):
        return False
    kind = re.search(r"\btype\s*=\s*[\"']?([^\"'\s>]+)", attrs, re.IGNORECASE)
    return kind is None or kind.group(1).lower() in ("text/javascript", "module", "application/javascript")


def _sha256(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"


class InlineScripts:
    """Hashes of the inline scripts written in the app's templates (per script root, since a
    template may print the root into its script)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._lock = threading.Lock()
        self._snippets: list[str] | None = None
        self._hashes: dict[str, str] = {}

    def snippets(self) -> list[str]:
        if self._snippets is None:
            found: list[str] = []
            loader = self.app.jinja_env.loader
            names = sorted(loader.list_templates()) if loader is not None else []
            for name in names:
                if loader is None or not name.endswith(".html"):
                    continue
                source = loader.get_source(self.app.jinja_env, name)[0]
                found += [m["code"] for m in _INLINE_SCRIPT.finditer(source) if _is_code(m["attrs"])]
            self._snippets = found
        return self._snippets

    def sources(self, root: str) -> str:
        """The policy's hash list for pages served under `root` (request.script_root)."""
        with self._lock:
            if root not in self._hashes:
                hashes = []
                for code in self.snippets():
                    if _JINJA.search(code):
                        # Render the block as the template would (only `root` is known here; a
                        # block that needs more renders differently and is blocked: move it to
                        # a static file).
                        rendered = self.app.jinja_env.from_string("<script>" + code + "</script>").render(
                            root=root
                        )
                        code = rendered[len("<script>") : -len("</script>")]
                    hashes.append(_sha256(code))
                self._hashes[root] = "".join(" " + h for h in dict.fromkeys(hashes))
            return self._hashes[root]


def content_security_policy(app: Flask, root: str = "") -> str:
    scripts = app.extensions.setdefault("coopgraph.inline_scripts", InlineScripts(app))
    return "; ".join(_POLICY).format(hashes=scripts.sources(root))


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
    response.headers.setdefault(
        "Content-Security-Policy",
        content_security_policy(this_app(), request.script_root),
    )
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
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
