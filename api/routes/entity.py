"""/id/{path}: every entity IRI answers at its path — an HTML page for browsers, its RDF description (Turtle,
JSON-LD, N-Triples, RDF/XML) by Accept or by extension; ?at=YYYY-MM-DD for a legal document's state on a date."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.deps import SettingsDep, StoreDep
from api.entity_cache import cached, peek
from api.entity_links import local_href
from api.entity_view import entity_view
from api.errors import HttpProblem, problem, status_for
from api.i18n import error_message, path_of, pick_lang, translator
from api.impact_request import parse_date
from api.negotiation import HTML, Offer, accept_of, negotiate
from graph.entity import description, display_name, exists
from graph.errors import GraphError
from graph.store.base import Store

router = APIRouter()
FORMATS = (  # extension, offer, rdflib serializer
    ("ttl", Offer("turtle", "text/turtle", ("application/x-turtle",)), "turtle"),
    ("jsonld", Offer("jsonld", "application/ld+json", ("application/json",)), "json-ld"),
    ("nt", Offer("ntriples", "application/n-triples", ("text/plain",)), "nt"),
    ("rdf", Offer("rdfxml", "application/rdf+xml", ("application/xml", "text/xml")), "xml"),
)
OFFERS = (HTML, *(offer for _, offer, _ in FORMATS))
BY_EXT = {ext: offer for ext, offer, _ in FORMATS} | {"html": HTML}
SERIALIZER = {offer.key: fmt for _, offer, fmt in FORMATS}
EXT = {offer.key: ext for ext, offer, _ in FORMATS}


def split_ext(path: str) -> tuple[str, Offer | None]:
    """(entity path, the format its extension names or None): slugs have no dots, so a final .ext is a format."""
    stem, dot, ext = path.rpartition(".")
    if dot and "/" not in ext and ext in BY_EXT:
        return stem, BY_EXT[ext]
    return path, None


def link_header(path: str, iri: str) -> str:
    """Link: each format's URL and type as rel="alternate", and the entity IRI as rel="canonical"."""
    links = [f'</id/{path}>; rel="alternate"; type="text/html"']
    links += [f'</id/{path}.{ext}>; rel="alternate"; type="{offer.media_type}"' for ext, offer, _ in FORMATS]
    return ", ".join(links + [f'<{iri}>; rel="canonical"'])


def rdf_body(store: Store, iri: str, offer: Offer) -> bytes:
    """The entity's description serialised (blocking)."""
    return description(store, iri).serialize(format=SERIALIZER[offer.key], encoding="utf-8")


def suggestions(store: Store, path: str, lang: str, id_base: str) -> list[dict[str, Any]]:
    """Search hits for the last segment of an unknown path, dropping its last words until something is found
    (`doc/68-2006-qh99` → "68 2006 qh99", then "68 2006"); none when graph.search is not available."""
    words = path.rstrip("/").rsplit("/", 1)[-1].split("-")
    try:
        from graph.search import index_for  # H-search's module

        index = index_for(store)
        hits: list[Any] = []
        for n in range(len(words), max(len(words) - 3, 0), -1):  # at most three searches
            hits = list(index.search(" ".join(words[:n]), lang=lang, limit=5).hits)
            if hits:
                break
    except Exception:  # noqa: BLE001 — a 404 page must not fail because search does
        hits = []
    found = [{"label": h.label, "type_label": h.type_label, "href": local_href(h.iri, id_base)} for h in hits]
    parent = nearest_ancestor(store, path, lang, id_base)  # doc/68-2006-qh11/dieu-999 → the law first
    return ([parent] if parent else []) + [h for h in found if not parent or h["href"] != parent["href"]]


def nearest_ancestor(store: Store, path: str, lang: str, id_base: str) -> dict[str, Any] | None:
    """The closest entity whose path the unknown path extends (the law of an article that does not exist)."""
    parts = path.strip("/").split("/")
    for n in range(len(parts) - 1, 1, -1):
        iri = id_base + "/".join(parts[:n])
        if exists(store, iri):
            return {"label": display_name(store, iri, lang), "type_label": None, "href": "/id/" + "/".join(parts[:n])}
    return None


async def error_page(request: Request, store: Store, exc: GraphError, path: str, lang: str) -> Response:
    """A readable HTML page for a 4xx (with search suggestions for a 404)."""
    status = status_for(exc)
    id_base = request.app.state.settings.base_iri + "id/"
    hits = await run_in_threadpool(suggestions, store, path, lang, id_base) if status == 404 else []
    context = {"lang": lang, "t": translator(lang), "status": status, "message": error_message(exc, lang), "hits": hits,
               "iri": id_base + path,
               "query": path.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")}
    return request.app.state.templates.TemplateResponse(request, "not_found.html", context, status_code=status)


ENTITY_RESPONSES: dict[int | str, dict] = {
    200: {"content": {"text/html": {}, "text/turtle": {}, "application/ld+json": {}, "application/n-triples": {},
                      "application/rdf+xml": {}}},
    404: {"description": "Unknown entity: an HTML page with search suggestions, or a problem",
          "content": {"text/html": {}, "application/problem+json": {}}},
}


@router.get("/id/{path:path}", summary="An entity: HTML page or RDF description", operation_id="entity_get",
            response_class=Response, responses=ENTITY_RESPONSES)
@router.head("/id/{path:path}", summary="An entity's headers (as GET, without the body)", operation_id="entity_head",
             response_class=Response, responses=ENTITY_RESPONSES)  # documented; api.middleware answers it as GET
async def entity(path: str, request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """HTML for browsers; Turtle, JSON-LD, N-Triples or RDF/XML by Accept or by .ttl/.jsonld/.nt/.rdf; a path with
    a trailing slash redirects to the one without, as the other pages' routes do."""
    if path.endswith("/") and path.strip("/"):
        raw = request.scope.get("query_string", b"").decode("latin-1")  # as sent (request.url may be cut at a %3F)
        query = f"?{raw}" if raw else ""
        return RedirectResponse(path_of(request).rstrip("/") + query, status_code=307)
    path, by_ext = split_ext(path)
    offer = by_ext or negotiate(accept_of(request), OFFERS)
    if offer is None:
        raise HttpProblem(406, "no acceptable format for an entity", offered=[o.media_type for o in OFFERS])
    iri, lang = settings.base_iri + "id/" + path, pick_lang(request)
    headers = {"Link": link_header(path, iri)}
    if by_ext is None:
        headers["Vary"] = "Accept, Accept-Language, Cookie" if offer is HTML else "Accept"
        headers["Content-Location"] = f"/id/{path}" + (f".{EXT[offer.key]}" if offer is not HTML else "")
    try:
        day = parse_date(request.query_params.get("at"), "at")
        if offer is not HTML:
            key = ("rdf", iri, offer.key)
            data = peek(key, store) or await run_in_threadpool(cached, key, store, lambda: rdf_body(store, iri, offer))
            return Response(data, media_type=offer.media_type, headers=headers)
        id_base, query = settings.base_iri + "id/", dict(request.query_params)
        key = ("html", path, lang, tuple(sorted(query.items())), day, id_base)
        body = peek(key, store) or await run_in_threadpool(cached, key, store, lambda: html_page(
            request, store, path, day, lang, id_base))
    except GraphError as exc:
        if status_for(exc) >= 500:
            raise
        if offer is not HTML:
            return problem(exc)
        return await error_page(request, store, exc, path, lang)
    return HTMLResponse(body, headers=headers)


def html_page(request: Request, store: Store, path: str, day: date | None, lang: str, id_base: str) -> str:
    """The rendered page (blocking); the route caches it per store version, URL, language and day."""
    view = entity_view(store, id_base + path, lang, dict(request.query_params), f"/id/{path}", day, id_base)
    context = {"request": request, "lang": lang, "t": translator(lang), "view": view}
    return request.app.state.templates.get_template("entity.html").render(context)
