"""Read access to the store for the server's own queries (pages, downloads, canned queries).

The server never holds the store's write lock: it opens it read-only and reopens when the
generation counter moves (after `coopgraph ingest` or `remove`), so ingest and serve run side
by side. Analysts' SPARQL runs in killable worker processes instead (see `query_workers`).
"""

from __future__ import annotations

import threading
from pathlib import Path

from coopgraph.store import GENERATION_FILE, Store


class StoreAccess:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._generation = -1

    def generation(self) -> int:
        try:
            return int((self.path / GENERATION_FILE).read_text() or 0)
        except (FileNotFoundError, ValueError):
            return 0

    def get(self) -> Store:
        """A read-only store that reflects the latest completed write."""
        current = self.generation()
        with self._lock:
            if self._store is None or current != self._generation:
                if not self.path.exists():
                    # An empty store is still a store: create it so the server can start first.
                    Store(self.path).close()
                self._store = Store(self.path, read_only=True)
                self._generation = current
            return self._store
