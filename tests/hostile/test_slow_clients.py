"""Slow clients (slowloris) cannot stop the server answering (issue 15 §4).

200 sockets that send a request header a line at a time held all 100 of waitress' default
connection slots and /healthz waited 8 s. The limit is now a setting (connection_limit, default
500, with channel_timeout for idle ones); with 200 slow sockets open /healthz still answers at
once. The control runs the same attack against waitress' old default of 100 and sees /healthz
stall, so the test can fail. Public deployments also get deploy/nginx.conf (tested in
test_reverse_proxy.py), whose header timeout ends such clients early.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from .conftest import LiveServer, call, start_server, stop

SLOW_SOCKETS = 200


@contextmanager
def slow_clients(server: LiveServer, count: int = SLOW_SOCKETS) -> Iterator[list[socket.socket]]:
    host, port = server.url.removeprefix("http://").split(":")
    sockets: list[socket.socket] = []
    stop_event = threading.Event()

    def trickle() -> None:  # one more header line per socket every half second: never idle
        while not stop_event.wait(0.5):
            for sock in sockets:
                with suppress(OSError):
                    sock.send(b"X-Slow: 1\r\n")

    try:
        for _ in range(count):
            sock = socket.socket()
            sock.settimeout(2)
            sock.connect((host, int(port)))  # the kernel accepts into the backlog even when waitress won't
            sock.send(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            sockets.append(sock)
        thread = threading.Thread(target=trickle, daemon=True)
        thread.start()
        time.sleep(1.0)  # let the server take them all in
        yield sockets
    finally:
        stop_event.set()
        for sock in sockets:
            sock.close()


def healthz_seconds(server: LiveServer, timeout: float) -> float | None:
    """Seconds /healthz took, or None if it did not answer within `timeout`."""
    start = time.perf_counter()
    try:
        answer = call(server, "GET", "/healthz", timeout=timeout)
    except TimeoutError:
        return None
    assert answer.status == 200
    return time.perf_counter() - start


def test_healthz_answers_while_200_slow_clients_hang_on(bundled_store):
    server = start_server(bundled_store)
    try:
        with slow_clients(server):
            for _ in range(3):
                seconds = healthz_seconds(server, timeout=5)
                assert seconds is not None and seconds < 1.0, seconds
    finally:
        stop(server)


def test_the_control_with_waitress_default_limit_stalls(bundled_store):
    server = start_server(bundled_store, "--connection-limit", "100")
    try:
        with slow_clients(server):
            assert healthz_seconds(server, timeout=3) is None
    finally:
        stop(server)
