"""open_store(url): the only place a store backend is chosen."""

from __future__ import annotations

from pathlib import Path

from graph.errors import StoreUnavailable
from graph.store.base import Rows, Store
from graph.store.embedded import EmbeddedStore

__all__ = ["EmbeddedStore", "Rows", "Store", "open_store"]


def open_store(url: str, read_only: bool = False) -> Store:
    """Open a store from a URL: 'memory:', 'oxigraph:<dir>' or an http(s):// SPARQL service (RemoteStore)."""
    if url == "memory:":
        return EmbeddedStore(None)
    if url.startswith("oxigraph:"):
        if not url.removeprefix("oxigraph:").strip():
            raise StoreUnavailable("'oxigraph:' needs a directory: oxigraph:<dir>")
        path = Path(url.removeprefix("oxigraph:"))
        if read_only and not path.exists():
            raise StoreUnavailable(f"no store at {path}: run `vnqi build` first")
        return EmbeddedStore(path, read_only=read_only)
    if url.startswith(("http://", "https://")):
        from graph.store.remote import RemoteStore

        return RemoteStore(url, read_only=read_only)
    raise StoreUnavailable(f"unsupported store URL {url!r}: use 'memory:', 'oxigraph:<dir>' or http(s)://…")
