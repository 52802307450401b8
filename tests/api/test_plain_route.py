"""PlainRoute (api/plain_route.py): /sparql is called with the Request as it is, stays in the OpenAPI description,
and a PlainRoute endpoint that declares parameters or dependencies (which it would silently ignore) is refused."""

from __future__ import annotations

import pytest
from fastapi import APIRouter, Depends, Request

from api.app import create_app
from api.plain_route import PlainRoute
from api.settings import Settings


def test_sparql_stays_in_the_openapi_description() -> None:
    paths = create_app(Settings(store="memory:")).openapi()["paths"]
    assert {"get", "post"} <= set(paths["/sparql"])


def needs_a_token() -> str:
    return "token"


@pytest.mark.parametrize("declare", [
    lambda r: r.get("/q")(lambda q: None),
    lambda r: r.get("/d", dependencies=[Depends(needs_a_token)])(lambda request: None),
    lambda r: r.get("/p/{item}")(lambda item: None),
], ids=["query parameter", "dependency", "path parameter"])
def test_an_endpoint_with_parameters_or_dependencies_is_refused(declare) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TypeError, match="takes only the Request"):
        declare(APIRouter(route_class=PlainRoute))


def test_an_endpoint_taking_the_request_is_accepted() -> None:
    router = APIRouter(route_class=PlainRoute)

    @router.get("/ok")
    async def ok(request: Request) -> None:
        return None

    assert [route.path for route in router.routes] == ["/ok"]  # type: ignore[attr-defined]
