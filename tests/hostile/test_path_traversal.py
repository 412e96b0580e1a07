"""No path traversal through the static, download, linked-data, graph or canned-query routes:
every spelling of `..` (plain, percent-encoded, double-encoded, backslashes, NUL, absolute
paths) is refused, and no file outside what the route publishes is ever served.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .conftest import REPO, LiveServer, assert_no_leak, call, start_server, stop

# Text from files that must never be served: the system's password file, this project's source
# and settings, and the store's own RocksDB files.
SECRETS = (
    "root:x:0:0",
    "def create_app",
    "[tool.pytest",
    "import waitress",
    "SQLite format",
    "rocksdb",
    "MANIFEST-",
)

TARGETS = ("etc/passwd", "server/app.py", "coopgraph/settings.py", "pyproject.toml", "CURRENT", "LOCK")
SPELLINGS = (
    "../../../../../../{t}",
    "..%2f..%2f..%2f..%2f..%2f..%2f{t}",
    "%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/{t}",
    "%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f{t}",
    "%252e%252e%252f%252e%252e%252f{t}",
    "..\\..\\..\\..\\{t}",
    "..%5c..%5c..%5c..%5c{t}",
    "%c0%ae%c0%ae/%c0%ae%c0%ae/{t}",
    "....//....//....//{t}",
    "/{t}",
    "%2f{t}",
    "{t}%00.css",
    "css/../../../{t}",
)
PREFIXES = ("/static/", "/downloads/", "/doc/", "/id/", "/graph/", "/queries/", "/network/download.")


@pytest.fixture(scope="module")
def server(bundled_store) -> Iterator[LiveServer]:
    live = start_server(bundled_store)
    yield live
    stop(live)


def attempts() -> list[str]:
    paths = []
    for prefix in PREFIXES:
        for spelling in SPELLINGS:
            for target in TARGETS:
                paths.append(prefix + spelling.format(t=target))
    return paths


def test_no_spelling_of_dot_dot_reaches_a_file(server, bundled_store):
    store_files = {p.name for p in bundled_store.iterdir()}
    assert {"CURRENT", "LOCK"} <= store_files  # the store's files exist to be stolen
    statuses: dict[int, int] = {}
    for path in attempts():
        answer = call(server, "GET", path)
        statuses[answer.status] = statuses.get(answer.status, 0) + 1
        assert answer.status in (400, 404, 405, 406, 308), (path, answer.status, answer.text[:200])
        for secret in SECRETS:
            assert secret not in answer.text, (path, secret)
        assert_no_leak(answer)
    assert 200 not in statuses and not any(s >= 500 for s in statuses)


def test_static_serves_its_own_files_only(server):
    css = call(server, "GET", "/static/css/coopgraph.css")
    assert css.status == 200 and css.media_type == "text/css"
    assert (REPO / "server" / "static" / "css" / "coopgraph.css").read_bytes() == css.body
    for path in (
        "/static/",
        "/static",
        "/static/css",
        "/static/css/",
        "/static/../templates/base.html",
        "/static/%2e%2e/templates/base.html",
        "/static/../app.py",
    ):
        answer = call(server, "GET", path)
        assert answer.status in (404, 308), (path, answer.status)
        assert "{% block" not in answer.text and "def create_app" not in answer.text


def test_downloads_serve_only_listed_names(server):
    for name in ("coopgraph.ttl", "events.csv"):
        assert call(server, "GET", "/downloads/" + name).status == 200
    for name in (
        "coopgraph.ttl/",
        "coopgraph.ttl%00",
        ".coopgraph.ttl",
        "COOPGRAPH.TTL",
        "..",
        ".",
        "%2e%2e",
        "coopgraph.ttl%2f..%2f..%2fpyproject.toml",
        "store.nq",
        "manifest.json",
    ):
        answer = call(server, "GET", "/downloads/" + name)
        assert answer.status in (404, 308), (name, answer.status)
        assert_no_leak(answer)
