"""Start a real `oxigraph serve` process on a free loopback port (for the store-backend tests)."""

from __future__ import annotations

import contextlib
import http.client
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path


def oxigraph_binary() -> str:
    """The `oxigraph` CLI of this venv (the `oxigraph` package of the test extras)."""
    local = Path(sys.executable).parent / "oxigraph"
    found = str(local) if local.exists() else shutil.which("oxigraph")
    if found is None:
        raise RuntimeError("the `oxigraph` command is missing: pip install 'oxigraph>=0.5,<0.6'")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_answering(host: str, port: int, path: str, deadline: float) -> None:
    while True:
        try:
            conn = http.client.HTTPConnection(host, port, timeout=2)
            conn.request("GET", path)
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@contextlib.contextmanager
def running_oxigraph(location: Path, *, timeout_s: int | None = None) -> Iterator[str]:
    """Yield the base URL of an `oxigraph serve --location <location>` on 127.0.0.1."""
    port = free_port()
    command = [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    if timeout_s is not None:
        command += ["--timeout-s", str(timeout_s)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        try:
            wait_until_answering("127.0.0.1", port, "/", time.monotonic() + 30)
        except OSError:
            process.kill()
            _, err = process.communicate(timeout=10)
            raise RuntimeError(f"oxigraph serve did not start: {err.decode(errors='replace')}") from None
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()
