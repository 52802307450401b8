"""Direct routes: the app's PlainRoutes on a fixed path (GET and POST /sparql) answered without going through
Starlette's exception middlewares, FastAPI's router and its route wrapper.

The endpoint is the same function, its errors go to the same handlers (api/errors.py, looked up along the
exception's MRO as Starlette does) and api.middleware still wraps it; only the layers that find the route and
catch its errors are skipped. With an instant executor, in process, POST /sparql `ASK {}` took 46 µs through them
and 28 µs here (a bare FastAPI handler: 30); over HTTP, with a query worker, 0.440–0.450 → 0.420–0.434 ms; 8 clients
on a cheap query 2,667–3,061 req/s over four benchmark runs, 2,349–2,744 before (docs/decisions.md 59).

Anything it could not follow goes through FastAPI as before: another path or method, a route the router would
not choose for its path and method (one under a prefix, or after another route that matches the request), an app
served under a root path, a request FastAPI's telemetry follows (the router names its route), and every request of
an app in debug mode, with a middleware added by `add_middleware`, or with an exception handler keyed by a status
code or not a coroutine function.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, NoMatchFound

from api.errors import all_routes
from api.middleware import ASGIApp, Message, Receive, Scope, Send
from api.plain_route import PlainRoute

Endpoint = Callable[[Request], Awaitable[Response]]
Handler = Callable[[Request, Exception], Awaitable[Response]]


def direct_endpoints(app: FastAPI) -> dict[tuple[str, str], Endpoint]:
    """(path, method) → endpoint of each PlainRoute that FastAPI's router chooses for that path and method; none
    when the app has something this path would skip or could not follow: debug pages, a middleware added with
    `add_middleware` (it sits inside), an exception handler keyed by a status code or not a coroutine function."""
    handlers = app.exception_handlers
    if app.debug or app.user_middleware or not all(isinstance(key, type) and inspect.iscoroutinefunction(handler)
                                                   for key, handler in handlers.items()):
        return {}
    return {(route.path, method): route.endpoint  # a PlainRoute has no path parameters (it refuses them)
            for route in all_routes(app.routes) if isinstance(route, PlainRoute) and _served_at(app, route)
            for method in route.methods or () if _chosen(app.routes, route.path, method) is route}


def _served_at(app: FastAPI, route: PlainRoute) -> bool:
    """Whether the app serves the route at its own path (no prefix given when its router was included), its name
    naming no route of another endpoint."""
    if any(other.endpoint is not route.endpoint for other in all_routes(app.routes)
           if getattr(other, "name", None) == route.name and hasattr(other, "endpoint")):
        return False
    try:
        return app.url_path_for(route.name) == route.path
    except NoMatchFound:
        return False


def _chosen(routes: list[BaseRoute], path: str, method: str) -> BaseRoute | None:
    """The route the router chooses for a request of `method` on `path` (the first that matches it fully, looking
    into included routers), or None."""
    probe = {"type": "http", "path": path, "method": method, "root_path": "", "headers": [], "query_string": b""}
    for route in routes:
        if route.matches(probe)[0] is Match.FULL:
            inner = getattr(getattr(route, "original_router", None), "routes", None)
            return _chosen(inner, path, method) if inner is not None else route
    return None


class DirectRoutes:
    """ASGI: call a fixed-path PlainRoute's endpoint directly; pass every other request to `app`."""

    def __init__(self, app: ASGIApp, fastapi: FastAPI) -> None:
        self.app = app
        self.fastapi = fastapi
        self.endpoints = direct_endpoints(fastapi)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The endpoint's response, or its error's handler's; anything not direct goes to the app (a request
        FastAPI's telemetry follows too: the router names its route)."""
        endpoint = None
        if scope["type"] == "http" and not scope.get("root_path") and scope.get("fastapi.telemetry") is None:
            endpoint = self.endpoints.get((scope["path"], scope["method"]))
        if endpoint is None:
            await self.app(scope, receive, send)
            return
        scope["app"] = self.fastapi  # what Starlette and its router set: request.app, request.url_for
        scope.setdefault("router", self.fastapi.router)
        sent = _Tracked(send)
        request = Request(scope, receive, sent)
        try:
            response = await endpoint(request)
            await response(scope, receive, sent)
        except Exception as exc:  # noqa: BLE001 - every error goes to the app's handlers, as behind the router
            await self.answer_error(request, exc, sent)

    async def answer_error(self, request: Request, exc: Exception, sent: _Tracked) -> None:
        """Answer with the app's handler for the nearest class in the exception's MRO; a defect (no other
        handler, or a handler that failed) gets the handler for any error and is raised again for the server's
        log, as Starlette's ServerErrorMiddleware does; once the response has started, nothing is answered."""
        handlers = self.fastapi.exception_handlers
        cls = next(cls for cls in type(exc).__mro__ if cls in handlers or cls is Exception)
        if cls is not Exception and not sent.started:
            try:
                await (await handlers[cls](request, exc))(request.scope, request.receive, sent)
                return
            except Exception as failure:  # noqa: BLE001 - a failing handler is a defect, answered as one below
                exc = failure
        if sent.started or Exception not in handlers:  # the server closes the connection (or answers 500)
            raise exc
        await (await handlers[Exception](request, exc))(request.scope, request.receive, sent)
        raise exc


class _Tracked:
    """An ASGI `send` that knows whether the response has started."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.started = False

    async def __call__(self, message: Message) -> None:
        """Pass the message on."""
        self.started = self.started or message["type"] == "http.response.start"
        await self.send(message)


def install(app: FastAPI) -> None:
    """Put DirectRoutes in front of the app's stack (before api.middleware.install, which wraps it in turn)."""
    build = app.build_middleware_stack
    app.build_middleware_stack = lambda: DirectRoutes(build(), app)  # type: ignore[method-assign]
