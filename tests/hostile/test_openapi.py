"""The OpenAPI description of the HTTP API (server/openapi.json, served at /openapi.json),
checked with schemathesis against the running server: for every operation, generated requests
(valid and invalid parameters, bodies and paths) must never get a 5xx, and every answer's status
code and media type must be among those the description lists. A test also fails when a route
of the app is missing from the description.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import content_type_conformance, not_a_server_error, status_code_conformance

from .conftest import REPO, LiveServer, call, start_server, stop

DESCRIPTION = json.loads((REPO / "server" / "openapi.json").read_text(encoding="utf-8"))
schema = schemathesis.openapi.from_dict(DESCRIPTION)


@schemathesis.serializer("application/sparql-query", "application/sparql-update")
def sparql_text(ctx, value: object) -> bytes:
    """SPARQL bodies are plain UTF-8 text (the generator may hand over any JSON value)."""
    return (value if isinstance(value, str) else json.dumps(value)).encode("utf-8", "surrogatepass")


@pytest.fixture(scope="module")
def api(bundled_store) -> Iterator[LiveServer]:
    live = start_server(bundled_store, "--query-timeout", "3", "--max-body", "20000")
    yield live
    stop(live)


@schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_server_keeps_the_promises_of_its_description(case, api):
    case.call_and_validate(
        base_url=api.url,
        timeout=20,
        allow_redirects=False,
        checks=[not_a_server_error, status_code_conformance, content_type_conformance],
    )


def test_the_description_is_served_with_this_server_url(api):
    answer = call(api, "GET", "/openapi.json")
    assert answer.status == 200 and answer.media_type == "application/json"
    served = json.loads(answer.body)
    assert served["servers"] == [{"url": api.url}]
    assert served["paths"] == DESCRIPTION["paths"]


def test_every_route_is_described(bundled_store):
    from coopgraph.server.app import create_app

    app = create_app({"store": str(bundled_store)})
    described = {path: {m.upper() for m in ops} for path, ops in DESCRIPTION["paths"].items()}
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if method not in described.get(path, set()):
                missing.append(f"{method} {path}")
    assert not missing, "routes missing from server/openapi.json: " + ", ".join(missing)
