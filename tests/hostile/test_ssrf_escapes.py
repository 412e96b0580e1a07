"""SSRF through codepoint escapes (issue 15 §1): the refusal must read the query as the engine does.

`\\u0041` inside an IRI made the old token-stream check stop at the backslash and read the `#`
after it as a comment, so it never saw the SERVICE that Oxigraph ran (200, rows of the internal
service). A `'''` opened inside such an IRI hid SERVICE over several lines, and with the update
token `LOAD SILENT` fetched the same way. `coopgraph query` had no check at all. Each attack goes
to a real server (or the real CLI) with a loopback listener as the victim: refused, no connection.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator

import pytest

from .conftest import REPO, UPDATE_TOKEN, Listener, LiveServer, assert_no_leak, call, start_server, stop


@pytest.fixture(scope="module")
def token_server(tmp_path_factory) -> Iterator[LiveServer]:
    from .conftest import ingest_bundled

    store = ingest_bundled(tmp_path_factory.mktemp("ssrf-escapes") / "store")
    live = start_server(store, env={"COOPGRAPH_UPDATE_TOKEN": UPDATE_TOKEN})
    yield live
    stop(live)


def escaped_queries(url: str) -> list[str]:
    return [
        # The reproducer, verbatim but for the listener's port.
        f"PREFIX x: <http://x/\\u0041#> SELECT ?secret WHERE {{ SERVICE <{url}internal> "
        "{ ?secret ?p ?o } }",
        # A ''' opened inside an escaped IRI, closed lines later.
        f"PREFIX x: <http://x/\\u0041'''> SELECT * WHERE {{\n  SERVICE <{url}> {{ ?s ?p ?o }}\n}} # '''",
        f'PREFIX x: <http://x/\\u0041"""> SELECT * WHERE {{\n  SERVICE <{url}> {{ ?s ?p ?o }}\n}} # """',
        # The engine keeps an escaped quote inside the string; a spec-only reading would end the
        # string there and then hide SERVICE inside the next "string".
        f'SELECT * WHERE {{ ?s ?p "\\u0022 " . SERVICE <{url}> {{ ?s ?p ?o }} . ?s ?p " \\u0022" }}',
        f"SELECT * WHERE {{ ?s ?p 'a\\u005C' . SERVICE <{url}> {{ ?s ?p ?o }} . ?s ?p 'b' }}",
        # An escape inside the service IRI itself.
        f"SELECT * WHERE {{ SERVICE <{url}\\u0041> {{ ?s ?p ?o }} }}",
    ]


def escaped_updates(url: str) -> list[str]:
    return [
        f"PREFIX x: <http://x/\\u0041#> LOAD SILENT <{url}data.ttl>",
        f"PREFIX x: <http://x/\\u0041'''> INSERT DATA {{ <urn:a> <urn:b> 1 }} ;\nLOAD SILENT <{url}d> # '''",
    ]


def seen(listener: Listener) -> list[bytes]:
    time.sleep(0.5)
    return listener.connections


def test_escaped_service_is_refused_anonymously_and_connects_nowhere(token_server, listener):
    for query in escaped_queries(listener.url):
        encoded = urllib.parse.urlencode({"query": query})
        for answer in (
            call(token_server, "GET", "/sparql?" + encoded),
            call(token_server, "POST", "/sparql", query, {"Content-Type": "application/sparql-query"}),
        ):
            assert answer.status == 400, (query, answer.status, answer.text[:300])
            assert answer.text.startswith("refused") and len(answer.body) < 1000
            assert_no_leak(answer)
    assert seen(listener) == []


def test_escaped_load_with_the_token_is_refused_and_connects_nowhere(token_server, listener):
    headers = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {UPDATE_TOKEN}"}
    for update in escaped_updates(listener.url):
        answer = call(token_server, "POST", "/sparql", update, headers)
        assert answer.status == 400, (update, answer.status, answer.text[:300])
        assert "refused" in answer.text
    assert seen(listener) == []


def test_the_cli_refuses_a_shared_query_file_with_service(bundled_store, listener, tmp_path):
    shared = tmp_path / "shared.rq"
    shared.write_text(
        f"PREFIX x: <http://x/\\u0041#>\nSELECT ?s WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "coopgraph.cli", "--store", str(bundled_store), "query", f"@{shared}"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "refused" in done.stderr and "SERVICE" in done.stderr and "Traceback" not in done.stderr
    assert seen(listener) == []
