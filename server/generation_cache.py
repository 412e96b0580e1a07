"""Answers kept for one store generation, least recently used first within a budget.

Every cache of the server's answers has the same life: its entries are good while the store's
generation stays, the first answer of a newer generation drops them all, and an answer read
from a checkpoint already replaced is not kept. What an entry weighs (bytes of a written
answer, rows of a kept SELECT) is the cache's `size` function.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class GenerationCache:
    """Answers by (generation, key) out of a budget of `max_size` units, an answer's units given
    by `size` (the entry itself counts one more); 0 keeps nothing."""

    def __init__(self, max_size: int, size: Callable[[Any], int] = len) -> None:
        self.max_size = max(0, int(max_size))
        self._size_of = lambda answer: size(answer) + 1
        self._lock = threading.Lock()
        self._generation: int | None = None
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._size = 0
        self.hits = 0  # answers served from the cache (for diagnostics and tests)
        self.misses = 0

    def get(self, generation: int, key: Hashable) -> Any:
        with self._lock:
            found = self._entries.get(key) if generation == self._generation else None
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found

    def put(self, generation: int, key: Hashable, answer: Any) -> None:
        size = self._size_of(answer)
        if size > self.max_size // 4:  # one answer may not flush the rest
            return
        with self._lock:
            if self._generation is not None and generation < self._generation:
                return  # read from a checkpoint already replaced: not worth keeping
            if generation != self._generation:
                self._generation, self._size = generation, 0
                self._entries.clear()
            old = self._entries.pop(key, None)
            self._size += size - (0 if old is None else self._size_of(old))
            self._entries[key] = answer
            while self._size > self.max_size:
                _, dropped = self._entries.popitem(last=False)
                self._size -= self._size_of(dropped)
