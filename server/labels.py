"""Shared helpers of the page queries: binding values, readable labels, local links.

Values reach a page query only through `bind`, which writes them as RDF terms into a
``VALUES`` block at the query's ``#PARAMETERS`` line (pyoxigraph escapes the term), so no user
text is ever spliced into the query.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyoxigraph as ox
from flask import abort, current_app, request

from coopgraph.ontology.vocab import PREFIXES, sparql_prefixes
from coopgraph.server.i18n import pick_literal, term_label
from coopgraph.store import GraphStore

Term = ox.NamedNode | ox.Literal
PLACEHOLDER = "#PARAMETERS"

LABEL_QUERY = """
SELECT DISTINCT ?x ?label WHERE {
  #PARAMETERS
  { ?x schema:name ?label } UNION { ?x skos:prefLabel ?label } UNION { ?x rdfs:label ?label }
  UNION { ?x dct:title ?label } UNION { ?x foaf:name ?label }
}
"""


def bind(query: str, values: Mapping[str, Term | None]) -> str:
    """The query with prefixes and a one-row VALUES block (UNDEF for None) at #PARAMETERS."""
    if values:
        names = " ".join(f"?{name}" for name in values)
        row = " ".join("UNDEF" if v is None else str(v) for v in values.values())
        query = query.replace(PLACEHOLDER, f"VALUES ({names}) {{ ({row}) }}", 1)
    return sparql_prefixes() + query


def bind_many(query: str, name: str, terms: Iterable[Term]) -> str:
    """The query with a one-column VALUES block listing `terms`."""
    listed = " ".join(str(t) for t in terms)
    return sparql_prefixes() + query.replace(PLACEHOLDER, f"VALUES ?{name} {{ {listed} }}", 1)


def labels(store: GraphStore, iris: Iterable[str], lang: str) -> dict[str, str]:
    """The best label of each IRI in the page language; IRIs without one are left out."""
    unique = sorted(set(iris))
    found: dict[str, list[ox.Literal]] = {}
    for start in range(0, len(unique), 500):
        chunk = [ox.NamedNode(i) for i in unique[start : start + 500]]
        for sol in store.query(bind_many(LABEL_QUERY, "x", chunk)):
            if isinstance(sol["label"], ox.Literal):
                found.setdefault(sol["x"].value, []).append(sol["label"])
    # Each list holds at least one literal, so one is always picked.
    return {iri: lit.value for iri, lits in found.items() if (lit := pick_literal(lits, lang)) is not None}


def base_iri() -> str:
    base = current_app.config["COOPGRAPH"]["base_iri"]
    return base if base.endswith("/") else base + "/"


def is_ours(iri: str) -> bool:
    return iri.startswith(base_iri())


def local_href(iri: str) -> str | None:
    """The path on this server that serves `iri` (None for IRIs not under the base IRI)."""
    if not is_ours(iri):
        return None
    return request.script_root + "/" + iri[len(base_iri()) :]


def iri_for_path(path: str) -> str:
    """The resource IRI a request path names: the base IRI joined with the path (404 when the
    decoded path cannot be part of an IRI: spaces, quotes, angle brackets, control characters)."""
    iri = base_iri() + path.lstrip("/")
    try:
        ox.NamedNode(iri)
    except ValueError:
        abort(404)
    return iri


def short_name(iri: str, lang: str) -> str:
    """A readable name for an IRI that has no label: a known term, a prefixed name or a path."""
    known = term_label(iri, lang)
    if known:
        return known
    if is_ours(iri):
        return iri[len(base_iri()) :]
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def label_or_name(found: Mapping[str, str], iri: str, lang: str) -> str:
    return found.get(iri) or short_name(iri, lang)
