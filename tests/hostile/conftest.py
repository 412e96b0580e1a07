"""Shared tools for the hostile tests: a store with the bundled report, real `coopgraph serve`
processes (started by tests/server/conftest.py's start_server), a loopback listener that
records connections, a plain HTTP client, and process-tree memory readings from /proc.

Each test file in this folder is one attack or accident surface; the file names read as the
list of what was tried.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from server.conftest import BUNDLED_REPORT, TEST_BASE_IRI, LiveServer, start_server, stop_server

REPO = Path(__file__).resolve().parents[2]
UPDATE_TOKEN = "hostile-tests-token-0123456789"

__all__ = ["BUNDLED_REPORT", "TEST_BASE_IRI", "LiveServer", "start_server"]


def stop(live: LiveServer) -> None:
    """Stop a server and close its output pipe (stop_server leaves it to the caller)."""
    stop_server(live)
    if live.process.stdout is not None and not live.process.stdout.closed:
        live.process.stdout.close()


def ingest_bundled(path: Path) -> Path:
    from coopgraph.iris import Minter
    from coopgraph.pipeline import ingest_paths
    from coopgraph.store import Store

    with Store(path) as store:
        outcomes = ingest_paths([BUNDLED_REPORT], store, Minter(TEST_BASE_IRI))
    assert all(o.ok for o in outcomes), [str(o.error) for o in outcomes]
    return path


@pytest.fixture(scope="session")
def bundled_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store folder holding the bundled report (built once; servers open it read-only)."""
    return ingest_bundled(tmp_path_factory.mktemp("hostile-store") / "store")


@pytest.fixture
def writable_store(bundled_store: Path, tmp_path: Path) -> Path:
    """A throwaway copy of the bundled store, for tests that may write (or try to)."""
    copy = tmp_path / "store"
    shutil.copytree(bundled_store, copy)
    return copy


# ---------------------------------------------------------------------------- HTTP


@dataclass
class Answer:
    status: int
    headers: dict[str, str]  # lower-cased names
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip()


def call(
    server: LiveServer | str,
    method: str,
    path: str,
    body: bytes | str | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 60,
) -> Answer:
    """One raw HTTP request (http.client sends bytes as given: no re-encoding, no redirects)."""
    url = server if isinstance(server, str) else server.url
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        connection.request(
            method, path, body=body.encode() if isinstance(body, str) else body, headers=headers or {}
        )
        response = connection.getresponse()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        connection.close()


# A Python traceback, a source path of this project or of the interpreter: none may leak.
_LEAKS = re.compile(
    r"Traceback \(most recent call last\)|File \"/|/site-packages/|\.py\", line \d+|/work/|/root/"
)


def assert_no_leak(answer: Answer) -> None:
    text = answer.text
    assert not _LEAKS.search(text), f"{answer.status} body leaks internals:\n{text[:800]}"
    if answer.status >= 400 and answer.media_type == "text/plain":
        assert len(text) < 2000, f"an error message should be short, got {len(text)} characters"


# ---------------------------------------------------------------------------- loopback listener


class Listener:
    """A TCP socket on 127.0.0.1 that accepts and records every connection (the would-be
    victim of a server-side request: it must see none)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.connections: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                conn.settimeout(0.5)
                try:
                    self.connections.append(conn.recv(4096))
                except OSError:
                    self.connections.append(b"")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    sock = Listener()
    yield sock
    sock.close()


# ---------------------------------------------------------------------------- memory


def _children_of() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))
    return children


def process_tree(pid: int) -> list[int]:
    """`pid` and all its descendants (the server, its forkserver and query workers)."""
    children = _children_of()
    found, frontier = [pid], [pid]
    while frontier:
        kids = children.get(frontier.pop(), [])
        found += kids
        frontier += kids
    return found


def rss_bytes(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss(pid: int) -> int:
    """Resident memory of a process and its descendants, in bytes."""
    return sum(rss_bytes(p) for p in process_tree(pid))


# ---------------------------------------------------------------------------- the CLI


def coopgraph(*args: str, store: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the real `coopgraph` command (a child process) and capture its output as text."""
    cmd = [sys.executable, "-m", "coopgraph.cli"]
    if store is not None:
        cmd += ["--store", str(store), "--base-iri", TEST_BASE_IRI]
    return subprocess.run(
        [*cmd, *args], capture_output=True, text=True, timeout=timeout, env={**os.environ, "COLUMNS": "400"}
    )
