"""create_app(settings): the FastAPI application factory; the store is opened in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from api import direct_routes, errors, middleware, openapi_problems
from api.i18n import other_lang_href
from api.routes import (
    browse,
    docs,
    entity,
    graphview,
    gsp,
    home,
    impact,
    ops,
    search,
    sparql,
    timeline,
    validation,
)
from api.settings import Settings
from graph import warmup
from graph.build import current_store_path
from graph.errors import StoreUnavailable
from graph.executor import QueryPool
from graph.inprocess import InProcessExecutor
from graph.store import EmbeddedStore, Store, open_store
from graph.store.remote import RemoteStore
from graph.store.remote_executor import RemoteExecutor

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
TEMPLATES.env.globals["other_lang_href"] = other_lang_href
WARMUP_STOP_S = 10.0  # at shutdown, how long a warm-up step under way on a remote store may take to finish
STATIC_DIR = Path(__file__).parent / "static"  # our editor.js; vendor/: front-end libraries copied by `make setup`


def open_configured_store(settings: Settings) -> Store:
    """The store named by the settings, or the current build under var_dir, read-only."""
    if settings.store:
        return open_store(settings.store, read_only=settings.store != "memory:")
    assert settings.var_dir is not None
    return open_store(f"oxigraph:{current_store_path(settings.var_dir)}", read_only=True)


def make_executor(store: Store, settings: Settings) -> QueryPool | InProcessExecutor | RemoteExecutor:
    """Worker processes over an on-disk store (real time limits); in-process for an in-memory store; a remote
    service runs its own queries (with our time limit)."""
    if isinstance(store, RemoteStore):
        return RemoteExecutor(store, timeout_s=settings.query_timeout_s)
    if isinstance(store, EmbeddedStore) and store.path is not None:
        return QueryPool(store.path, workers=settings.query_workers, timeout_s=settings.query_timeout_s,
                         in_memory=settings.query_in_memory, memory_mb=settings.query_memory_mb,
                         use_jemalloc=settings.query_jemalloc, stream_from=settings.stream_from_bytes)
    assert isinstance(store, EmbeddedStore)
    return InProcessExecutor(store)


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """Build the app; `store` (tests) replaces the configured one."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            app.state.store = store if store is not None else open_configured_store(settings)
            app.state.executor = make_executor(app.state.store, settings)
            if store is None and settings.warm_up and settings.store != "memory:":
                app.state.warmup = warmup.start(app.state.store)
        except StoreUnavailable as exc:
            if store is None and getattr(app.state, "store", None) is not None:
                app.state.store.close()  # opened, but its query workers could not start
            app.state.store = app.state.executor = None
            app.state.store_error = str(exc)
        yield
        if app.state.warmup is not None:  # no step may use a remote store once closed (it would reconnect)
            app.state.warmup.stop(WARMUP_STOP_S if isinstance(app.state.store, RemoteStore) else 0)
        if app.state.executor is not None:
            app.state.executor.close()
        if store is None and app.state.store is not None:  # opened here, so closed here; a given one is the caller's
            app.state.store.close()
        app.state.store = app.state.executor = None

    app = FastAPI(title="vnqi", summary="Knowledge graph of Vietnam's quality infrastructure", lifespan=lifespan,
                  docs_url=None, redoc_url=None)  # /docs is ours: Swagger UI served locally, no CDN
    app.state.settings = settings
    app.state.templates = TEMPLATES
    app.state.store_error = None
    app.state.warmup = None  # graph.warmup.Warmup once started
    errors.install(app)
    direct_routes.install(app)  # inside the middleware: it still wraps every response
    middleware.install(app)
    openapi_problems.install(app)
    for module in (sparql, home, docs, gsp, validation, impact, timeline, search, browse, graphview, ops, entity):  # most asked first
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")
    return app
