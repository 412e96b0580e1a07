"""`/sparql`: the SPARQL 1.1 Protocol endpoint (query; update only with the update token).

GET ``?query=``, POST form (``query=`` or ``update=``), POST ``application/sparql-query`` and
``application/sparql-update``; ``default-graph-uri``/``named-graph-uri`` set the dataset
(without them the default graph is the union of the named graphs, one per report). Results
are negotiated (Accept with q-values, or ``format=``). GET without a query answers the Service
Description to RDF clients and the query editor to browsers.

Every query runs in a killable worker process (`query_workers`) after `query_safety` has
refused anything that could reach outside the store (its linear screen in the request thread,
its parse-based check inside the worker, under the query timeout). Errors are plain text an analyst can act
on: 400 syntax (with line, column and a caret), 403 update refused, 406 no acceptable format,
413 body too large, 415 wrong content type, 503 timeout / busy / store locked.

An answer's ``ETag`` is ``"g{generation}-{fingerprint of the job}"``: a GET whose
``If-None-Match`` names it gets 304 before any worker is asked, and the pool answers a query it
has answered in this generation from its cache (`result_cache`).
"""

from __future__ import annotations

import hmac
import urllib.parse
from dataclasses import dataclass

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import RequestEntityTooLarge

from coopgraph import formats
from coopgraph.formats import Format, Kind, Media
from coopgraph.ontology.vocab import PREFIXES
from coopgraph.server import conneg, editor, http_cache, results, service_description
from coopgraph.server.app_context import this_app
from coopgraph.server.query_safety import UnsafeOperation, screen
from coopgraph.server.query_workers import DEFAULT_CACHE_BYTES, DEFAULT_MAX_BYTES, Job, QueryError, WorkerPool
from coopgraph.server.result_cache import fingerprint

blueprint = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
TEXT_PLAIN = Media.PLAIN_TEXT + "; charset=utf-8"

# GET /sparql without a query: the service description (RDF; Turtle first) or the editor (HTML).
_GRAPH_OFFERS = formats.offers(results.GRAPH_FORMATS)
DESCRIPTION_OFFERS = (_GRAPH_OFFERS[0], Media.HTML, *_GRAPH_OFFERS[1:], Media.XHTML)


class ProtocolError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Operation:
    kind: str  # "query" or "update"
    text: str
    params: MultiDict  # every protocol parameter of the request (URL and form)


@blueprint.record_once
def _create_pool(state: object) -> None:
    app = state.app  # type: ignore[attr-defined]
    values = app.config["COOPGRAPH"]
    app.extensions["coopgraph.query_workers"] = WorkerPool(
        values["store"],
        size=values["query_workers"],
        timeout=values["query_timeout"],
        max_rows=values["max_rows"],
        max_bytes=values.get("max_result_bytes", DEFAULT_MAX_BYTES),
        network_wall=values.get("network_wall", "required"),
        cache_bytes=int(values.get("query_cache_mb", DEFAULT_CACHE_BYTES // 2**20)) * 2**20,
    )


def _plain(status: int, message: str, **headers: str) -> Response:
    return Response(message.rstrip("\n") + "\n", status=status, content_type=TEXT_PLAIN, headers=headers)


@blueprint.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    try:
        operation = _read_operation()
        if operation is None:
            return _describe_or_edit()
        if operation.kind == "update":
            return _update(operation)
        return _query(operation)
    except ProtocolError as exc:
        return _plain(exc.status, exc.message)
    except UnsafeOperation as exc:
        return _plain(400, str(exc))
    except QueryError as exc:
        return _plain(exc.status, exc.message)
    except RequestEntityTooLarge:
        limit = current_app.config["COOPGRAPH"]["max_body"]
        return _plain(413, f"the request body is larger than {limit} bytes (setting max_body)")


# ---------------------------------------------------------------------------- reading the request


def _single(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise ProtocolError(400, f"one {name} per request: this one has {len(values)} `{name}` parameters")
    return values[0] if values else None


def _read_operation() -> Operation | None:
    """The query or update of this request (None: a GET without one), or a ProtocolError."""
    _require_utf8_form(request.query_string)
    if request.method == "GET":
        return _from_url(request.args)
    mimetype = request.mimetype
    if mimetype == FORM:
        return _from_form()
    if mimetype in (QUERY, UPDATE):
        return _from_body(mimetype)
    given = f"Content-Type {mimetype}" if mimetype else "no Content-Type"
    raise ProtocolError(
        415, f"a POST to /sparql needs Content-Type {QUERY}, {UPDATE} or {FORM} (this one has {given})"
    )


def _from_url(args: MultiDict) -> Operation | None:
    if "update" in args:
        raise ProtocolError(
            400,
            "SPARQL Update cannot be sent by GET: POST it as application/sparql-update "
            "or as a form field `update=`",
        )
    text = _single(args.getlist("query"), "query")
    return None if text is None else Operation("query", text, MultiDict(args))


def _from_form() -> Operation:
    _require_utf8_form(request.get_data(cache=True))
    params = MultiDict(request.args)
    params.update(request.form)
    queries, updates = params.getlist("query"), params.getlist("update")
    if queries and updates:
        raise ProtocolError(400, "a request carries either `query` or `update`, not both")
    if updates:
        return Operation("update", _single(updates, "update") or "", params)
    if queries:
        return Operation("query", _single(queries, "query") or "", params)
    raise ProtocolError(400, "the form has no `query` (or `update`) field")


def _from_body(mimetype: str) -> Operation:
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ProtocolError(400, f"the body must be UTF-8 (the request says charset={charset})")
    try:
        text = request.get_data(cache=False).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the body is not valid UTF-8 (byte {exc.start})") from None
    field = "query" if mimetype == QUERY else "update"
    if "query" in request.args or "update" in request.args:
        raise ProtocolError(400, f"the {field} is in the body; send no `query`/`update` in the URL")
    return Operation(field, text, MultiDict(request.args))


def _require_utf8_form(body: bytes) -> None:
    """Werkzeug would decode a bad byte as U+FFFD and run a different query; refuse instead."""
    try:
        urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the form is not valid UTF-8 ({exc.reason})") from None


def _graphs(params: MultiDict, name: str) -> list[str]:
    iris = params.getlist(name)
    for iri in iris:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise ProtocolError(400, f"{name}={iri!r} is not an absolute IRI") from None
    return iris


def _endpoint_url() -> str:
    return request.base_url


# ---------------------------------------------------------------------------- formats


def _pick(offered: tuple[Format, ...]) -> str | None:
    """The name of the format of `offered` that the Accept header prefers (None: none acceptable)."""
    media = conneg.negotiate(request.headers.get("Accept"), formats.offers(offered))
    return None if media is None else formats.chosen(media, offered).name


def _by_name(requested: str, kind: Kind) -> str | None:
    fmt = formats.by_name(requested, kind)
    return None if fmt is None else fmt.name


def _formats(form: str | None, params: MultiDict) -> tuple[str | None, str | None]:
    """(format for SELECT/ASK, format for CONSTRUCT/DESCRIBE) from `format=` or Accept."""
    tabular_kind = Kind.BOOLEAN if form == "ASK" else Kind.SOLUTIONS
    tabular_formats = results.ASK_FORMATS if form == "ASK" else results.SELECT_FORMATS
    wants_tabular = form in (None, "SELECT", "ASK")
    wants_graph = form in (None, "CONSTRUCT", "DESCRIBE")
    requested = params.get("format")
    if requested:
        # A name means a format of the kind asked for: format=xml is RDF/XML for a CONSTRUCT.
        tabular, graph = _by_name(requested, tabular_kind), _by_name(requested, Kind.GRAPH)
        if not any(_by_name(requested, kind) for kind in (Kind.SOLUTIONS, Kind.BOOLEAN, Kind.GRAPH)):
            known = formats.known(results.ENDPOINT_FORMATS)
            raise ProtocolError(400, f"format={requested} is unknown; use one of {known}")
        if form is not None and (tabular if wants_tabular else graph) is None:
            options = tabular_formats if wants_tabular else results.GRAPH_FORMATS
            raise ProtocolError(406, f"{form} results cannot be written as {requested}; use format= "
                                     + formats.known(options))  # fmt: skip
        return (tabular if wants_tabular else None), (graph if wants_graph else None)
    tabular = _pick(tabular_formats) if wants_tabular else None
    graph = _pick(results.GRAPH_FORMATS) if wants_graph else None
    if form is not None and tabular is None and graph is None:
        offered = tabular_formats if wants_tabular else results.GRAPH_FORMATS
        listed = ", ".join(f.media_type for f in offered)
        raise ProtocolError(
            406,
            f"none of the requested media types ({request.headers.get('Accept')}) is available "
            f"for {form} results; this endpoint writes {listed} (or use format=)",
        )
    return tabular, graph


# ---------------------------------------------------------------------------- operations


def _known_graphs() -> set[str]:
    return set(current_app.extensions["coopgraph.store"].get().named_graphs())


def _query(operation: Operation) -> Response:
    # The linear screen here; the parse-based check, when needed, in the killable worker.
    inspection = screen(operation.text)
    default_graphs = _graphs(operation.params, "default-graph-uri")
    named_graphs = _graphs(operation.params, "named-graph-uri")
    tabular, graph = _formats(inspection.form, operation.params)
    protocol_dataset = bool(default_graphs or named_graphs)
    job = Job(
        "query",
        operation.text,
        tabular_format=tabular,
        graph_format=graph,
        default_graphs=default_graphs if protocol_dataset else None,
        named_graphs=named_graphs if protocol_dataset else None,
        union_default_graph=not inspection.has_dataset_clause,
        base_iri=_endpoint_url(),
        prefixes=dict(PREFIXES),
        check=inspection.needs_parse,
    )
    # The ETag names the generation and the job: a client holding this generation's answer
    # gets a 304 before any worker (or cache) is asked.
    app = this_app()
    generation, name = http_cache.generation(app), fingerprint(job)
    if request.method in ("GET", "HEAD") and request.if_none_match.contains(f"g{generation}-{name}"):
        response = Response(status=304)
        response.set_etag(f"g{generation}-{name}")
        response.vary.add("Accept")
        return response
    result = app.extensions["coopgraph.query_workers"].run(job, generation=generation)
    fmt = formats.FORMATS[result.format]
    response = Response(result.body, content_type=_content_type(fmt.media_type))
    response.set_etag(f"g{generation if result.generation is None else result.generation}-{name}")
    response.vary.add("Accept")
    if result.truncated:
        response.headers["X-Coopgraph-Truncated"] = "true"
        response.headers["X-Coopgraph-Max-Rows"] = str(current_app.config["COOPGRAPH"]["max_rows"])
    return response


def _content_type(media_type: str) -> str:
    return media_type + "; charset=utf-8"


def _authorised() -> bool:
    token = current_app.config["COOPGRAPH"]["update_token"] or ""
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if not token or scheme.lower() != "bearer" or not given.strip():
        return False
    return hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8"))


def _update(operation: Operation) -> Response:
    if not current_app.config["COOPGRAPH"]["update_token"]:
        return _plain(403, "SPARQL Update is disabled: this endpoint is read-only "
                           "(an operator can enable updates with the update_token setting)")  # fmt: skip
    if not _authorised():
        return _plain(403, "SPARQL Update needs the update token: send `Authorization: Bearer <token>`",
                      **{"WWW-Authenticate": 'Bearer realm="coopgraph"'})  # fmt: skip
    for name in ("using-graph-uri", "using-named-graph-uri"):
        if name in operation.params:
            raise ProtocolError(400, f"{name} is not supported; write USING / USING NAMED in the update")
    inspection = screen(operation.text, update=True)
    current_app.extensions["coopgraph.query_workers"].run(
        Job("update", operation.text, base_iri=_endpoint_url(), check=inspection.needs_parse)
    )
    return Response(status=204)


def _describe_or_edit() -> Response:
    requested = request.args.get("format")
    if requested == "html":
        media: str | None = Media.HTML
    elif requested:
        asked = formats.by_name(requested, Kind.GRAPH)
        if asked is None:
            known = formats.known(results.GRAPH_FORMATS)
            raise ProtocolError(400, f"format={requested}: the service description comes as {known} "
                                     "(or html for the editor)")  # fmt: skip
        media = asked.media_type
    else:
        media = conneg.negotiate(request.headers.get("Accept"), DESCRIPTION_OFFERS)
    if media is None:
        listed = ", ".join(f.media_type for f in results.GRAPH_FORMATS)
        raise ProtocolError(406, f"GET /sparql without a query answers {Media.HTML} (the editor) or the "
                                 f"service description as {listed}")  # fmt: skip
    if media in (Media.HTML, Media.XHTML):
        from coopgraph.server.i18n import current_lang

        response = Response(editor.render_editor(_endpoint_url(), current_lang()),
                            content_type="text/html; charset=utf-8")  # fmt: skip
    else:
        fmt = formats.chosen(media, results.GRAPH_FORMATS)
        triples = service_description.description(
            _endpoint_url(), sorted(_known_graphs()),
            update_enabled=bool(current_app.config["COOPGRAPH"]["update_token"]),
        )  # fmt: skip
        body = service_description.serialize_description(triples, fmt)
        response = Response(body, content_type=_content_type(fmt.media_type))
    response.vary.add("Accept")
    return response
