"""A bounded LRU of results for texts the gateway sees again and again: an application's system prompt on every
request, and each turn of a chat resending its whole history. Scanning those once instead of on every request
turns a conversation's cost from quadratic to linear in its turns. Only short texts are kept, so the memory
bound is ``entries x max_chars``."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class VerdictCache(Generic[T]):
    def __init__(self, entries: int = 4096, max_chars: int = 16384) -> None:
        self.entries = entries
        self.max_chars = max_chars
        self._items: OrderedDict[tuple[Hashable, str], T] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, kind: Hashable, text: str, compute: Callable[[str], T]) -> T:
        if len(text) > self.max_chars:
            return compute(text)
        key = (kind, text)
        with self._lock:  # scans run on the event loop and on worker threads
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                self.hits += 1
                return found
            self.misses += 1
        value = compute(text)  # outside the lock: two threads may compute one text, never block each other
        with self._lock:
            self._items[key] = value
            if len(self._items) > self.entries:
                self._items.popitem(last=False)
        return value
