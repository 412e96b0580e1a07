"""HTTP caching with real clients against a real `coopgraph serve`: requests for conditional
GET and Range, curl for compressed transfer; and the validators move with the store."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from email.utils import parsedate_to_datetime

import pytest
import requests

from .conftest import BUNDLED_REPORT, TEST_BASE_IRI, start_server, stop_server

SPARQL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ROUTES = [
    "/",
    "/events",
    "/downloads",
    "/downloads/coopgraph.ttl",
    "/catalog",
    "/sparql?query=" + requests.utils.quote(SPARQL),
]


@pytest.mark.parametrize("path", ROUTES)
def test_strong_validators_and_304(live_server, path):
    first = requests.get(live_server.url + path, timeout=30)
    assert first.status_code == 200
    tag = first.headers["ETag"]
    assert tag.startswith('"g') and not tag.startswith("W/"), tag  # strong
    assert parsedate_to_datetime(first.headers["Last-Modified"])
    assert "max-age=" in first.headers["Cache-Control"]
    again = requests.get(live_server.url + path, headers={"If-None-Match": tag}, timeout=30)
    assert again.status_code == 304 and again.content == b""
    since = requests.get(
        live_server.url + path, headers={"If-Modified-Since": first.headers["Last-Modified"]}, timeout=30
    )
    assert since.status_code == 304
    other = requests.get(live_server.url + path, headers={"If-None-Match": '"g0-other"'}, timeout=30)
    assert other.status_code == 200 and other.content == first.content


def test_representations_get_different_tags(live_server):
    turtle = requests.get(live_server.url + "/catalog", headers={"Accept": "text/turtle"}, timeout=30)
    jsonld = requests.get(live_server.url + "/catalog", headers={"Accept": "application/ld+json"}, timeout=30)
    assert turtle.headers["ETag"] != jsonld.headers["ETag"]
    english = requests.get(live_server.url + "/events?lang=en", timeout=30)
    russian = requests.get(live_server.url + "/events?lang=ru", timeout=30)
    assert english.headers["ETag"] != russian.headers["ETag"]


def test_range_requests_on_a_dump(live_server):
    url = live_server.url + "/downloads/coopgraph.nt"
    whole = requests.get(url, headers={"Accept-Encoding": "identity"}, timeout=30)
    assert whole.headers["Accept-Ranges"] == "bytes"
    part = requests.get(url, headers={"Range": "bytes=100-199", "Accept-Encoding": "identity"}, timeout=30)
    assert part.status_code == 206 and part.content == whole.content[100:200]
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(whole.content)}"


def test_gzip_for_dumps_and_gz_files(live_server):
    url = live_server.url + "/downloads/coopgraph.nt"
    plain = requests.get(url, headers={"Accept-Encoding": "identity"}, timeout=30)
    encoded = requests.get(url, headers={"Accept-Encoding": "gzip"}, stream=True, timeout=30)
    raw = encoded.raw.read(decode_content=False)
    assert encoded.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in encoded.headers["Vary"]
    assert len(raw) < len(plain.content) / 3 and gzip.decompress(raw) == plain.content
    assert encoded.headers["ETag"] != plain.headers["ETag"]
    gz_file = requests.get(live_server.url + "/downloads/coopgraph.nt.gz", timeout=30)
    assert gz_file.headers["Content-Type"] == "application/gzip" and "Content-Encoding" not in gz_file.headers
    assert gzip.decompress(gz_file.content) == plain.content


def test_curl_compressed(live_server, tmp_path):
    curl = shutil.which("curl")
    assert curl, "curl is needed for this test (Debian's curl)"
    out, headers = tmp_path / "dump.ttl", tmp_path / "headers.txt"
    url = live_server.url + "/downloads/coopgraph.ttl"
    subprocess.run(
        [curl, "-sS", "--compressed", "-D", str(headers), "-o", str(out), url], check=True, timeout=60
    )
    assert "content-encoding: gzip" in headers.read_text().lower()
    assert out.read_bytes() == requests.get(url, headers={"Accept-Encoding": "identity"}, timeout=30).content


def test_no_store_for_health_and_revalidation_for_errors(live_server):
    assert requests.get(live_server.url + "/healthz", timeout=10).headers["Cache-Control"] == "no-store"
    missing = requests.get(live_server.url + "/downloads/nothing.ttl", timeout=10)
    assert missing.status_code == 404 and missing.headers["Cache-Control"] == "no-cache"
    assert "ETag" not in missing.headers


def test_validators_move_when_the_store_is_written(tmp_path):
    from coopgraph.iris import Minter
    from coopgraph.pipeline import ingest_paths
    from coopgraph.store import Store

    store = tmp_path / "store"
    Store(store).close()
    server = start_server(store)
    try:
        before = requests.get(server.url + "/downloads/coopgraph.nt", timeout=30)
        with Store(store) as writable:
            assert all(o.ok for o in ingest_paths([BUNDLED_REPORT], writable, Minter(TEST_BASE_IRI)))
        after = requests.get(
            server.url + "/downloads/coopgraph.nt",
            headers={"If-None-Match": before.headers["ETag"]},
            timeout=30,
        )
        assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
        assert len(after.content) > len(before.content)
    finally:
        stop_server(server)
