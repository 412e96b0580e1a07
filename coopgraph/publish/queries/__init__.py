"""The analyst query pack: canned SPARQL files with a title, a description and parameters.

Each ``queries/NAME.rq`` starts with comment lines::

    # title: Events
    # description: One row per event ...
    # param: sector iri Sector concept

and has a ``#PARAMETERS`` line inside its WHERE clause. Parameter values are turned into RDF
terms (an IRI is parsed as an IRI, a date as an xsd:date...) and bound through a ``VALUES``
block placed there, so a value can never change the query's text beyond one escaped term.
Unset parameters are bound to ``UNDEF``; the query tests them with ``BOUND(?param_x)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

import pyoxigraph as ox

from coopgraph.errors import CoopgraphError
from coopgraph.ontology.vocab import SECTOR_NS, sparql_prefixes

XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_TYPES = ("iri", "date", "string", "integer")
_HEADER = re.compile(r"^#\s*(?P<key>[\w@-]+):\s*(?P<value>.*)$")
_PLACEHOLDER = "#PARAMETERS"


class QueryError(CoopgraphError):
    """A canned query is unknown or a parameter value is not of its type."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    help: str

    def term(self, raw: str) -> ox.NamedNode | ox.Literal:
        """Turn a user's value into an RDF term of the declared type, or raise QueryError."""
        raw = raw.strip()
        try:
            if self.type == "iri":
                if not re.match(r"^[a-z][a-z0-9+.-]*:", raw, re.I):
                    raise ValueError("not an absolute IRI")
                return ox.NamedNode(raw)
            if self.type == "date":
                return ox.Literal(date.fromisoformat(raw).isoformat(), datatype=ox.NamedNode(XSD + "date"))
            if self.type == "integer":
                return ox.Literal(str(int(raw)), datatype=ox.NamedNode(XSD + "integer"))
            return ox.Literal(raw)
        except ValueError as exc:
            raise QueryError(f"parameter {self.name}: {raw!r} is not a valid {self.type} ({exc})") from None


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    title_ru: str
    description: str
    parameters: tuple[Parameter, ...]
    body: str  # the SPARQL text without the prefixes
    description_ru: str = ""

    def sparql(self, values: dict[str, str] | None = None, *, base_iri: str | None = None) -> str:
        """The full query text with prefixes and the parameters bound. With `base_iri`, a short
        key (``culture``, ``by-vi``, a report id) is taken for the sector, region or report IRI
        it names (see `expand_key`); a full IRI is taken as it is."""
        values = {k: v for k, v in (values or {}).items() if v not in (None, "")}
        if base_iri is not None:
            values = {k: expand_key(k, v, base_iri) for k, v in values.items()}
        known = {p.name for p in self.parameters}
        unknown = sorted(set(values) - known)
        if unknown:
            raise QueryError(
                f"query {self.name} has no parameter {', '.join(unknown)}; "
                f"it takes: {', '.join(sorted(known)) or 'none'}"
            )
        body = self.body
        if self.parameters:
            names = " ".join(f"?param_{p.name}" for p in self.parameters)
            row = " ".join(
                str(p.term(values[p.name])) if p.name in values else "UNDEF" for p in self.parameters
            )
            body = body.replace(_PLACEHOLDER, f"VALUES ({names}) {{ ({row}) }}", 1)
        return sparql_prefixes() + body


# Parameters whose value may be given by its short key, and the IRI that key stands for.
_SHORT_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,100}$")
_KEYED_PARAMETERS = {
    "sector": lambda key, minter: SECTOR_NS + key,
    "region": lambda key, minter: minter.place(key),
    "report": lambda key, minter: minter.report(key),
}


def expand_key(name: str, value: str, base_iri: str) -> str:
    """The IRI a parameter's short key names (``sector=culture``, ``region=by-vi``, ``report=ID``),
    or the value unchanged: an IRI, or a parameter that takes no keys."""
    expand = _KEYED_PARAMETERS.get(name)
    value = value.strip()
    if expand is None or not _SHORT_KEY.match(value):
        return value
    from coopgraph.iris import Minter

    return expand(value, Minter(base_iri))


def _parse(name: str, text: str) -> CannedQuery:
    meta: dict[str, str] = {}
    params: list[Parameter] = []
    body_lines: list[str] = []
    in_header = True
    for line in text.splitlines():
        match = _HEADER.match(line) if in_header else None
        if match:
            key, value = match["key"], match["value"].strip()
            if key == "param":
                pname, ptype, phelp = ([*value.split(None, 2), "", ""])[:3]
                if ptype not in PARAM_TYPES:
                    raise QueryError(f"query {name}: parameter {pname} has unknown type {ptype!r}")
                params.append(Parameter(pname, ptype, phelp))
            else:
                meta[key] = value
            continue
        in_header = False
        body_lines.append(line)
    body = "\n".join(body_lines).strip() + "\n"
    if params and _PLACEHOLDER not in body:
        raise QueryError(f"query {name}: declares parameters but has no {_PLACEHOLDER} line")
    return CannedQuery(
        name=name,
        title=meta.get("title", name),
        title_ru=meta.get("title@ru", meta.get("title", name)),
        description=meta.get("description", ""),
        description_ru=meta.get("description@ru", ""),
        parameters=tuple(params),
        body=body,
    )


@cache
def canned_queries() -> dict[str, CannedQuery]:
    """All canned queries by name, in name order."""
    folder = resources.files(__name__)  # the .rq files sit in this package's own folder
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[: -len(".rq")]
            found[name] = _parse(name, entry.read_text(encoding="utf-8"))
    return found


def get_canned(name: str) -> CannedQuery:
    queries = canned_queries()
    if name not in queries:
        raise QueryError(f"no canned query {name!r}; known: {', '.join(queries)}")
    return queries[name]


def term_value(term: object) -> object:
    """A result cell as a plain Python value: IRIs and strings as str, numbers as int/float."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        if dt in {XSD + "integer", XSD + "nonNegativeInteger", XSD + "positiveInteger", XSD + "int"}:
            return int(term.value)
        if dt in {XSD + "decimal", XSD + "double", XSD + "float"}:
            return float(term.value)
        return term.value
    return getattr(term, "value", str(term))


def select_rows(solutions: ox.QuerySolutions) -> tuple[list[str], list[list[object]]]:
    """Columns and rows of a SELECT result as plain values; ``param_*`` columns are dropped."""
    columns = [v.value for v in solutions.variables if not v.value.startswith("param_")]
    rows = [[term_value(sol[c]) for c in columns] for sol in solutions]
    return columns, rows
