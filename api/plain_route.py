"""PlainRoute: an APIRoute (documented in the OpenAPI description) whose endpoint takes the Request as it is."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response


class PlainRoute(APIRoute):
    """A route whose endpoint is `async def endpoint(request: Request) -> Response` and is called directly: no
    dependencies to solve, no body to parse, no response model to apply. FastAPI's own handler spent about 20 µs on
    those for each request, a tenth of a cheap query's time over HTTP on /sparql (bench/results/)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, endpoint, **kwargs)
        dependant = self.dependant
        if self.dependencies or dependant.dependencies or dependant.path_params or dependant.query_params \
                or dependant.header_params or dependant.cookie_params or dependant.body_params:
            raise TypeError(f"{path}: a PlainRoute's endpoint takes only the Request (its dependencies and "
                            "parameters would be ignored)")

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """The endpoint itself."""
        return self.endpoint
