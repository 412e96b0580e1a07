"""Open the store a `store` setting names: a folder (embedded Oxigraph) or an http(s) URL."""

from __future__ import annotations

from coopgraph.remote_store import RemoteStore
from coopgraph.store import Store


def is_remote(location: str) -> bool:
    """True when `location` is a SPARQL server URL rather than a folder."""
    return str(location).lower().startswith(("http://", "https://"))


def open_store(location: str, *, read_only: bool = False) -> Store | RemoteStore:
    """The embedded store in folder `location`, or the SPARQL server at URL `location`.

    >>> open_store("http://127.0.0.1:1/", read_only=True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    coopgraph.errors.StoreError: SPARQL server http://127.0.0.1:1/... cannot be reached: ...
    """
    if is_remote(location):
        return RemoteStore(str(location), read_only=read_only)
    return Store(location, read_only=read_only)
