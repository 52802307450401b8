"""Rendered entity pages and their RDF, cached per store version (LRU): a version never changes (a write opens a new
one), and the pages of a version that is gone are dropped with it."""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import Any

from graph.store.base import Store

CACHE_SIZE = 2048  # entity views and pages kept (LRU)
_CACHE: OrderedDict[tuple, tuple[weakref.ref, Any]] = OrderedDict()
_STORES: set[int] = set()  # ids of the live store versions with cached pages
_LOCK = threading.RLock()  # re-entrant: a store's finalizer may run while this thread holds it


def peek(key: tuple, store: Store) -> Any:
    """The cached value for `key` in this store version, or None."""
    key = (id(store), date.today(), *key)
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is not None and hit[0]() is store:
            _CACHE.move_to_end(key)
            return hit[1]
    return None


def _forget(store_id: int) -> None:
    """Drop the cached pages of a store version that is gone (after a write switched to a new one)."""
    with _LOCK:
        _STORES.discard(store_id)
        for key in [k for k in _CACHE if k[0] == store_id]:
            del _CACHE[key]


def cached(key: tuple, store: Store, make: Callable[[], Any]) -> Any:
    """`make()` cached (LRU) per store object: a store version never changes (an update opens a new one)."""
    found = peek(key, store)
    if found is not None:
        return found
    value = make()
    key = (id(store), date.today(), *key)
    with _LOCK:
        if key[0] not in _STORES:  # first page of this version: its pages go when its store does
            _STORES.add(key[0])
            weakref.finalize(store, _forget, key[0])
        _CACHE[key] = (weakref.ref(store), value)  # a weak reference: an old version's store can go
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return value
