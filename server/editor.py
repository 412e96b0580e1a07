"""The query editor page (YASGUI, vendored under static/vendor/yasgui; no CDN, nothing remote).

The page gets its configuration — endpoint URL, the ontology's prefixes and the analyst query
pack as examples — as JSON in a ``<script type="application/json">`` block. Text from query
files ends up inside a script element, where HTML escaping does not apply, so the JSON itself is
made inert: ``<``, ``>`` and ``&`` are written as ``\\u003c``/``\\u003e``/``\\u0026`` (still the
same JSON), so no value can close the element or open a comment.
"""

from __future__ import annotations

import json

from flask import render_template
from flask_babel import gettext
from markupsafe import Markup

from coopgraph.ontology.vocab import PREFIXES, sparql_prefixes
from coopgraph.publish.queries import canned_queries

DEFAULT_QUERY = """SELECT ?class (COUNT(?x) AS ?n) WHERE {
  ?x a ?class .
} GROUP BY ?class ORDER BY DESC(?n)
LIMIT 50
"""


def script_json(value: object) -> Markup:
    """JSON that is safe to place inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    # U+2028/2029 are valid in JSON strings but end a line in older JavaScript parsers.
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def editor_config(endpoint: str, lang: str) -> dict:
    examples = []
    for q in canned_queries().values():
        examples.append(
            {
                "name": q.name,
                "title": q.title_ru if lang == "ru" else q.title,
                "description": q.description_ru if lang == "ru" and q.description_ru else q.description,
                "query": q.sparql(),
            }
        )
    return {
        "endpoint": endpoint,
        "prefixes": dict(PREFIXES),
        "defaultQuery": sparql_prefixes() + DEFAULT_QUERY,
        "examples": examples,
        # Names for the editor's unlabelled controls (YASGUI leaves them without one).
        "labels": {
            "query": gettext("SPARQL query"),
            "endpoint": gettext("Endpoint URL"),
            "tab": gettext("New tab"),
        },
    }


def render_editor(endpoint: str, lang: str) -> str:
    config = editor_config(endpoint, lang)
    return render_template(
        "editor.html",
        config_json=script_json(config),
        examples=config["examples"],
        endpoint=endpoint,
    )
