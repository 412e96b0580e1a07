"""`make run` mints and serves under a base IRI that resolves: the server's own address unless
BASE_IRI is set. Runs the real Makefile (ingest of the bundled report, then `coopgraph serve`)
into a throw-away store and follows the IRIs it published."""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:  # follows the 303 of /id/…
        return response.status, response.read().decode("utf-8")


@pytest.mark.slow
def test_make_run_serves_iris_that_resolve_on_its_own_address(tmp_path):
    if shutil.which("make") is None:
        pytest.fail("make is needed for this test (Debian's make)")
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    # The virtual environment this test runs in; -o: it counts as built.
    bin_dir = Path(sys.executable).parent
    process = subprocess.Popen(
        ["make", "-o", f"{bin_dir}/coopgraph", "run", f"BIN={bin_dir}", f"PORT={port}",
         f"STORE={tmp_path / 'store'}"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 240
        while True:
            assert process.poll() is None, process.stdout.read().decode(errors="replace")
            assert time.monotonic() < deadline, "make run did not serve within 240 s"
            try:
                if _get(base + "healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        status, table = _get(base + "events?format=csv&per_page=3")
        rows = list(csv.DictReader(io.StringIO(table)))
        iris = [row[key] for row in rows for key in row if key.endswith("IRI") and row[key]]
        assert len(rows) == 3 and iris and all(iri.startswith(base) for iri in iris)
        for iri in iris[:3]:
            status, page = _get(iri.split()[0])
            assert status == 200 and "<html" in page
        catalogue = _get(base + "catalog.ttl")[1]
        assert f"<{base}downloads/" in catalogue and "coopgraph.example.org" not in catalogue
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if process.stdout:
            process.stdout.close()
