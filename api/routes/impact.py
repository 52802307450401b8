"""/impact: what an amendment (or a hypothetical change) affects, as JSON, CSV, RDF or an HTML page with a form."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from rdflib import URIRef
from starlette.concurrency import run_in_threadpool

from api.deps import StoreDep
from api.errors import HttpProblem, status_for
from api.i18n import error_message, pick_lang, translator
from api.impact_request import ImpactQuery, from_json, from_params, run
from api.impact_svg import MAX_NODES, impact_svg, truncated
from api.impact_view import as_json, csv_text, reasons
from api.negotiation import HTML, RDF_FORMATS, Offer, accept_of, choose
from api.openapi_problems import answers
from api.protocol import media_type, read_body
from graph.dependencies import DependencyGraph, dependency_graph
from graph.errors import GraphError, NotFound
from graph.impact import MAX_DEPTH
from graph.impact_amendment import CHANGES, resolve
from graph.impact_model import ImpactReport
from graph.impact_rdf import report_graph, serialize
from graph.query import select
from graph.store.base import Store
from graph.timeline import provision_order

router = APIRouter()
IMPACT_FORMATS = (Offer("json", "application/json"), Offer("csv", "text/csv"), *RDF_FORMATS, HTML)
RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml", "trig": "trig",
                  "nquads": "nquads"}
DOWNLOADS = ("json", "csv", "turtle", "jsonld")
IMPACT_TYPES = tuple(o.media_type for o in RDF_FORMATS)


def pick_format(request: Request) -> Offer:
    """The `format` parameter, else the Accept header; 406 when nothing fits."""
    return choose(request.query_params.get("format"), accept_of(request), IMPACT_FORMATS,
                  "the impact report")


@router.get("/impact", summary="Impact of an amending act or of a hypothetical change",
            responses=answers("application/json", "text/csv", *IMPACT_TYPES, "text/html"))
async def impact_get(request: Request, store: StoreDep) -> Response:
    """?amendment=70/2025/QH15&on=&depth= or ?document=68/2006/QH11&provision=dieu-3&change=&date=&depth="""
    offer = pick_format(request)
    if offer is HTML:
        return await page(request, store, lambda: from_params(request.query_params))
    query = from_params(request.query_params)
    return await run_in_threadpool(answer, request, offer, store, query)


@router.post("/impact", summary="Impact of an amending act or of a hypothetical change (JSON body)",
             responses=answers("application/json", "text/csv", *IMPACT_TYPES, "text/html"))
async def impact_post(request: Request, store: StoreDep) -> Response:
    """{"amendment": …} or {"document": …, "provisions": […], "change": …, "date": …, "depth": n}"""
    offer = pick_format(request)
    if media_type(request) not in ("application/json", ""):
        raise HttpProblem(415, f"send the request as application/json, not {media_type(request)!r}")
    body = await read_body(request, request.app.state.settings.max_body_bytes)
    if offer is HTML:
        return await page(request, store, lambda: from_json(body))
    return await run_in_threadpool(answer, request, offer, store, from_json(body))


def analyse(store: Store, query: ImpactQuery) -> tuple[ImpactReport, DependencyGraph]:
    """The report and the dependency graph that names its entities (blocking)."""
    return run(store, query), dependency_graph(store)


def answer(request: Request, offer: Offer, store: Store, query: ImpactQuery) -> Response:
    """Analyse and render (blocking: run it off the event loop)."""
    report, graph = analyse(store, query)
    return render(request, offer, report, graph)


def render(request: Request, offer: Offer, report: ImpactReport, graph: DependencyGraph) -> Response:
    """JSON, CSV or RDF in the UI language."""
    lang = pick_lang(request)
    if offer.key == "json":
        return JSONResponse(as_json(graph, report, lang))
    if offer.key == "csv":
        return Response(csv_text(graph, report, lang), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="impact.csv"'})
    body = serialize(report_graph(graph, report, reasons(graph, report)), RDFLIB_FORMATS[offer.key])
    return Response(body, media_type=offer.media_type)


async def page(request: Request, store: Store, read: Any) -> Response:
    """The HTML page: the form, and the result or a readable error (4xx) for bad input."""
    lang = pick_lang(request)
    query: ImpactQuery | None = None
    report = error = None
    status = 200
    try:
        query = read()
        if not query.empty and request.query_params.get("step") != "choose":
            report, _ = await run_in_threadpool(analyse, store, query)
    except GraphError as exc:
        if status_for(exc) >= 500:
            raise
        error, status = error_message(exc, lang), status_for(exc)
    context = await run_in_threadpool(page_context, store, query, report, lang)
    context.update({"lang": lang, "t": translator(lang), "error": error, "changes": CHANGES, "max_depth": MAX_DEPTH,
                    "id_base": request.app.state.settings.base_iri + "id/",
                    "downloads": [(key, download_url(request, key)) for key in DOWNLOADS]
                    if request.method == "GET" else []})
    return request.app.state.templates.TemplateResponse(request, "impact.html", context, status_code=status)


def download_url(request: Request, key: str) -> str:
    """This GET request in another format."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("format", "step")]
    return "/impact?" + urlencode([*params, ("format", key)])


def _plain(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Rows with plain strings (rdflib terms do not compare equal to str in templates)."""
    return [{key: str(value) for key, value in row.items()} for row in rows]


def page_context(store: Store, query: ImpactQuery | None, report: ImpactReport | None, lang: str) -> dict[str, Any]:
    """Form choices (documents, acts, provisions of the chosen document) and the report's view (blocking)."""
    graph = dependency_graph(store)
    query = query or ImpactQuery()
    provisions: list[dict[str, Any]] = []
    if query.document:
        try:
            doc = resolve(store, query.document)
            rows = select(store, "document-provisions", doc=URIRef(doc)).dicts()
            unique = {str(r["provision"]) for r in rows}
            provisions = [{"iri": iri, "slug": iri.removeprefix(doc + "/"), "label": graph.entity(iri).label(lang)}
                          for iri in sorted(unique, key=provision_order)]
        except NotFound:
            pass
    return {"query": query, "documents": _plain(select(store, "impact-documents").dicts()),
            "acts": _plain(select(store, "amending-acts").dicts()), "provisions": provisions,
            "view": as_json(graph, report, lang) if report else None,
            "svg": impact_svg(graph, report, lang) if report else None,
            "svg_truncated": bool(report and truncated(report)), "svg_max": MAX_NODES}
