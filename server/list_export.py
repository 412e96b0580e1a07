"""The table a list page shows, as CSV or JSON (``?format=csv`` / ``?format=json`` on the same
address, so the download holds exactly the rows and columns of the page: same filters, sort and
page). Linked cells carry their IRI in a column of their own."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from flask import Response, request

from coopgraph.formats import Media
from coopgraph.publish.tables import spreadsheet_text
from coopgraph.server.describe import Value
from coopgraph.server.labels import base_iri

FORMATS = ("csv", "json")


def wanted_format() -> str | None:
    asked = request.args.get("format", "")
    return asked if asked in FORMATS else None


def _cells(cell: Value | list[Value]) -> list[Value]:
    return cell if isinstance(cell, list) else [cell]


def _iri(value: Value) -> str:
    """The IRI a cell links to: a linked-data page of ours (``/id/…``) or an IRI elsewhere."""
    path = (value.href or "").removeprefix(request.script_root).split("?", 1)[0]
    if path.startswith("/id/"):
        return base_iri() + path.lstrip("/")
    return value.external or ""


def table_response(
    name: str, headers: list[str], rows: Sequence[Sequence[Value | list[Value]]], fmt: str
) -> Response:
    """`rows` as a CSV (one column per header, plus an IRI column for linked columns) or JSON."""
    linked = [any(_iri(v) for row in rows for v in _cells(row[i])) for i in range(len(headers))]
    if fmt == "json":
        records = [
            {
                h: {
                    "text": "; ".join(v.text for v in _cells(c)),
                    "iri": [_iri(v) for v in _cells(c) if _iri(v)],
                }
                if linked[i]
                else "; ".join(v.text for v in _cells(c))
                for i, (h, c) in enumerate(zip(headers, row, strict=True))
            }
            for row in rows
        ]
        return Response(
            json.dumps({"columns": headers, "rows": records}, ensure_ascii=False), mimetype=Media.JSON
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([col for i, h in enumerate(headers) for col in ([h, f"{h} IRI"] if linked[i] else [h])])
    for row in rows:
        out = []
        for i, cell in enumerate(row):
            values = _cells(cell)
            out.append(spreadsheet_text("; ".join(v.text for v in values)))
            if linked[i]:
                out.append(" ".join(_iri(v) for v in values if _iri(v)))
        writer.writerow(out)
    response = Response(buffer.getvalue(), mimetype=Media.CSV)
    response.mimetype_params["charset"] = "utf-8"
    response.headers["Content-Disposition"] = f'inline; filename="{name}.csv"'
    return response
