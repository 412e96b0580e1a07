"""Serialisation of query results in the formats the endpoint offers, with a row and a byte cap.

SELECT and ASK results that fit under the row cap are written by pyoxigraph's own serializers
(`write_solutions`): the solutions are first written as SPARQL TSV, where every solution is one
line (newlines in literals are escaped), into a sink that stops the evaluation once it has seen
``max_rows + 1`` lines; if they fit, pyoxigraph parses that TSV back (lossless: terms are in
N-Triples syntax) and writes the asked format. Both steps run in Rust, several times faster than
a writer in Python. A result over the cap is written here (JSON, XML, CSV, TSV per the W3C
result-format specs, `serialize_solutions`), because pyoxigraph's serializer has no row cap and
a truncated result must still be a complete, parseable document that says it was cut. A
truncated result carries ``head.link: ["urn:coopgraph:truncated?max_rows=N"]`` (JSON and XML,
the place the specs keep for links about the result); the HTTP layer adds
``X-Coopgraph-Truncated: true``.
CONSTRUCT/DESCRIBE graphs are written by the format registry's writers (coopgraph.formats:
pyoxigraph's serializers, JSON-LD compacted with the local @context), after the same cap on the
number of triples (flagged by the header, and by a first-line comment in Turtle and N-Triples).
The formats each query form can be answered in are the registry's rows of that kind.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from collections.abc import Iterator
from itertools import islice
from typing import IO, cast
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from coopgraph import formats
from coopgraph.formats import Format, Kind

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


# What each result shape can be written in, in the server's order of preference: the
# registry's formats (coopgraph.formats) for that kind.
SELECT_FORMATS: tuple[Format, ...] = formats.serving(Kind.SOLUTIONS)
ASK_FORMATS: tuple[Format, ...] = formats.serving(Kind.BOOLEAN)
GRAPH_FORMATS: tuple[Format, ...] = formats.serving(Kind.GRAPH)
# Every format the endpoint answers in (the service description lists them).
ENDPOINT_FORMATS: tuple[Format, ...] = formats.serving(Kind.SOLUTIONS, Kind.BOOLEAN, Kind.GRAPH)


def _tabular(fmt: str, kind: Kind) -> tuple[Format, ox.QueryResultsFormat]:
    """The registry's format `fmt` for SELECT (SOLUTIONS) or ASK (BOOLEAN) results, and its
    pyoxigraph writer."""
    chosen = formats.by_name(fmt, kind)
    if chosen is None or chosen.results is None:
        raise ValueError(f"{fmt} is not a format for {'ASK' if kind is Kind.BOOLEAN else 'SELECT'} results")
    return chosen, chosen.results


def _parse_tsv(data: bytes) -> ox.QuerySolutions:
    parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.TSV)
    assert isinstance(parsed, ox.QuerySolutions)  # a TSV document holds solutions, never a boolean
    return parsed


def _written(data: bytes | None) -> bytes:
    """pyoxigraph's serializers return the bytes when given no output file; their stubs say
    `bytes | None` for both cases."""
    assert data is not None
    return data


class ResultTooLarge(Exception):
    """The serialised result went over the byte cap."""


class CappedBuffer(io.RawIOBase):
    """A bytes sink that refuses to grow past `limit` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._chunks: list[bytes] = []
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.size += len(data)
        if self.size > self.limit:
            raise ResultTooLarge(f"the result is larger than {self.limit} bytes")
        self._chunks.append(bytes(data))
        return len(data)

    def getvalue(self) -> bytes:
        return b"".join(self._chunks)


TRUNCATION_LINK = "urn:coopgraph:truncated?max_rows={}"


# ---------------------------------------------------------------------------- SELECT


def _json_term(term: object) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    raise TypeError(f"unexpected RDF term {term!r}")


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NOT_XML_BYTES = re.compile(b"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")


def _x(text: str) -> str:
    """Text for an XML element: escaped, and without the control characters XML 1.0 forbids."""
    return escape(_NOT_XML.sub("\ufffd", text))


def _xml_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_x(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_x(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{_x(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{_x(term.value)}</literal>"
        return f"<literal>{_x(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject>"
            f"<predicate>{_xml_term(term.predicate)}</predicate>"
            f"<object>{_xml_term(term.object)}</object></triple>"
        )
    raise TypeError(f"unexpected RDF term {term!r}")


def _csv_value(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)  # quoted triples: their N-Triples form


def _tsv_value(term: object) -> str:
    # str() of a pyoxigraph term is its N-Triples form, with tabs and newlines escaped.
    return "" if term is None else str(term)


def serialize_solutions(
    variables: list[str], solutions: Iterator, fmt: str, *, max_rows: int, max_bytes: int
) -> tuple[bytes, bool]:
    """Write at most `max_rows` solutions with our writer; returns (bytes, truncated)."""
    writer = _SELECT_WRITERS.get(fmt)
    if writer is None:
        raise ValueError(f"{fmt} is not a format for SELECT results")
    rows = list(islice(solutions, max_rows + 1))
    truncated = len(rows) > max_rows
    out = CappedBuffer(max_bytes)
    writer(out, variables, rows[:max_rows], [TRUNCATION_LINK.format(max_rows)] if truncated else [])
    return out.getvalue(), truncated


def _write_json(out: CappedBuffer, variables: list[str], rows: list, link: list[str]) -> None:
    head: dict = {"vars": variables}
    if link:
        head["link"] = link
    out.write(b'{"head":' + json.dumps(head).encode() + b',"results":{"bindings":[')
    for i, row in enumerate(rows):
        binding = {v: _json_term(row[v]) for v in variables if row[v] is not None}
        out.write((b"," if i else b"\n") + json.dumps(binding, ensure_ascii=False).encode("utf-8"))
    out.write(b"\n]}}\n")


def _write_xml(out: CappedBuffer, variables: list[str], rows: list, link: list[str]) -> None:
    out.write(f'<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="{RESULTS_NS}"><head>'.encode())
    for v in variables:
        out.write(f"<variable name={quoteattr(v)}/>".encode())
    for href in link:
        out.write(f"<link href={quoteattr(href)}/>".encode())
    out.write(b"</head><results>\n")
    for row in rows:
        cells = "".join(
            f"<binding name={quoteattr(v)}>{_xml_term(row[v])}</binding>"
            for v in variables
            if row[v] is not None
        )
        out.write(f"<result>{cells}</result>\n".encode())
    out.write(b"</results></sparql>\n")


def _write_csv(out: CappedBuffer, variables: list[str], rows: list, link: list[str]) -> None:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([_csv_value(row[v]) for v in variables])
        _flush(text, out, at_least=65536)
    _flush(text, out)


def _write_tsv(out: CappedBuffer, variables: list[str], rows: list, link: list[str]) -> None:
    text = io.StringIO()
    text.write("\t".join("?" + v for v in variables) + "\n")
    for row in rows:
        text.write("\t".join(_tsv_value(row[v]) for v in variables) + "\n")
        _flush(text, out, at_least=65536)
    _flush(text, out)


# CSV and TSV have no place for the truncation link: the HTTP header says it.
_SELECT_WRITERS = {"json": _write_json, "xml": _write_xml, "csv": _write_csv, "tsv": _write_tsv}


class _EnoughRows(Exception):
    """Raised from the TSV sink to stop pyoxigraph's serializer (and so the evaluation)."""


class _TsvLines(CappedBuffer):
    """A byte-capped sink that stops the writer once it holds the header and `rows + 1`
    solution lines: one solution over the cap tells that the result is over it."""

    def __init__(self, rows: int, limit: int) -> None:
        super().__init__(limit)
        self.lines_wanted = rows + 1  # the header and `rows` solutions
        self.lines = 0

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.lines += data.count(b"\n")
        if self.lines > self.lines_wanted:  # over the row cap: the byte cap applies to what is kept
            self._chunks.append(bytes(data))
            raise _EnoughRows
        return super().write(data)

    def flush(self) -> None:
        pass


def write_solutions(
    solutions: ox.QuerySolutions, fmt: str, *, max_rows: int, max_bytes: int
) -> tuple[bytes, bool]:
    """SELECT results in `fmt` by pyoxigraph's writer, cut at `max_rows` and then marked truncated
    (a link in the head of JSON and XML, which have a place for one); returns (bytes, truncated)."""
    chosen, results_format = _tabular(fmt, Kind.SOLUTIONS)
    variables = [v.value for v in solutions.variables]
    sink = _TsvLines(max_rows, max_bytes)
    with contextlib.suppress(_EnoughRows):
        solutions.serialize(cast(IO[bytes], sink), format=ox.QueryResultsFormat.TSV)
    tsv = sink.getvalue()
    caps = {"max_rows": max_rows, "max_bytes": max_bytes}
    truncated = sink.lines > max_rows + 1
    kept = _first_lines(tsv, max_rows + 1) if truncated else tsv  # the header and max_rows solutions
    if chosen is formats.SPARQL_TSV:
        return kept, truncated
    body = _written(_parse_tsv(kept).serialize(format=results_format))
    if chosen is formats.SPARQL_XML and _NOT_XML_BYTES.search(body):  # pyoxigraph writes them as they are
        # The header and max_rows + 1 solutions: the one over the cap tells our writer to mark.
        over = _first_lines(tsv, max_rows + 2) if truncated else tsv
        return serialize_solutions(variables, iter(_parse_tsv(over)), chosen.name, **caps)
    if truncated:
        body = _with_link(body, chosen, TRUNCATION_LINK.format(max_rows))
    if len(body) > max_bytes:
        raise ResultTooLarge(f"the result is larger than {max_bytes} bytes")
    return body, truncated


def _first_lines(tsv: bytes, count: int) -> bytes:
    return b"\n".join(tsv.split(b"\n", count)[:count]) + b"\n"


def _with_link(body: bytes, chosen: formats.Format, link: str) -> bytes:
    """pyoxigraph's JSON or XML results with `link` added to their head (CSV has no head)."""
    if chosen is formats.SPARQL_JSON:  # {"head":{"vars":[…]}: variable names hold no "]"
        end = body.index(b"]", body.index(b'"vars":[')) + 1
        return body[:end] + b',"link":' + json.dumps([link]).encode() + body[end:]
    if chosen is formats.SPARQL_XML:  # <head>…</head>, the link after the variables
        return body.replace(b"</head>", f"<link href={quoteattr(link)}/></head>".encode(), 1)
    return body


def _flush(text: io.StringIO, out: CappedBuffer, at_least: int = 0) -> None:
    """Move buffered text to `out` (in chunks, so the byte cap applies while writing)."""
    if text.tell() >= at_least:
        out.write(text.getvalue().encode("utf-8"))
        text.seek(0)
        text.truncate()


def serialize_boolean(value: bool, fmt: str) -> bytes:
    """An ASK result in `fmt` (SPARQL JSON or XML), as pyoxigraph's writer has it."""
    return _BOOLEANS[value, _tabular(fmt, Kind.BOOLEAN)[0].name]


def _boolean(value: bool, fmt: Format) -> bytes:
    # pyoxigraph makes a QueryBoolean only from a query or a parse: parse the one-line JSON.
    parsed = ox.parse_query_results(b'{"head":{},"boolean":%s}' % (b"true" if value else b"false"),
                                    format=ox.QueryResultsFormat.JSON)  # fmt: skip
    return _written(parsed.serialize(format=_tabular(fmt.name, Kind.BOOLEAN)[1]))


_BOOLEANS = {(v, f.name): _boolean(v, f) for v in (True, False) for f in ASK_FORMATS}


# ---------------------------------------------------------------------------- graphs


def serialize_triples(
    triples: Iterator, fmt: str, *, max_rows: int, max_bytes: int, prefixes: dict[str, str]
) -> tuple[bytes, bool]:
    """Write at most `max_rows` triples as an RDF graph; returns (bytes, truncated)."""
    chosen = formats.by_name(fmt, Kind.GRAPH)
    if chosen is None:
        raise ValueError(f"{fmt} is not a format for CONSTRUCT/DESCRIBE results")
    kept = list(islice(triples, max_rows + 1))
    truncated = len(kept) > max_rows
    kept = kept[:max_rows]
    out = CappedBuffer(max_bytes)
    if truncated and chosen in COMMENTED:
        out.write(f"# {TRUNCATION_LINK.format(max_rows)}: the first {max_rows} triples only\n".encode())
    formats.write(cast(IO[bytes], out), kept, chosen, prefixes=prefixes)  # a capped byte sink
    return out.getvalue(), truncated


# The graph formats with line comments, where a truncated graph says so in its first line
# (RDF/XML and JSON-LD have none: the HTTP header alone says it).
COMMENTED = (formats.TURTLE, formats.NTRIPLES)
