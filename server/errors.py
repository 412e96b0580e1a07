"""Error pages: every HTTP error a browser sees is a page of the site (layout, menu, language,
a way back); API clients (SPARQL, JSON, RDF) keep the plain answers of their routes.

The heading and explanation come from the catalogues by status code; a message given with
`abort(code, message)` is shown under them (the routes translate their own messages).
"""

from __future__ import annotations

from flask import Flask, Response, render_template, request
from flask_babel import lazy_gettext
from werkzeug.exceptions import HTTPException

from coopgraph.formats import Media
from coopgraph.server.conneg import negotiate, parse_accept
from coopgraph.server.i18n import url

# Status code: (heading, what happened and what to do).
EXPLANATIONS = {
    400: (
        lazy_gettext("Bad request"),
        lazy_gettext("The address or the form holds a value the site cannot read."),
    ),
    403: (lazy_gettext("Forbidden"), lazy_gettext("This action needs the update token.")),
    404: (
        lazy_gettext("Not found"),
        lazy_gettext("There is no page at this address. It may have moved, or the link is mistyped."),
    ),
    405: (
        lazy_gettext("Method not allowed"),
        lazy_gettext("This address does not take this kind of request."),
    ),
    413: (lazy_gettext("Request too large"), lazy_gettext("The request is larger than the server accepts.")),
    422: (lazy_gettext("Not saved"), lazy_gettext("The change was checked and could not be kept.")),
    500: (
        lazy_gettext("Server error"),
        lazy_gettext("Something went wrong on the server. Please try again later."),
    ),
    503: (
        lazy_gettext("Service unavailable"),
        lazy_gettext("The server is busy. Please try again in a moment."),
    ),
}


def error_html(code: int, message: str = "", back: str | None = None) -> tuple[str, int]:
    """The styled error page for `code`, with `message` (already in the page language) and a
    link back (the referring page of this site, else the home page)."""
    heading, explanation = EXPLANATIONS.get(code, EXPLANATIONS[500 if code >= 500 else 400])
    if back is None:
        referrer = request.referrer or ""
        back = referrer if referrer.startswith(request.host_url) else url("pages.home")
    return (
        render_template(
            "error.html",
            code=code,
            name=str(heading),
            explanation=str(explanation),
            message=message,
            back=back,
        ),
        code,
    )


def error_page(exc: HTTPException) -> tuple[str, int]:
    """Errors of the HTML pages as HTML; the message is escaped like any other text. Werkzeug's
    own English descriptions are left out: the page's explanation says it in the page language."""
    default = exc.description == type(exc).description
    return error_html(exc.code or 500, "" if default else str(exc.description or ""))


def _wants_html() -> bool:
    """A browser asks for HTML first; API clients name their format or accept anything."""
    header = request.headers.get("Accept")
    if all(r.type == "*" for r in parse_accept(header)):  # none, or only */*: an API client
        return False
    # HTML first among the offers: it wins a tie with JSON or plain text.
    return negotiate(header, [Media.HTML, Media.JSON, Media.PLAIN_TEXT]) == Media.HTML


def _app_error(exc: HTTPException) -> Response | HTTPException | tuple[str, int]:
    if exc.response is not None or not _wants_html():
        return exc
    return error_page(exc)


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _app_error)
