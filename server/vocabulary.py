"""The vocabulary as 303 URIs: the ontology and the concept schemes have permanent IRIs under
``https://w3id.org/coopgraph/`` (`VOCAB_IRI`); w3id.org redirects them to this deployment's
``vocab_base`` setting (rules: coopgraph.w3id), and the server answers there as it does for
``/id/…``:

- ``{vocab_base}ns`` (the ontology; its terms are ``ns#term``), a scheme ``{vocab_base}sector/``
  and a concept ``{vocab_base}sector/culture`` answer ``303 See Other`` to a document chosen by
  ``Accept``: ``…/ns.html``, ``…/sector.ttl``, ``…/sector/culture.jsonld``, ``….nt``;
- each document with an extension serves that format: the page, or RDF that names its primary
  topic and licence and labels what it links to (as ``/doc/…``). The ontology's RDF holds the
  ontology and every term of it.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

import pyoxigraph as ox
from flask import Blueprint, Flask, Response, abort, current_app, redirect, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as WerkzeugResponse

from coopgraph.formats import NTRIPLES
from coopgraph.ontology.load import ONTOLOGY_IRI, ontology_graph
from coopgraph.ontology.vocab import CG_NS
from coopgraph.server.describe import exists
from coopgraph.server.linked_data import EXTENSIONS, document_response, negotiate, split_extension
from coopgraph.server.pages import error_page
from coopgraph.store import GraphStore

blueprint = Blueprint("vocabulary", __name__)
blueprint.register_error_handler(HTTPException, error_page)

VOCAB_IRI = "https://w3id.org/coopgraph/"
SCHEMES = ("sector", "event-type", "role", "format", "flag")
SCHEME = "any(" + ", ".join(f"'{s}'" for s in SCHEMES) + ")"
EXTENSION = f"any({', '.join(EXTENSIONS)})"


def vocab_base(values: dict) -> str:
    """Where this deployment serves the vocabulary: the setting, or the base IRI."""
    base = values["vocab_base"] or values["base_iri"]
    return base if base.endswith("/") else base + "/"


def url_prefix(values: dict) -> str:
    """The path under which the vocabulary routes are registered ("" at the site root)."""
    return urlsplit(vocab_base(values)).path.rstrip("/")


def register(app: Flask) -> None:
    app.register_blueprint(blueprint, url_prefix=url_prefix(app.config["COOPGRAPH"]) or None)


@cache
def ontology_triples() -> tuple[ox.Triple, ...]:
    """The ontology and its terms (ns#…), without the concept schemes."""
    graph = ontology_graph()
    text = graph.serialize(format="nt", encoding="utf-8")
    keep = (str(ONTOLOGY_IRI), CG_NS)
    return tuple(
        t
        for t in ox.parse(text, format=NTRIPLES.rdf)
        if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(keep)
    )


def _vocab_iri(path: str) -> str:
    """The vocabulary IRI of a request path (404 when the decoded path cannot be part of an
    IRI: spaces, quotes, angle brackets, control characters)."""
    iri = VOCAB_IRI + path
    try:
        ox.NamedNode(iri)
    except ValueError:
        abort(404)
    return iri


def _store() -> GraphStore:
    return current_app.extensions["coopgraph.store"].get()


def _see_other(path: str) -> WerkzeugResponse:
    """303 from a vocabulary IRI to its document in the format the client accepts."""
    ext = negotiate()
    if ext is None:
        abort(406)
    response = redirect(f"{request.script_root}{blueprint_prefix()}/{path}.{ext}", code=303)
    response.headers["Vary"] = "Accept"
    return response


def blueprint_prefix() -> str:
    return url_prefix(current_app.config["COOPGRAPH"])


def _document(iri: str, path: str, ext: str, triples: list[ox.Triple] | None = None) -> Response:
    store = _store()
    if not exists(store, iri):
        abort(404)
    document_iri = vocab_base(current_app.config["COOPGRAPH"]) + path
    local = f"{blueprint_prefix()}/{path}"
    return document_response(store, iri, ext, local, document_iri, negotiated=False, triples=triples)


@blueprint.get("/ns")
def ontology() -> WerkzeugResponse:
    return _see_other("ns")


@blueprint.get(f"/ns.<{EXTENSION}:ext>")
def ontology_document(ext: str) -> Response:
    return _document(str(ONTOLOGY_IRI), "ns", ext, list(ontology_triples()))


@blueprint.get(f"/<{SCHEME}:scheme>/")
def scheme(scheme: str) -> WerkzeugResponse:
    return _see_other(scheme)


@blueprint.get(f"/<{SCHEME}:scheme>.<{EXTENSION}:ext>")
def scheme_document(scheme: str, ext: str) -> Response:
    return _document(_vocab_iri(f"{scheme}/"), scheme, ext)


@blueprint.get(f"/<{SCHEME}:scheme>/<key>")
def concept(scheme: str, key: str) -> WerkzeugResponse:
    stem, ext = split_extension(key)
    if ext is None:
        if not exists(_store(), _vocab_iri(f"{scheme}/{key}")):
            abort(404)
        return _see_other(f"{scheme}/{key}")
    return _document(_vocab_iri(f"{scheme}/{stem}"), f"{scheme}/{stem}", ext)
