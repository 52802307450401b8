"""Dependencies as Annotated aliases: the seam tests override."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.settings import Settings
from graph.errors import StoreUnavailable
from graph.store import Store


def get_store(request: Request) -> Store:
    """The store opened at start-up."""
    store = getattr(request.app.state, "store", None)
    if store is None:
        raise StoreUnavailable("no graph is loaded: run `vnqi build`, then restart the server")
    return store


def get_settings(request: Request) -> Settings:
    """The app's settings."""
    return request.app.state.settings


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
