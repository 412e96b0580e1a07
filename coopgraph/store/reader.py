"""The one way the server reads the store: pages, downloads and the query workers all hold a
`StoreReader`.

With a folder, the reader opens the current checkpoint read-only (see
`coopgraph.store.checkpoints`) and moves to the next one when the writer publishes it; a store
still in use by another thread keeps its own checkpoint until that thread lets go of it, so an
answer never mixes two generations. With a SPARQL server URL there is nothing to reopen: one
`RemoteStore` (a keep-alive connection per thread) serves every request, and its generation is
read from the server, so several endpoint processes over one server stay consistent.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from coopgraph.store.checkpoints import read_generation
from coopgraph.store.embedded import Store
from coopgraph.store.factory import is_remote, open_store
from coopgraph.store.protocol import GraphStore


class StoreReader:
    """Read access to the store `location` that follows every completed write."""

    def __init__(self, location: str | os.PathLike[str]) -> None:
        self.location = str(location)
        self.remote = is_remote(self.location)
        self.path = None if self.remote else Path(location)
        self._lock = threading.Lock()
        self._store: GraphStore | None = None

    def generation(self) -> int:
        """The latest published generation, read without waiting for any lock or store (health
        checks call this while heavy requests hold the store)."""
        if self.path is None:
            return self.get().generation()
        return read_generation(self.path)

    def get(self) -> GraphStore:
        """A read-only store of the latest published generation; its `generation()` names the
        generation it answers from (use that, not `self.generation()`, as a cache key)."""
        with self._lock:
            if self._store is not None and not self._stale(self._store):
                return self._store
            if self.path is not None and not self.path.exists():
                # An empty store is still a store: create it so the server can start first.
                Store(self.path).close()
            # The old store is not closed here: a request may still be reading it; it goes
            # (and lets go of its checkpoint) when the last such request drops it.
            self._store = open_store(self.location, read_only=True)
            return self._store

    def _stale(self, store: GraphStore) -> bool:
        """Whether a newer generation was published than `store` reads (a server's store always
        answers from its latest state)."""
        return self.path is not None and read_generation(self.path) != store.generation()

    def close(self) -> None:
        """Drop the open store (the next `get` opens the current one)."""
        with self._lock:
            store, self._store = self._store, None
        if store is not None:
            store.close()
