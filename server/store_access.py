"""Read access to the store for the server's own queries (pages, downloads, canned queries).

The server never holds the store's write lock: it opens it read-only and reopens when the
generation counter moves (after `coopgraph ingest` or `remove`), so ingest and serve run side
by side. Analysts' SPARQL runs in killable worker processes instead (see `query_workers`).

With a SPARQL server URL as the store there is nothing to reopen: one `RemoteStore` (a
keep-alive connection per thread) serves every request, and its generation is read from
the server, so several endpoint processes over one server stay consistent.
"""

from __future__ import annotations

import threading
from pathlib import Path

from coopgraph.remote_store import RemoteStore
from coopgraph.store import Store, read_generation
from coopgraph.store_factory import is_remote


class StoreAccess:
    def __init__(self, location: str | Path) -> None:
        self.location = str(location)
        self.remote = is_remote(self.location)
        self.path = None if self.remote else Path(location)
        self._lock = threading.Lock()
        self._store: Store | RemoteStore | None = None
        self._generation = -1

    def generation(self) -> int:
        if self.remote:
            return self.get().generation()
        return read_generation(self.path)

    def get(self) -> Store | RemoteStore:
        """A read-only store that reflects the latest completed write."""
        if self.remote:
            with self._lock:
                if self._store is None:
                    self._store = RemoteStore(self.location, read_only=True)
                return self._store
        current = self.generation()
        with self._lock:
            if self._store is None or current != self._generation:
                if not self.path.exists():
                    # An empty store is still a store: create it so the server can start first.
                    Store(self.path).close()
                self._store = Store(self.path, read_only=True)
                self._generation = current
            return self._store
