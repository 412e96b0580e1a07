"""Large answers go to the WSGI server as a file (``wsgi.file_wrapper``), so waitress sends them
without spooling a copy to disk; what the client gets is the same bytes, with gzip and Range."""

from __future__ import annotations

import gzip
import urllib.request
from pathlib import Path

import pytest
from tiny_store import build_tiny_store, close_workers, tiny_client
from waitress.buffers import ReadOnlyFileBasedBuffer
from werkzeug.test import EnvironBuilder

from coopgraph.server.large_bodies import LARGE

from .conftest import start_server, stop_server


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_store(tmp_path_factory.mktemp("big") / "store", events=1500)


def app_iter(app, path: str, **headers: str):
    environ = EnvironBuilder(path=path, headers=headers).get_environ()
    environ["wsgi.file_wrapper"] = ReadOnlyFileBasedBuffer
    return app.wsgi_app(environ, lambda status, headers, exc_info=None: None)


def test_a_large_body_is_handed_over_as_a_file_and_a_small_one_as_bytes(big_store: Path) -> None:
    client = tiny_client(big_store)
    app = client.application
    dump = client.get("/downloads/coopgraph.nt").data
    assert len(dump) > LARGE
    handed = app_iter(app, "/downloads/coopgraph.nt")
    assert isinstance(handed, ReadOnlyFileBasedBuffer)
    assert handed.prepare() == len(dump) and b"".join(handed) == dump
    small = app_iter(app, "/healthz")
    assert not isinstance(small, ReadOnlyFileBasedBuffer) and b'"status"' in b"".join(small)
    close_workers(client)


def test_over_waitress_the_large_body_arrives_whole_gzipped_and_in_ranges(big_store: Path) -> None:
    client = tiny_client(big_store)
    expected = client.get("/downloads/coopgraph.nt").data
    close_workers(client)
    server = start_server(big_store)
    try:
        url = server.url + "/downloads/coopgraph.nt"
        with urllib.request.urlopen(url, timeout=60) as answer:
            assert answer.headers["Content-Length"] == str(len(expected)) and answer.read() == expected
        request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=60) as answer:
            assert answer.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(answer.read()) == expected
        start, end = LARGE - 10, LARGE + 2 * LARGE
        request = urllib.request.Request(url, headers={"Range": f"bytes={start}-{end}"})
        with urllib.request.urlopen(request, timeout=60) as answer:
            assert answer.status == 206 and answer.read() == expected[start : end + 1]
    finally:
        stop_server(server)
