"""App factories the benchmark starts with `uvicorn --factory` in subprocesses (both with the same flags).

vnqi_app: vnqi's own app (api.app.create_app), configured only by its VNQI_* environment like `vnqi serve`.
rdflib_app: rdflib-endpoint's SparqlEndpoint over an rdflib Dataset (default graph = union), which is what
`rdflib-endpoint serve FILE` builds; the file is named by BENCH_RDFLIB_DATA.
"""

import os  # no `from __future__ import annotations`: FastAPI resolves bare_app's handler annotations at run time


def vnqi_app():
    """vnqi's app with settings from the environment (VNQI_STORE, VNQI_MAX_ROWS, …)."""
    from api.app import create_app
    from api.settings import Settings

    return create_app(Settings())


def rdflib_app():
    """rdflib-endpoint over the N-Quads file in BENCH_RDFLIB_DATA, loaded into an rdflib Dataset."""
    from rdflib import Dataset
    from rdflib_endpoint import SparqlEndpoint

    dataset = Dataset(default_union=True)
    dataset.parse(os.environ["BENCH_RDFLIB_DATA"], format="nquads")
    return SparqlEndpoint(graph=dataset)


def bare_app():
    """The floor of the HTTP stack: FastAPI under uvicorn answering POST /sparql with a constant ASK result."""
    from fastapi import FastAPI, Request, Response

    app = FastAPI()
    body = b'{"head":{},"boolean":true}'

    @app.get("/health")
    async def health() -> dict:
        return {"status": "ok"}

    @app.post("/sparql")
    async def sparql(request: Request) -> Response:
        await request.body()
        return Response(body, media_type="application/sparql-results+json")

    return app
