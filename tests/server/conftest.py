"""Fixtures for the server tests: a store holding the bundled report, the app, a client, and
a real `coopgraph serve` process on loopback."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

REPO = Path(__file__).resolve().parents[2]
BUNDLED_REPORT = REPO / "reports" / "smolensk-belarus-2020-h1.txt"
TEST_BASE_IRI = "https://coopgraph.example.org/"
ARTIFACTS = REPO / "test-artifacts"  # screenshots of the browser tests (git-ignored)
CHROMIUM = "/usr/bin/chromium"  # Debian's; `.ci/run` installs it
# Without the networking switches Chromium tries Google's hosts, which this machine cannot reach.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def chromium_page(width: int = 1280, height: int = 900) -> Iterator[Page]:
    """A page in headless Debian Chromium; fails (never skips) when Chromium is missing."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(f"Chromium is needed for the browser tests: install Debian's chromium ({CHROMIUM})")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


@pytest.fixture(scope="session")
def loaded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store folder with the bundled report ingested (built once per test session)."""
    from coopgraph.iris import Minter
    from coopgraph.pipeline import ingest_paths
    from coopgraph.store import Store

    path = tmp_path_factory.mktemp("store") / "store"
    with Store(path) as store:
        outcomes = ingest_paths([BUNDLED_REPORT], store, Minter(TEST_BASE_IRI))
    assert all(o.ok for o in outcomes), [str(o.error) for o in outcomes]
    return path


@pytest.fixture
def app(loaded_store: Path):
    from coopgraph.server.app import create_app

    app = create_app({"store": str(loaded_store), "base_iri": TEST_BASE_IRI, "query_timeout": 3.0})
    app.config["TESTING"] = True
    yield app
    app.extensions["coopgraph.query_workers"].close()  # started on the app's first query


@pytest.fixture
def client(app):
    return app.test_client()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveServer:
    url: str  # "http://127.0.0.1:PORT"
    process: subprocess.Popen
    store: Path


def start_server(store: Path, *extra: str, env: dict[str, str] | None = None) -> LiveServer:
    """Start `coopgraph serve` as a real process and wait until /healthz answers."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "coopgraph.cli",
        "--store",
        str(store),
        "--base-iri",
        TEST_BASE_IRI,
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        *extra,
    ]
    process = subprocess.Popen(
        cmd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            raise RuntimeError(f"coopgraph serve exited with {process.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as response:
                if response.status == 200:
                    return LiveServer(url, process, store)
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("coopgraph serve did not answer /healthz within 30 s")


def stop_server(server: LiveServer) -> None:
    if server.process.stdout:
        server.process.stdout.close()
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="session")
def live_server(loaded_store: Path) -> Iterator[LiveServer]:
    """A real server process over the loaded store, shared by the session."""
    server = start_server(loaded_store, "--query-timeout", "3")
    yield server
    stop_server(server)


# The partner network of tests/sample_network.py, served, and a wide Chromium page: what the
# network and map browser tests share (each test module gets its own).
@pytest.fixture(scope="module")
def sample_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    from sample_network import build_sample_store

    store = build_sample_store(tmp_path_factory.mktemp("sample") / "store")
    server = start_server(store)
    yield server
    stop_server(server)


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with chromium_page(1400, 1000) as page:
        yield page
