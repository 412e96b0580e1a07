"""Dereferencing the IRIs the ingest mints: 303 URIs per "Cool URIs for the Semantic Web".

``{base}id/…`` names a thing (an event, an organisation), not a document, so a GET on it
answers ``303 See Other`` to the document that describes it, ``/doc/…`` plus an extension
picked by the Accept header (``.html`` for browsers, ``.ttl``, ``.jsonld``, ``.nt``). Each
``/doc/…`` URL with an extension serves that one format; without one it negotiates. Named
graphs (``{base}graph/…``) are documents themselves and are served directly.

The IRI of a request is the ``base_iri`` setting joined with the request path, so the server
answers for its IRIs whatever host name it is reached under.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
from flask import Blueprint, Response, abort, current_app, redirect, render_template, request
from rdflib import Graph

from coopgraph.ontology.vocab import PREFIXES
from coopgraph.publish.export import jsonld_context
from coopgraph.server import schema_org
from coopgraph.server.app_context import this_app
from coopgraph.server.describe import describe, document_triples, exists
from coopgraph.server.i18n import current_lang
from coopgraph.server.labels import base_iri, iri_for_path
from coopgraph.server.neighbourhood import picture
from coopgraph.server.query_memo import page_store
from coopgraph.server.rdf_documents import with_document_metadata
from coopgraph.server.render_cache import cached_render
from coopgraph.store import GraphStore

blueprint = Blueprint("linked_data", __name__)

MEDIA_TYPES = {
    "html": "text/html",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
}
# Accept values we answer, in our order of preference when the client has none.
ACCEPTED = [
    ("text/html", "html"),
    ("application/xhtml+xml", "html"),
    ("text/turtle", "ttl"),
    ("application/x-turtle", "ttl"),
    ("application/ld+json", "jsonld"),
    ("application/json", "jsonld"),
    ("application/n-triples", "nt"),
    ("text/plain", "nt"),
]


def negotiate() -> str | None:
    """The extension the Accept header asks for (q-values respected); html when absent."""
    if not request.headers.get("Accept"):
        return "html"
    best = request.accept_mimetypes.best_match([m for m, _ in ACCEPTED])
    return dict(ACCEPTED).get(best) if best else None


def split_extension(path: str) -> tuple[str, str | None]:
    for ext in MEDIA_TYPES:
        if path.endswith("." + ext):
            return path[: -len(ext) - 1], ext
    return path, None


def rdf_bytes(triples: list[ox.Triple], fmt: str) -> bytes:
    """Triples as Turtle, N-Triples or compact JSON-LD with the local @context."""
    if fmt == "jsonld":
        graph = Graph()
        graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
        text = graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True)
        return json.dumps(json.loads(text), ensure_ascii=False, indent=1).encode("utf-8")
    if fmt == "ttl":
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def _store() -> GraphStore:
    return page_store(current_app)


def _not_acceptable() -> Response:
    offered = ", ".join(sorted(set(MEDIA_TYPES.values())))
    return Response(
        f"406 Not Acceptable: this resource is offered as {offered}\n",
        406,
        mimetype="text/plain",
        headers={"Vary": "Accept"},
    )


@blueprint.get("/id/<path:rest>")
def thing(rest: str) -> Response:
    """303 from a thing's IRI to the document describing it, chosen by Accept."""
    store = _store()
    stem, ext = split_extension(rest)
    if ext is not None and exists(store, iri_for_path("id/" + rest)):
        stem, ext = rest, None  # an IRI that itself ends like an extension
    if ext is None:
        ext = negotiate()
        if ext is None:
            return _not_acceptable()
    if not exists(store, iri_for_path("id/" + stem)):
        abort(404)
    target = f"{request.script_root}/doc/{stem}.{ext}"
    if request.query_string:
        target += "?" + request.query_string.decode("latin-1")
    response = redirect(target, code=303)
    response.headers["Vary"] = "Accept"
    return response


@blueprint.get("/doc/<path:rest>")
def document(rest: str) -> Response:
    """The description of `{base}id/{rest}` in one format."""
    stem, ext = split_extension(rest)
    negotiated = ext is None
    if negotiated:
        ext = negotiate()
        if ext is None:
            return _not_acceptable()
    store = _store()
    iri = iri_for_path("id/" + stem)
    if not exists(store, iri):
        abort(404)
    # The generic document (every format says the same about it) is the one named in RDF.
    document_iri = f"{base_iri()}doc/{stem}"
    return document_response(store, iri, ext, f"/doc/{stem}", document_iri, negotiated=negotiated)


def document_response(
    store: GraphStore,
    iri: str,
    ext: str,
    path: str,
    document_iri: str,
    *,
    negotiated: bool,
    triples: list[ox.Triple] | None = None,
) -> Response:
    """The document at `path` (+ ``.ext``; `document_iri` in RDF) that describes `iri`: a page,
    or RDF naming its primary topic and licence and labelling what it links to
    (`rdf_documents`). `triples` default to the resource's own (`document_triples`)."""
    if ext == "html":
        lang = current_lang()
        description = describe(store, iri, lang)
        body = render_template(
            "resource.html",
            d=description,
            picture=picture(description),
            alternates=[(e, f"{request.script_root}{path}.{e}") for e in MEDIA_TYPES if e != "html"],
            jsonld=schema_org.for_resource(store, iri),
        )
        response = Response(body, mimetype="text/html")
    else:
        from coopgraph.server.downloads import publication

        app = this_app()
        triples = with_document_metadata(
            store,
            document_triples(store, iri) if triples is None else triples,
            document=document_iri,
            topic=iri,
            licence=publication(app).licence,
        )
        response = Response(rdf_bytes(triples, ext), mimetype=MEDIA_TYPES[ext])
        if ext != "nt":
            response.mimetype_params["charset"] = "utf-8"
    if negotiated:
        response.headers["Vary"] = "Accept"
        response.headers["Content-Location"] = f"{request.script_root}{path}.{ext}"
    links = [
        f'<{request.script_root}{path}.{e}>; rel="alternate"; type="{m}"' for e, m in MEDIA_TYPES.items()
    ]
    response.headers["Link"] = ", ".join(links)
    return response


@blueprint.get("/graph/<path:rest>")
def named_graph(rest: str) -> Response:
    """A named graph (a report's, the ontology, the gazetteer) as Turtle, N-Triples or JSON-LD."""
    stem, ext = split_extension(rest)
    negotiated = ext is None or ext == "html"
    if negotiated:
        ext = negotiate()
        if ext in (None, "html"):
            ext = "ttl"  # a graph has no HTML view; browsers get Turtle as text
    store = _store()
    iri = iri_for_path("graph/" + stem)
    if not store.has_graph(iri):
        abort(404)
    triples = lambda: [q.triple for q in store.quads(iri)]  # noqa: E731
    data = cached_render(store, ("graph", iri, ext), lambda: rdf_bytes(triples(), ext))
    response = Response(data, mimetype=MEDIA_TYPES[ext])
    if negotiated:
        response.headers["Vary"] = "Accept"
    return response
