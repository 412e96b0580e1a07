"""Read access to the store for the server's own queries (pages, downloads, canned queries).

The server never holds the store's write lock and never opens the folder a writer changes: it
reads the current checkpoint through `StoreReader`, the same class the query workers use, so
ingest and serve run side by side. Analysts' SPARQL runs in killable worker processes instead
(see `query_workers`).
"""

from __future__ import annotations

from coopgraph.store.reader import StoreReader


class StoreAccess(StoreReader):
    """The app's store reader (`app.extensions["coopgraph.store"]`)."""
