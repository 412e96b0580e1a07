"""The second SSRF wall: a query worker (and `coopgraph query`) cannot open network sockets.

The check in `query_safety` is bypassed on purpose here: SERVICE and LOAD go straight to the
engine in a walled process, a loopback listener stands in for the victim, and it must see no
connection while the client gets a clean refusal and the worker lives on. The filter runs in
child processes only: a seccomp filter cannot be lifted, and pytest itself needs the network.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tiny_store import build_tiny_store

from coopgraph.server.query_workers import Job, QueryError, WorkerPool

from .conftest import REPO, Listener


def run_walled(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    prologue = "from coopgraph.server.network_wall import forbid_network, raise_wall, network_is_forbidden\n"
    return subprocess.run(
        [sys.executable, "-c", prologue + textwrap.dedent(script), *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )


def seen(listener: Listener) -> list[bytes]:
    time.sleep(0.5)
    return listener.connections


def test_a_walled_process_opens_no_inet_socket_but_keeps_its_pipes(listener):
    done = run_walled(
        """
        import os, socket, sys
        port = int(sys.argv[1])
        forbid_network()
        for family in (socket.AF_INET, socket.AF_INET6, socket.AF_NETLINK, socket.AF_PACKET):
            try:
                kind = socket.SOCK_DGRAM if family == socket.AF_NETLINK else socket.SOCK_STREAM
                socket.socket(family, kind)
            except PermissionError:
                print("denied", family.name)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2)
        except PermissionError:
            print("connect denied")
        a, b = socket.socketpair()
        a.sendall(b"ping")
        print("pair", b.recv(4).decode())
        unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        unix.close()
        read, write = os.pipe()
        os.write(write, b"x")
        print("pipe", os.read(read, 1).decode())
        """,
        str(listener.port),
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.split("\n")
    for family in ("AF_INET", "AF_INET6", "AF_NETLINK", "AF_PACKET"):
        assert f"denied AddressFamily.{family}" in lines or f"denied {family}" in lines, done.stdout
    assert "connect denied" in lines and "pair ping" in lines and "pipe x" in lines
    assert seen(listener) == []


def test_the_engine_behind_the_wall_cannot_call_out(listener):
    done = run_walled(
        """
        import sys
        import pyoxigraph as ox
        url = sys.argv[1]
        forbid_network()
        store = ox.Store()
        for pattern in ("?s ?p ?o", ""):
            text = f"SELECT * {{ SERVICE <{url}> {{ {pattern} }} }}"
            try:
                list(store.query(text))
            except OSError as exc:
                print("query", type(exc).__name__, exc)
        try:
            store.update(f"LOAD <{url}data.ttl>")
        except OSError as exc:
            print("load", type(exc).__name__, exc)
        """,
        listener.url,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("Operation not permitted") == 3, done.stdout
    assert seen(listener) == []


def test_the_control_without_the_wall_does_connect(listener):
    """Without the filter the same engine call reaches the listener: the test above can fail."""
    done = run_walled(
        """
        import sys
        import pyoxigraph as ox
        try:
            list(ox.Store().query(f"SELECT * {{ SERVICE <{sys.argv[1]}> {{ ?s ?p ?o }} }}"))
        except OSError:
            pass
        """,
        listener.url,
    )
    assert done.returncode == 0, done.stderr
    assert len(seen(listener)) == 1


def test_where_the_wall_is_unavailable_the_setting_decides(tmp_path):
    done = run_walled(
        """
        import platform, sys
        platform.machine = lambda: "sparc64"  # a machine this filter has no program for
        store = sys.argv[1]
        print("required:", raise_wall(store, "required"))
        print("warn:", raise_wall(store, "warn"))
        print("remote:", raise_wall("http://127.0.0.1:1/sparql", "required"))
        print("forbidden:", network_is_forbidden())
        """,
        str(tmp_path / "store"),
    )
    assert done.returncode == 0, done.stderr
    assert "required: queries are disabled" in done.stdout and "network_wall=warn" in done.stdout
    assert "warn: None" in done.stdout and "WARNING: queries run without the network wall" in done.stderr
    assert "remote: None" in done.stdout and "forbidden: False" in done.stdout


@pytest.fixture
def pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[WorkerPool]:
    monkeypatch.setenv("COOPGRAPH_WORKER_MEMORY_MB", "0")
    workers = WorkerPool(build_tiny_store(tmp_path / "store", events=5), size=1, timeout=10)
    yield workers
    workers.close()


def test_a_query_worker_refuses_service_that_skipped_the_check(pool, listener):
    pid = None
    for text in (
        f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <http://localhost:{listener.port}/> {{ ?s ?p ?o }} }}",
    ):
        with pytest.raises(QueryError) as refused:
            pool.run(Job("query", text, tabular_format="json"))
        assert refused.value.status == 400
        assert "no network access" in refused.value.message
        worker = next(iter(pool._all))
        assert pid in (None, worker.process.pid)  # the same worker: refused, not crashed
        pid = worker.process.pid
    with pytest.raises(QueryError) as refused:
        pool.run(Job("update", f"LOAD <{listener.url}data.ttl>"))
    assert "no network access" in refused.value.message
    answer = pool.run(Job("query", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", tabular_format="json"))
    assert int(json.loads(answer.body)["results"]["bindings"][0]["n"]["value"]) > 0
    assert pool.kills == 0
    assert seen(listener) == []


def test_a_bad_wall_setting_is_refused_at_start(tmp_path):
    from coopgraph.errors import CoopgraphError

    with pytest.raises(CoopgraphError, match="network_wall='off'"):
        WorkerPool(tmp_path, network_wall="off")


def test_coopgraph_query_raises_the_wall_or_refuses(bundled_store):
    """The CLI's query path calls the wall: on a machine without a filter it refuses (exit 1)
    unless network_wall=warn, and then it answers with a warning."""
    script = """
        import platform, sys
        platform.machine = lambda: "sparc64"
        from coopgraph.cli import main
        main(["--store", sys.argv[1], "query", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "--format", "csv"])
    """
    required = run_walled(script, str(bundled_store))
    assert required.returncode == 1 and "queries are disabled" in required.stderr, required.stderr
    assert "network_wall=warn" in required.stderr and "Traceback" not in required.stderr
    env_warn = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), str(bundled_store)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env={**os.environ, "COOPGRAPH_NETWORK_WALL": "warn"},
    )
    assert env_warn.returncode == 0, env_warn.stderr
    assert "WARNING: queries run without the network wall" in env_warn.stderr
    assert int(env_warn.stdout.splitlines()[1]) > 0


def test_coopgraph_query_behind_the_wall_still_answers_and_leaves_its_caller_the_network(bundled_store):
    done = run_walled(
        """
        import sys
        from coopgraph.cli import main
        args = ["--store", sys.argv[1], "query", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "--format", "csv"]
        main(args, standalone_mode=False)
        print("forbidden", network_is_forbidden())  # the walled child ran the query, not this process
        """,
        str(bundled_store),
    )
    assert done.returncode == 0 and int(done.stdout.splitlines()[1]) > 0, done.stderr
    assert done.stdout.splitlines()[-1] == "forbidden False"


def test_a_walled_call_cannot_connect_but_its_caller_still_can(listener):
    done = run_walled(
        """
        import socket, sys
        from coopgraph.server.network_wall import call_walled

        def connect(port):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            return "connected"

        port = int(sys.argv[1])
        try:
            print("child", call_walled("store-folder", "required", connect, port))
        except PermissionError as exc:
            print("child refused", exc.errno)
        print("parent", connect(port))
        """,
        str(listener.port),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["child refused 1", "parent connected"]
    assert len(seen(listener)) == 1  # the caller's own connection, none from the walled child
