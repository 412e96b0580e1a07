"""Heavy per-report renders (a report's review with SHACL, a named graph as JSON-LD), built once
per store generation and kept until the next write.

Two rules keep heavy work from starving cheap requests such as ``/healthz``:

- one build per key: concurrent requests for the same render wait for the first one's result
  instead of each running it;
- at most ``threads - 2`` request threads render at once (setting ``threads``): a request that
  finds no free slot within half a second is answered 503 with ``Retry-After``, so at least two
  threads always stay free for health checks and light pages. A cached render needs no slot.

The key includes the generation of the store object the build reads (``Store.generation()``
names its checkpoint), so a render never outlives the data it was made from.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from flask import Flask, current_app
from werkzeug.exceptions import ServiceUnavailable

from coopgraph.store import GraphStore

T = TypeVar("T")
SLOT_WAIT = 0.5  # seconds a request waits for a render slot before it is answered 503
FREE_THREADS = 2  # request threads never given to heavy renders
MAX_ENTRIES = 128  # renders kept per generation (least recently used go first)


class RenderCache:
    def __init__(self, threads: int) -> None:
        self.slots = threading.BoundedSemaphore(max(1, threads - FREE_THREADS))
        self._lock = threading.Lock()
        self._generation: int | None = None
        self._done: OrderedDict[Hashable, Any] = OrderedDict()
        self._building: dict[tuple[int, Hashable], threading.Lock] = {}

    def get(self, generation: int, key: Hashable, build: Callable[[], T]) -> T:
        """The render `key` of store generation `generation`, built by `build` when missing."""
        full = (generation, key)
        found = self._cached(generation, full)
        if found is not None:
            return found
        if not self.slots.acquire(timeout=SLOT_WAIT):
            raise _busy()
        try:
            with self._lock:
                one_build = self._building.setdefault(full, threading.Lock())
            with one_build:  # a second request for the same render waits for the first
                found = self._cached(generation, full)
                if found is not None:
                    return found
                value = build()
                with self._lock:
                    if generation == self._generation:
                        self._done[full] = value
                        while len(self._done) > MAX_ENTRIES:
                            self._done.popitem(last=False)
                    self._building.pop(full, None)
                return value
        finally:
            self.slots.release()

    def _cached(self, generation: int, full: tuple) -> Any:
        with self._lock:
            if generation != self._generation:
                if self._generation is not None and generation < self._generation:
                    return None  # a request still reading an older checkpoint: no caching
                self._generation = generation
                self._done.clear()
                self._building = {k: v for k, v in self._building.items() if k[0] == generation}
            if full in self._done:
                self._done.move_to_end(full)
                return self._done[full]
        return None


def _busy() -> ServiceUnavailable:
    message = "the server is busy rendering other reports; try again in a second"
    return ServiceUnavailable(message, retry_after=1)


def render_cache(app: Flask | None = None) -> RenderCache:
    app = app or current_app
    cache = app.extensions.get("coopgraph.renders")
    if cache is None:
        threads = int(app.config["COOPGRAPH"]["threads"])
        cache = app.extensions.setdefault("coopgraph.renders", RenderCache(threads))
    return cache


def cached_render(store: GraphStore, key: Hashable, build: Callable[[], T]) -> T:
    """`build()` for the store `store` reads from, cached for that store's generation."""
    return render_cache().get(store.generation(), key, build)
