"""Open the store a `store` setting names: a folder (embedded Oxigraph) or an http(s) URL.

This is the one place that tells the two apart; everything else calls `open_store` (or asks
`is_remote` when it must place files beside the store)."""

from __future__ import annotations

import os

from coopgraph.store.embedded import Store
from coopgraph.store.protocol import GraphStore
from coopgraph.store.remote import RemoteStore


def is_remote(location: str | os.PathLike[str]) -> bool:
    """True when `location` is a SPARQL server URL rather than a folder."""
    return str(location).lower().startswith(("http://", "https://"))


def open_store(location: str | os.PathLike[str], *, read_only: bool = False) -> GraphStore:
    """The embedded store in folder `location`, or the SPARQL server at URL `location`.

    >>> open_store("http://127.0.0.1:1/", read_only=True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    coopgraph.errors.StoreError: SPARQL server http://127.0.0.1:1/... cannot be reached: ...
    """
    if is_remote(location):
        return RemoteStore(str(location), read_only=read_only)
    return Store(location, read_only=read_only)
