"""HTTP to a SPARQL server for `RemoteStore`: where it takes queries and updates, one
keep-alive connection per process and thread, a timeout on every request, redirects never
followed, and the server's errors turned into `StoreError` messages that name the fix."""

from __future__ import annotations

import base64
import http.client
import os
import threading
from collections.abc import Sequence
from urllib.parse import unquote, urlencode, urlsplit

from coopgraph.errors import StoreError

FLAVOURS = ("oxigraph", "virtuoso", "fuseki", "graphdb", "generic")
DEFAULT_TIMEOUT = 120.0


class Endpoints:
    """Where a server takes queries, updates and graph-store requests, from the one store URL."""

    def __init__(self, url: str, flavour: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise StoreError(f"store URL {url!r} must be http(s)://host[:port]/path")
        self.scheme = parts.scheme
        self.host = parts.hostname
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.auth = None
        if parts.username:
            user, password = unquote(parts.username), unquote(parts.password or "")
            self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        path = parts.path.rstrip("/")
        self.flavour = flavour
        if flavour in {"oxigraph", "fuseki"}:
            self.query, self.update = path + "/query", path + "/update"
        elif flavour == "graphdb":
            self.query, self.update = path, path + "/statements"
        else:  # virtuoso (/sparql takes both) and any server with one SPARQL endpoint
            self.query = self.update = path or "/sparql"

    @property
    def display(self) -> str:
        """The URL without credentials, for messages."""
        return f"{self.scheme}://{self.host}:{self.port}{self.query}"


def flavour_from_url(url: str) -> tuple[str, str | None]:
    """Split an explicit ``#flavour`` off the URL."""
    base, _, fragment = url.partition("#")
    if fragment:
        if fragment not in FLAVOURS:
            raise StoreError(f"unknown SPARQL server kind #{fragment}; use one of {', '.join(FLAVOURS)}")
        return base, fragment
    return base, None


class Http:
    """One keep-alive connection per process and thread; no redirects; a timeout on every call."""

    def __init__(self, endpoints: Endpoints, timeout: float) -> None:
        self.endpoints = endpoints
        self.timeout = timeout
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: set[http.client.HTTPConnection] = set()  # every thread's, so close() ends them all

    def _connection(self) -> http.client.HTTPConnection:
        conn = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "pid", None) != os.getpid():
            # A forked child must not share its parent's socket: one connection per process too.
            cls = (
                http.client.HTTPSConnection
                if self.endpoints.scheme == "https"
                else http.client.HTTPConnection
            )
            conn = cls(self.endpoints.host, self.endpoints.port, timeout=self.timeout)
            self._local.conn, self._local.pid = conn, os.getpid()
            with self._lock:
                self._open.add(conn)
        return conn

    def _drop(self) -> None:
        """Close this thread's connection (after an error or a server-side close)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
            with self._lock:
                self._open.discard(conn)

    def close(self) -> None:
        with self._lock:
            conns, self._open = list(self._open), set()
        for conn in conns:
            conn.close()
        self._local = threading.local()

    def request(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        headers = dict(headers)
        if self.endpoints.auth:
            headers["Authorization"] = self.endpoints.auth
        for attempt in (1, 2):
            conn = self._connection()
            reused = conn.sock is not None
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as exc:
                self._drop()
                if reused and attempt == 1:
                    continue  # the server closed an idle keep-alive connection: retry once
                raise StoreError(
                    f"SPARQL server {self.endpoints.display} dropped the connection: {exc}"
                ) from None
            except TimeoutError:
                self._drop()
                raise StoreError(
                    f"SPARQL server {self.endpoints.display} did not answer within {self.timeout:g} s"
                ) from None
            except OSError as exc:
                self._drop()
                raise StoreError(f"SPARQL server {self.endpoints.display} cannot be reached: {exc}") from None
            if response.will_close:
                self._drop()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, data
        raise AssertionError("unreachable")

    def post_form(
        self, path: str, fields: Sequence[tuple[str, str]], accept: str
    ) -> tuple[dict[str, str], bytes]:
        """POST an HTML form (a query or an update); errors and truncated answers raise."""
        status, headers, data = self.request(
            "POST",
            path,
            urlencode(fields).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
        )
        if 300 <= status < 400:
            raise StoreError(
                f"SPARQL server {self.endpoints.display} redirects to {headers.get('location', '?')}; "
                "put that URL in the store setting (redirects are not followed)"
            )
        if status == 400:
            raise SyntaxError(f"SPARQL server rejected the request: {error_text(data)}")
        if status in (401, 403) or b"No permission" in data:  # Virtuoso says 500 "SR186: No permission"
            raise StoreError(
                f"SPARQL server {self.endpoints.display} refused access ({status}); for updates it needs "
                f'write permission (Virtuoso: GRANT SPARQL_UPDATE TO "SPARQL"): {error_text(data)}'
            )
        if status >= 300:
            raise StoreError(f"SPARQL server {self.endpoints.display} answered {status}: {error_text(data)}")
        if "x-sparql-maxrows" in headers:
            # Virtuoso cuts results silently at ResultSetMaxRows; a partial dump must not pass as whole.
            raise StoreError(
                f"SPARQL server {self.endpoints.display} truncated the result at "
                f"{headers['x-sparql-maxrows']} rows; raise ResultSetMaxRows in virtuoso.ini [SPARQL]"
            )
        return headers, data


def detect_flavour(url: str, timeout: float) -> str:
    """The kind of server at `url`, from its URL or the `Server` header of its answer."""
    endpoints = Endpoints(url, "generic")
    if "/repositories/" in endpoints.query:
        return "graphdb"
    http_ = Http(endpoints, min(timeout, 10.0))
    try:
        _, headers, _ = http_.request("GET", endpoints.query.rsplit("/sparql", 1)[0] or "/", None, {})
    finally:
        http_.close()
    server = headers.get("server", "").lower()
    if "oxigraph" in server:
        return "oxigraph"
    if "virtuoso" in server:
        return "virtuoso"
    if "fuseki-request-id" in headers or "fuseki" in server:
        return "fuseki"
    return "generic"


def error_text(data: bytes, limit: int = 500) -> str:
    return data.decode("utf-8", "replace").strip()[:limit]
