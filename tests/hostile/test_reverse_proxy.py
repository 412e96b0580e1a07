"""deploy/nginx.conf works in front of a real `coopgraph serve` (nginx from Debian's package).

The shipped file is used as is, except that `listen` and the upstream address are rewritten to
free loopback ports. Through it: a SPARQL query is answered, a body above 1 MB is refused by
nginx, a burst of queries from one address meets the rate limit (429), and a client that sends
its header too slowly is cut off while /healthz keeps answering.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from server.conftest import free_port

from .conftest import REPO, LiveServer, call, start_server, stop

SHIPPED = REPO / "deploy" / "nginx.conf"


@pytest.fixture(scope="module")
def app(bundled_store) -> Iterator[LiveServer]:
    live = start_server(bundled_store)
    yield live
    stop(live)


@pytest.fixture(scope="module")
def proxy(app: LiveServer, tmp_path_factory) -> Iterator[str]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    folder = tmp_path_factory.mktemp("nginx")
    port = free_port()
    upstream = app.url.removeprefix("http://")
    text = SHIPPED.read_text(encoding="utf-8")
    text, listens = re.subn(r"listen 80;", f"listen 127.0.0.1:{port};", text)
    text, servers = re.subn(r"server 127\.0\.0\.1:8080;", f"server {upstream};", text)
    text = text.replace("client_header_timeout 10s;", "client_header_timeout 2s;")  # a quicker test
    assert listens == servers == 1
    config = folder / "nginx.conf"
    config.write_text(text, encoding="utf-8")
    directives = f"daemon off; pid {folder}/nginx.pid; error_log {folder}/error.log;"
    if os.geteuid() == 0:
        directives += " user root;"  # the workers must read the pytest folder (mode 700)
    (folder / "logs").mkdir()
    process = subprocess.Popen(
        [nginx, "-p", str(folder), "-c", str(config), "-g", directives],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            try:
                if call(url, "GET", "/healthz", timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("nginx did not answer within 15 s")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr:
            process.stderr.close()


def test_a_query_through_the_proxy_is_answered(proxy):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    answer = call(proxy, "GET", "/sparql?" + urllib.parse.urlencode({"query": query}))
    assert answer.status == 200, answer.text[:300]
    assert int(json.loads(answer.body)["results"]["bindings"][0]["n"]["value"]) > 0
    assert answer.headers.get("server") == "nginx"  # really through nginx, without its version


def test_the_proxy_refuses_a_body_over_a_megabyte(proxy):
    body = "ASK { }" + " " * (1024 * 1024 + 10)
    answer = call(proxy, "POST", "/sparql", body, {"Content-Type": "application/sparql-query"})
    assert answer.status == 413


def test_a_burst_of_queries_meets_the_rate_limit(proxy):
    time.sleep(3)  # let the bucket of earlier tests drain (5 a second)
    path = "/sparql?" + urllib.parse.urlencode({"query": "ASK { }"})
    statuses = [call(proxy, "GET", path).status for _ in range(30)]
    assert statuses[0] == 200
    assert statuses.count(429) >= 10, statuses
    assert call(proxy, "GET", "/healthz").status == 200  # health checks are not rate-limited


def test_a_client_too_slow_with_its_header_is_cut_off(proxy):
    host, port = proxy.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as slow:
        slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        start = time.perf_counter()
        data = slow.recv(1024)  # nginx closes (or answers 408) after client_header_timeout
        waited = time.perf_counter() - start
    assert data in (b"",) or data.startswith(b"HTTP/1.1 408"), data[:100]
    assert 1.5 < waited < 8, waited
    assert call(proxy, "GET", "/healthz").status == 200


def test_the_shipped_file_is_valid_for_nginx(tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    done = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(Path(SHIPPED)), "-g", f"pid {tmp_path}/n.pid;"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
