"""The store: where report graphs live, behind one contract (`GraphStore`) and one way to open
them (`open_store`).

- `embedded` — Oxigraph on disk (the default), with `checkpoints` for readers beside a writer;
- `remote` — a SPARQL 1.1 server given by URL (`remote_http` speaks HTTP, `remote_sparql` builds
  the requests and reads the answers);
- `factory` — `open_store(location)` and `is_remote`, the one place the two are told apart;
- `reader` — `StoreReader`, the read-only view that follows every completed write (pages,
  downloads and query workers);
- `backup` — `coopgraph backup` / `restore`.
"""

from coopgraph.store.checkpoints import read_generation
from coopgraph.store.embedded import GENERATION_FILE, Store
from coopgraph.store.factory import is_remote, open_store
from coopgraph.store.protocol import GraphStore, QueryResult
from coopgraph.store.remote import RemoteStore

__all__ = [
    "GENERATION_FILE",
    "GraphStore",
    "QueryResult",
    "RemoteStore",
    "Store",
    "is_remote",
    "open_store",
    "read_generation",
]
