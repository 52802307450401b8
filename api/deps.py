"""Dependencies as Annotated aliases: the seam tests override."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from api.settings import Settings
from graph.errors import StoreUnavailable
from graph.store import Store


def get_store(request: Request) -> Store:
    """The store opened at start-up."""
    return _opened(request, "store")


def get_executor(request: Request) -> Any:
    """The query executor started with the store (worker pool, in process or remote)."""
    return _opened(request, "executor")


def _opened(request: Request, name: str) -> Any:
    """app.state.<name>, or StoreUnavailable (503) naming why nothing was opened at start-up."""
    value = getattr(request.app.state, name, None)
    if value is None:
        why = getattr(request.app.state, "store_error", None)
        raise StoreUnavailable("no graph is loaded" + (f" ({why})" if why else "")
                               + ": run `vnqi build`, then restart the server")
    return value


def get_settings(request: Request) -> Settings:
    """The app's settings."""
    return request.app.state.settings


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
